import { loadConfig, type Config } from "../project/config";
import { ensureMergeDriver } from "../project/merge-setup";
import { findAppRoot } from "../project/root";
import { currentIo } from "./io";

/** Where a command runs: the app root and its config. */
export interface AppContext {
  root: string;
  config: Config;
}

/**
 * Finds the app root (honouring `--root`) and loads its keystash.yaml. A clone whose git config
 * lacks the store's merge driver (which .gitattributes names) gets it here.
 */
export function appContext(options: { root?: string }): AppContext {
  const root = findAppRoot(currentIo().cwd, options.root);
  const config = loadConfig(root);
  ensureMergeDriver(root);
  return { root, config };
}
