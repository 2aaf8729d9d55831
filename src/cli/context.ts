import { loadConfig, type Config } from "../project/config";
import { findAppRoot } from "../project/root";
import { currentIo } from "./io";

/** Where a command runs: the app root and its config. */
export interface AppContext {
  root: string;
  config: Config;
}

/** Finds the app root (honouring `--root`) and loads its keystash.yaml. */
export function appContext(options: { root?: string }): AppContext {
  const root = findAppRoot(currentIo().cwd, options.root);
  return { root, config: loadConfig(root) };
}
