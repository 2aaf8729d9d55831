import { createRequire } from "node:module";
import * as path from "node:path";

/**
 * A package keystash works with but does not depend on (a cloud SDK, ts-morph, unplugin, the
 * TypeScript API): the app's own, from `root`, else one installed beside keystash. Only "not
 * installed there" moves on to the next place; any other failure is the package's to report.
 * @returns the module, or undefined when neither place has it.
 */
export function loadAppPackage<T>(name: string, root: string): T | undefined {
  for (const from of [path.join(root, "package.json"), __filename]) {
    try {
      return createRequire(from)(name) as T;
    } catch (error) {
      if (!isNotFound(error, name)) throw error;
    }
  }
  return undefined;
}

/** Whether `error` says that `name` itself is missing (not one of its own dependencies). */
function isNotFound(error: unknown, name: string): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return (code === "MODULE_NOT_FOUND" || code === "ERR_MODULE_NOT_FOUND") && String((error as Error).message).includes(`'${name}'`);
}
