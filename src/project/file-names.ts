import * as fs from "node:fs";
import * as path from "node:path";

/** The config file's name at the app root. */
export const CONFIG_FILE = "keystash.yaml";

/** The store's path relative to the app root. */
export const STORE_FILE = ".keystash/store.yaml";

/** The manifest's default name at the app root (and in a build's outDir). */
export const MANIFEST_FILE = "keystash.manifest.json";

/** The nearest path `dir/file` at or above `start` that exists, or undefined. */
export function findUp(start: string, file: string): string | undefined {
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, file);
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** What marks an app root at or above `start`: the nearest keystash.yaml, else the nearest package.json. */
export function appRootMarker(start: string): string | undefined {
  return findUp(start, CONFIG_FILE) ?? findUp(start, "package.json");
}

/**
 * `name` resolved from the first of `anchors` (absolute files) where it is installed. Only "not
 * installed there" moves on to the next anchor; any other failure (an error inside the package,
 * one of its own dependencies missing) is the package's to report. The runtime loads its store
 * tier this way too (this module is one it loads at start-up anyway), so node:module is taken
 * only when a package is needed.
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
