/**
 * Each store refusal's stable name (store/errors.ts), for code that prefers a string to a class.
 * Its own module, importing nothing: the runtime's public types carry it, and an app's compiler
 * must not have to read the store's types (and their dependencies) to check them.
 */
export type StoreProblem = "unknown-secret" | "no-value" | "no-version" | "overlap" | "no-recipients" | "not-a-recipient" | "type-changed" | "tampered" | "not-a-reader" | "corrupt" | "not-confirmed";
