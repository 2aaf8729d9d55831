import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import type * as TS from "typescript";
import { requireWithCodeCache } from "./code-cache";
import { UserError } from "./errors";

let cached: typeof TS | undefined;
let saveCodeCache: () => void = () => undefined;

/** Writes TypeScript's V8 code cache when it was compiled afresh (call once the analysis is done). */
export function saveTypeScriptCodeCache(): void {
  saveCodeCache();
  saveCodeCache = () => undefined;
}

function hasCompilerApi(candidate: unknown): candidate is typeof TS {
  return typeof (candidate as typeof TS | undefined)?.createSourceFile === "function";
}

/**
 * The TypeScript compiler API the CLI parses with: the app's own `typescript` when it has
 * the JavaScript API (5.x/6.x), else the one installed beside keystash.
 * @throws UserError when neither is installed (typescript@7 has no JavaScript API).
 */
export function loadTypeScript(appRoot: string): typeof TS {
  if (cached) return cached;
  const places = [path.join(appRoot, "package.json"), __filename];
  // Compiled through V8's code cache in the app's node_modules/.cache (when it has node_modules).
  const modules = path.join(appRoot, "node_modules");
  const cacheDir = fs.existsSync(modules) ? path.join(modules, ".cache/keystash") : undefined;
  for (const place of places) {
    let file: string;
    try {
      file = createRequire(place).resolve("typescript");
    } catch {
      continue; // not installed there; try the next place
    }
    const loaded = requireWithCodeCache(file, cacheDir);
    if (hasCompilerApi(loaded.exports)) {
      saveCodeCache = loaded.save;
      return (cached = loaded.exports);
    }
  }
  throw new UserError(
    "analyzer: the TypeScript compiler API is not installed (typescript >=5.0 <6.1; typescript@7 has no JavaScript API)",
    "install it beside keystash: npm install --save-dev typescript@6",
  );
}
