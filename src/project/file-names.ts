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
