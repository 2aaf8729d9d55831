import * as path from "node:path";
import { requireFromFirst } from "./file-names";

/**
 * A package keystash works with but does not depend on (a cloud SDK, ts-morph, unplugin, the
 * TypeScript API): the app's own, from `root`, else one installed beside keystash.
 * @returns the module, or undefined when neither place has it.
 */
export function loadAppPackage<T>(name: string, root: string): T | undefined {
  return requireFromFirst<T>(name, [path.join(root, "package.json"), __filename]);
}
