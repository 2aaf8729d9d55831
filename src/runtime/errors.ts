/**
 * What keystash's runtime throws, by class, so an app can tell keystash's errors from its own:
 *
 * ```ts
 * import { KeystashError, SecretNotSetError } from "keystash";
 * try { token(); } catch (error) { if (error instanceof SecretNotSetError) … }
 * ```
 *
 * `instanceof` works across copies of keystash in one process (a bundle's and node_modules'):
 * it checks a brand that every copy sets, not the class object.
 */
import type { Fix } from "../project/fix";
import type { StoreProblem } from "../store/problem";

const BRAND = Symbol.for("keystash.error");

/** Stable names for what went wrong, for code that prefers a string to a class. */
export type KeystashErrorCode = "startup" | "not-set" | "invalid-name" | "store";

/** The base of every error keystash's runtime throws. */
export class KeystashError extends Error {
  /** Set on each subclass: the code its instances carry. */
  static readonly errorCode: KeystashErrorCode | undefined = undefined;
  readonly code: KeystashErrorCode;

  constructor(code: KeystashErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
    Object.defineProperty(this, BRAND, { value: code });
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    if (typeof value !== "object" || value === null) return false;
    const code = (value as { [BRAND]?: unknown })[BRAND];
    if (typeof code !== "string") return false;
    return this.errorCode === undefined || this.errorCode === code;
  }
}

/**
 * The app cannot start with the secrets it declares: the environment cannot be told, a value is
 * missing or empty outside local, a service is unknown, the manifest is unreadable. One line per
 * problem; no stack trace unless KEYSTASH_DEBUG=1 (the trace is keystash's, not the app's).
 */
export class KeystashStartupError extends KeystashError {
  static override readonly errorCode = "startup";
  constructor(message: string, options?: { cause?: unknown }) {
    super("startup", message, options);
    if (process.env.KEYSTASH_DEBUG !== "1") Object.defineProperty(this, "stack", { value: `${this.name}: ${message}`, configurable: true, writable: true });
  }
}

/** A secret read in a non-local environment that has no value for it. */
export class SecretNotSetError extends KeystashError {
  static override readonly errorCode = "not-set";
  constructor(
    /** The secret's name. */
    readonly secret: string,
    /** The environment's name. */
    readonly environment: string,
  ) {
    super("not-set", `secret ${secret} is not set in environment ${environment}`);
  }
}

/** `secret(name)` with a name the analyzer rejects (KS1006), or a hostile name in a manifest. */
export class InvalidSecretNameError extends KeystashError {
  static override readonly errorCode = "invalid-name";
  constructor(message: string) {
    super("invalid-name", message);
  }
}

/**
 * The store could not give a value: tampered or corrupted, unreadable with this identity, a bad
 * `.secrets.local.cue`. `problem` names the store's refusal when it was one (`"tampered"`,
 * `"corrupt"`, `"not-a-reader"`, `"type-changed"`, …) and `fix` says what fixes it, as data.
 */
export class KeystashStoreError extends KeystashError {
  static override readonly errorCode = "store";
  readonly problem: StoreProblem | undefined;
  readonly fix: Fix | undefined;
  constructor(message: string, options?: { cause?: unknown; problem?: StoreProblem; fix?: Fix }) {
    super("store", message, options);
    this.problem = options?.problem;
    this.fix = options?.fix;
  }
}
