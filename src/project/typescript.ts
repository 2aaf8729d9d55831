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

/** Where a TypeScript API may be: a package by name, or (`via`) the `typescript` that package itself loads. */
export type TypeScriptCandidate = string | { via: string };

/**
 * The first TypeScript compiler API installed: for each place (a file to resolve from), each
 * candidate in order, loaded with `load` (the CLI compiles it through V8's code cache). A
 * package that resolves but has no JavaScript API (TypeScript 7) is passed over, and its
 * version reported when nothing else is found.
 */
export function findTypeScript(places: readonly string[], candidates: readonly TypeScriptCandidate[], load: (file: string) => unknown): { api: typeof TS } | { native: string | undefined } {
  let native: string | undefined;
  for (const place of places) {
    for (const candidate of candidates) {
      let file: string;
      try {
        file = typeof candidate === "string" ? createRequire(place).resolve(candidate) : createRequire(createRequire(place).resolve(candidate.via)).resolve("typescript");
      } catch {
        continue; // not installed there; try the next place
      }
      const api = load(file);
      if (hasCompilerApi(api)) return { api };
      native ??= nativeTypeScript(file);
    }
  }
  return { native };
}

/**
 * The TypeScript compiler API the CLI parses with (see CANDIDATES): the parser never depends on
 * the app's compiler version, so an app on TypeScript 7 analyses with the TypeScript 6 API.
 * @throws UserError when none is installed, saying what to install.
 */
export function loadTypeScript(appRoot: string): typeof TS {
  if (cached) return cached;
  // Compiled through V8's code cache in the app's node_modules/.cache (when it has node_modules).
  const modules = path.join(appRoot, "node_modules");
  const cacheDir = fs.existsSync(modules) ? path.join(modules, ".cache/keystash") : undefined;
  let save = saveCodeCache;
  const found = findTypeScript([path.join(appRoot, "package.json"), __filename], CANDIDATES, (file) => {
    const loaded = requireWithCodeCache(file, cacheDir);
    save = loaded.save;
    return loaded.exports;
  });
  if ("api" in found) {
    saveCodeCache = save; // the last one loaded is the one found
    return (cached = found.api);
  }
  throw new UserError(
    found.native
      ? `analyzer: this app uses TypeScript ${found.native}, which has no JavaScript API, and the TypeScript 6 API is not installed beside it`
      : "analyzer: no TypeScript compiler API is installed (typescript 5.x or 6.x, or @typescript/typescript6)",
    "install the TypeScript 6 API for tools (it leaves your compiler as it is): npm install --save-dev @typescript/typescript6",
  );
}

/** The version of an installed `typescript` whose entry point (`file`) has no compiler API (TypeScript 7's only says its version). */
function nativeTypeScript(file: string): string | undefined {
  try {
    const manifest = createRequire(file)("typescript/package.json") as { version?: unknown };
    return typeof manifest.version === "string" ? manifest.version : "7";
  } catch {
    return undefined;
  }
}
