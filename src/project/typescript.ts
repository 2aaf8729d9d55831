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
 * Where a JavaScript TypeScript API may be installed, in order: the app's own `typescript`
 * (5.x/6.x: the app's compiler, so the analyzer reads what it compiles), then
 * `@typescript/typescript6` (the TypeScript 6 API that TypeScript 7 apps install for tools),
 * then the same two beside keystash. TypeScript 7 itself has no JavaScript API and is passed over.
 */
const CANDIDATES = ["typescript", "@typescript/typescript6"] as const;

/**
 * The TypeScript compiler API the CLI parses with (see CANDIDATES): the parser never depends on
 * the app's compiler version, so an app on TypeScript 7 analyses with the TypeScript 6 API.
 * @throws UserError when none is installed, saying what to install.
 */
export function loadTypeScript(appRoot: string): typeof TS {
  if (cached) return cached;
  const places = [path.join(appRoot, "package.json"), __filename];
  // Compiled through V8's code cache in the app's node_modules/.cache (when it has node_modules).
  const modules = path.join(appRoot, "node_modules");
  const cacheDir = fs.existsSync(modules) ? path.join(modules, ".cache/keystash") : undefined;
  let native: string | undefined;
  for (const place of places) {
    for (const name of CANDIDATES) {
      let file: string;
      try {
        file = createRequire(place).resolve(name);
      } catch {
        continue; // not installed there; try the next place
      }
      const loaded = requireWithCodeCache(file, cacheDir);
      if (hasCompilerApi(loaded.exports)) {
        saveCodeCache = loaded.save;
        return (cached = loaded.exports);
      }
      if (name === "typescript") native ??= nativeTypeScript(place);
    }
  }
  throw new UserError(
    native
      ? `analyzer: this app uses TypeScript ${native}, which has no JavaScript API, and the TypeScript 6 API is not installed beside it`
      : "analyzer: no TypeScript compiler API is installed (typescript 5.x or 6.x, or @typescript/typescript6)",
    "install the TypeScript 6 API for tools (it leaves your compiler as it is): npm install --save-dev @typescript/typescript6",
  );
}

/** The version of an installed `typescript` whose entry point has no compiler API (TypeScript 7's only says its version). */
function nativeTypeScript(place: string): string | undefined {
  try {
    const manifest = createRequire(place)("typescript/package.json") as { version?: unknown };
    return typeof manifest.version === "string" ? manifest.version : "7";
  } catch {
    return undefined;
  }
}
