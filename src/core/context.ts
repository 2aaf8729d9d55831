import * as fs from "node:fs";
import * as path from "node:path";
import { CONFIG_FILE, defaultConfig, loadConfig, type Config } from "../project/config";
import { UserError } from "../project/errors";
import { ensureMergeDriver } from "../project/merge-setup";
import { findAppRoot, NoAppRootError } from "../project/root";

/** Where a use case runs: the app root, its config, and the folder it was started from. */
export interface AppContext {
  root: string;
  config: Config;
  /** The working directory relative paths given by the user (`--manifest`) are read from. */
  cwd: string;
}

/**
 * Finds the app root from `cwd` (honouring `--root`) and loads its keystash.yaml. Reading writes
 * nothing (a `check` in CI leaves `.git/config` as it was); use cases that write the store pass
 * `writesStore`, and a clone whose git config lacks the store's merge driver (which
 * .gitattributes names) gets it then, before its first change to the store can be merged.
 */
export function openApp(cwd: string, options: { root?: string }, use: { writesStore?: boolean } = {}): AppContext {
  const root = findAppRoot(cwd, options.root);
  // Writing needs an app that is set up (keystash.yaml with its recipients): say so, and write nothing.
  if (use.writesStore && !fs.existsSync(path.join(root, CONFIG_FILE))) {
    throw new UserError(`no ${CONFIG_FILE} in ${root}: keystash is not set up in this app yet`, undefined, { fix: { kind: "setUp" } });
  }
  const config = loadConfig(root);
  if (use.writesStore) ensureMergeDriver(root);
  return { root, config, cwd };
}

/**
 * For `scan`, which works in any folder: the app's context when there is an app, else the
 * working directory with the default config (no scan.ignore).
 */
export function openAnyFolder(cwd: string, options: { root?: string }): AppContext {
  try {
    return openApp(cwd, options);
  } catch (error) {
    if (!(error instanceof NoAppRootError)) throw error;
    return { root: cwd, config: defaultConfig(), cwd };
  }
}
