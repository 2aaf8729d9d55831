/**
 * A module loaded on first use, so start-up pays only for the code that runs:
 *
 * ```ts
 * const yaml = lazy(() => require("./vendor/yaml") as typeof import("yaml"));
 * yaml().parse(text); // loads yaml on the first call
 * ```
 *
 * Every `require()` in src goes through this (the `no-restricted-syntax` rule in
 * eslint.config.mjs), declared at module level where a reader sees what a file may load;
 * test/runtime/startup-modules.test.ts pins what the runtime loads at start-up.
 */
export function lazy<T>(load: () => T): () => T {
  let loaded: { module: T } | undefined;
  return () => (loaded ??= { module: load() }).module;
}
