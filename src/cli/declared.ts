import * as fs from "node:fs";
import * as path from "node:path";
import type { Diagnostic } from "../analyzer/diagnostics";
import { parseManifest, type Manifest } from "../analyzer/manifest";
import { analyzeProject } from "../project/analyze-project";
import { UserError } from "../project/errors";
import type { AppContext } from "./context";

/** The secrets the code declares, and the analyzer's diagnostics when analysed afresh. */
export interface Declared {
  manifest: Manifest;
  diagnostics: Diagnostic[];
}

/**
 * The declared secrets: from `manifestFile` (a build's manifest) when given, else from a
 * fresh analysis of the app's sources.
 * @throws UserError when the manifest file is missing or invalid.
 */
export function declaredSecrets(context: AppContext, manifestFile?: string): Declared {
  if (manifestFile === undefined) {
    const { manifest, diagnostics } = analyzeProject(context.root, context.config);
    return { manifest, diagnostics };
  }
  const file = path.resolve(process.cwd(), manifestFile);
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
