import * as fs from "node:fs";
import * as path from "node:path";
import { UserError } from "./errors";
import { appRootMarker, CONFIG_FILE } from "./file-names";

/**
 * The app root: `override` when given, else the nearest directory at or above `cwd`
 * holding keystash.yaml, else the nearest holding package.json. Never a random folder.
 * @throws UserError when `override` is not a directory, or when no folder at or above `cwd`
 *   holds either file (naming where it looked).
 */
export function findAppRoot(cwd: string, override?: string): string {
  if (override !== undefined) {
    const root = path.resolve(cwd, override);
    if (!fs.statSync(root, { throwIfNoEntry: false })?.isDirectory()) {
      throw new UserError(`--root: ${override} is not a directory`);
    }
    return root;
  }
  const marker = appRootMarker(cwd);
  if (marker) return path.dirname(marker);
  throw new NoAppRootError(path.resolve(cwd));
}

/** No folder at or above `searched` holds keystash.yaml or package.json. */
export class NoAppRootError extends UserError {
  constructor(readonly searched: string) {
    super(`no app root: no ${CONFIG_FILE} or package.json in ${searched} or any folder above it`, "run keystash inside your app (the folder with package.json), or pass --root DIR");
  }
}
