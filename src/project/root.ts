import * as fs from "node:fs";
import * as path from "node:path";
import { UserError } from "./errors";
import { CONFIG_FILE } from "./file-names";

/**
 * The app root: `override` when given, else the nearest directory at or above `cwd`
 * holding keystash.yaml, else the nearest holding package.json, else `cwd`.
 * @throws UserError when `override` is not a directory.
 */
export function findAppRoot(cwd: string, override?: string): string {
  if (override !== undefined) {
    const root = path.resolve(cwd, override);
    if (!fs.statSync(root, { throwIfNoEntry: false })?.isDirectory()) {
      throw new UserError(`--root: ${override} is not a directory`);
    }
    return root;
  }
  let packageRoot: string | undefined;
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, CONFIG_FILE))) return dir;
    if (!packageRoot && fs.existsSync(path.join(dir, "package.json"))) packageRoot = dir;
    if (path.dirname(dir) === dir) break;
  }
  return packageRoot ?? path.resolve(cwd);
}
