import { defaultConfig, loadConfig, type Config } from "../project/config";
import { UserError } from "../project/errors";
import { ensureMergeDriver } from "../project/merge-setup";
import { findAppRoot } from "../project/root";
import { currentIo } from "./io";

/** Where a command runs: the app root and its config. */
export interface AppContext {
  root: string;
  config: Config;
}

/**
 * Finds the app root (honouring `--root`) and loads its keystash.yaml. Reading commands write
 * nothing (a `check` in CI leaves `.git/config` as it was); commands that write the store pass
 * `writesStore`, and a clone whose git config lacks the store's merge driver (which
 * .gitattributes names) gets it then, before its first change to the store can be merged.
 */
export function appContext(options: { root?: string }, use: { writesStore?: boolean } = {}): AppContext {
  const root = findAppRoot(currentIo().cwd, options.root);
  const config = loadConfig(root);
  if (use.writesStore) ensureMergeDriver(root);
  return { root, config };
}

/**
 * For `scan`, which works in any folder: the app's context when there is an app, else the
 * working directory with the default config (no scan.ignore).
 */
export function scanContext(options: { root?: string }): AppContext {
  try {
    return appContext(options);
  } catch (error) {
    if (options.root !== undefined || !(error instanceof UserError) || !/^no app root/.test(error.message)) throw error;
    return { root: currentIo().cwd, config: defaultConfig() };
  }
}
