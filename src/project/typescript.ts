import { createRequire } from "node:module";
import * as path from "node:path";
import type * as TS from "typescript";
import { UserError } from "./errors";

let cached: typeof TS | undefined;

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
  for (const place of places) {
    try {
      const candidate: unknown = createRequire(place)("typescript");
      if (hasCompilerApi(candidate)) return (cached = candidate);
    } catch {
      // not installed there; try the next place
    }
  }
  throw new UserError(
    "analyzer: the TypeScript compiler API is not installed (typescript >=5.0 <6.1; typescript@7 has no JavaScript API)",
    "install it beside keystash: npm install --save-dev typescript@6",
  );
}
