import * as fs from "node:fs";
import * as path from "node:path";
import type { Diagnostic } from "../analyzer/diagnostics";
import { parseManifest, type Manifest } from "../analyzer/manifest";
import { UserError } from "../project/errors";
import type { Environment } from "../project/environments";
import type { AppContext } from "./context";
import { currentIo } from "./io";
import { lazy } from "../lazy";

// The analysis (file walk, cache, TypeScript) only when no manifest file is given.
const analysis = lazy(() => require("../project/analyze-project") as typeof import("../project/analyze-project"));

/** The secrets the code declares, and the analyzer's diagnostics when analysed afresh. */
export interface Declared {
  manifest: Manifest;
  diagnostics: Diagnostic[];
  /** How many source files were analysed (undefined when read from a manifest file). */
  files?: number;
}

/**
 * The declared secrets: from `manifestFile` (a build's manifest) when given, else from a
 * fresh analysis of the app's sources. For a non-local `env`, finding no source file at all
 * is an error: the command runs in the wrong folder, and "nothing is missing" would be a lie.
 * @throws UserError when the manifest file is missing or invalid, or (for a non-local `env`)
 *   when no source file was found.
 */
export function declaredSecrets(context: AppContext, manifestFile?: string, env?: Environment): Declared {
  if (manifestFile === undefined) {
    const { manifest, diagnostics, files } = analysis().analyzeProject(context.root, context.config);
    if (files === 0 && env && env.type !== "local") {
      throw new UserError(
        `no source files found in ${context.root} (include: ${context.config.include.join(", ")}); nothing to check for ${env.name}`,
        "run it in your app's folder (or pass --root DIR), check `include` in keystash.yaml, or pass --manifest from a build",
      );
    }
    return { manifest, diagnostics, files };
  }
  const file = path.resolve(currentIo().cwd, manifestFile);
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (cause) {
    throw new UserError(`--manifest: cannot read ${manifestFile}`, "build the app first, or run `keystash manifest`", { cause });
  }
  try {
    return { manifest: parseManifest(text, manifestFile), diagnostics: [] };
  } catch (cause) {
    throw new UserError((cause as Error).message, "rebuild it with `keystash manifest`", { cause });
  }
}
