import * as path from "node:path";

/**
 * A package keystash works with but does not depend on (a cloud SDK, ts-morph, unplugin, the
 * TypeScript API): the app's own, from `root`, else one installed beside keystash.
 * @returns the module, or undefined when neither place has it.
 */
export function loadAppPackage<T>(name: string, root: string): T | undefined {
  return requireFromFirst<T>(name, [path.join(root, "package.json"), __filename]);
}

/**
 * `name` resolved from the first of `anchors` (absolute files) where it is installed. Only "not
 * installed there" moves on to the next anchor; any other failure (an error inside the package,
 * one of its own dependencies missing) is the package's to report. The runtime loads its store
 * tier this way too, so node:module is taken when needed, not at start-up.
 * @returns the module, or undefined when no anchor has it.
 */
export function requireFromFirst<T>(name: string, anchors: readonly string[]): T | undefined {
  const { createRequire } = process.getBuiltinModule("node:module");
  for (const anchor of anchors) {
    try {
      return createRequire(anchor)(name) as T;
    } catch (error) {
      if (!isMissingPackage(error, name)) throw error;
    }
  }
  return undefined;
}

/** Whether `error` says that `name` itself is missing (not one of its own dependencies). */
function isMissingPackage(error: unknown, name: string): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return (code === "MODULE_NOT_FOUND" || code === "ERR_MODULE_NOT_FOUND") && String((error as Error).message).includes(`'${name}'`);
}
