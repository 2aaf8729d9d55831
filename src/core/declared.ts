import * as fs from "node:fs";
import * as path from "node:path";
import type { Diagnostic } from "../analyzer/diagnostics";
import { parseManifest, type Manifest } from "../analyzer/manifest";
import { UserError } from "../project/errors";
import { MANIFEST_FILE } from "../project/file-names";
import type { Environment } from "../project/environments";
import type { UnanalysedImport } from "../project/imports";
import type { SkippedSources } from "../project/sources";
import type { AppContext } from "./context";
import { printable, printablePath } from "../project/printable";
import { lazy } from "../lazy";

// The analysis (file walk, cache, TypeScript) only when no manifest file is given.
const analysis = lazy(() => require("../project/analyze-project") as typeof import("../project/analyze-project"));

/** The secrets the code declares, and the analyzer's diagnostics when analysed afresh. */
export interface Declared {
  manifest: Manifest;
  diagnostics: Diagnostic[];
  /** How many source files were analysed (undefined when read from a manifest file). */
  files?: number;
  /** What the walk passed over (undefined when read from a manifest file). */
  skipped?: SkippedSources;
  /** Imports of analysed files into files it did not read (a local environment only warns). */
  unanalysedImports?: UnanalysedImport[];
}

/** A cloud environment's analysis missed code the app loads: an import leads to a file the walk passed over. */
export class UnanalysedImportError extends UserError {
  constructor(readonly imports: readonly UnanalysedImport[]) {
    const lines = imports.slice(0, 10).map((i) => `  ${printablePath(i.file)}:${i.line} imports '${printable(i.specifier)}' (${printable(i.target)}), which was not analysed`);
    if (imports.length > 10) lines.push(`  and ${imports.length - 10} more`);
    super(
      `analysis: ${imports.length} import${imports.length === 1 ? " leads" : "s lead"} to code the check did not read, so it cannot say what that code needs:\n${lines.join("\n")}`,
      "analyse it: take it out of .gitignore or an output folder (dist, build), widen `include` in keystash.yaml, or move it into the app",
    );
  }
}

/** Where a build leaves its manifest: the app root, or an output folder (the transformer copies it into outDir). */
const BUILT_MANIFESTS = [MANIFEST_FILE, `dist/${MANIFEST_FILE}`, `build/${MANIFEST_FILE}`, `out/${MANIFEST_FILE}`];

/** The build's manifest of an app without sources (app-relative), or undefined. */
function buildManifest(root: string): string | undefined {
  const found = BUILT_MANIFESTS.find((file) => fs.existsSync(path.join(root, file)));
  return found === undefined ? undefined : path.join(root, found);
}

/** "12 source files analysed in ROOT", with what was skipped. */
export function describeAnalysed(root: string, files: number, skipped: SkippedSources): string {
  const parts = [
    skipped.ignored ? `${skipped.ignored} git-ignored` : "",
    ...skipped.outputDirectories.slice(0, 3).map((dir) => `${printable(dir)}/`),
    skipped.outputDirectories.length > 3 ? `${skipped.outputDirectories.length - 3} more output folders` : "",
    skipped.brokenLinks.length ? `${skipped.brokenLinks.length} broken link${skipped.brokenLinks.length === 1 ? "" : "s"} (${skipped.brokenLinks.slice(0, 3).map(printable).join(", ")})` : "",
  ].filter(Boolean);
  return `${files} source file${files === 1 ? "" : "s"} analysed in ${printable(root)}${parts.length ? ` (skipped: ${parts.join(", ")})` : ""}`;
}

/**
 * The declared secrets: from `manifestFile` (a build's manifest) when given, else from a
 * fresh analysis of the app's sources, else (no source file at all: an image holds the build)
 * from the build's manifest at the root or in dist/, build/ or out/. For a non-local `env`, finding no source file at all
 * is an error: the command runs in the wrong folder, and "nothing is missing" would be a lie.
 * What the user should know on the way (the build's manifest was used) goes to `notice`.
 * @throws UserError when the manifest file is missing or invalid, or (for a non-local `env`)
 *   when no source file was found or an analysed file imports one that was not analysed.
 */
export function declaredSecrets(context: AppContext, manifestFile?: string, env?: Environment, notice: (line: string) => void = () => {}): Declared {
  if (manifestFile === undefined) {
    const { manifest, diagnostics, files, skipped, unanalysedImports } = analysis().analyzeProject(context.root, context.config);
    // An image holds the build, not the sources: the build's manifest says what it declares.
    const built = files === 0 ? buildManifest(context.root) : undefined;
    if (built !== undefined) {
      notice(`keystash: no source files in ${printable(context.root)}; using the build's manifest ${printable(path.relative(context.root, built))}`);
      return declaredSecrets(context, built, env, notice);
    }
    if (files === 0 && env && env.type !== "local") {
      throw new UserError(
        `no source files found in ${context.root} (include: ${context.config.include.join(", ")}); nothing to check for ${env.name}`,
        "run it in your app's folder (or pass --root DIR), check `include` in keystash.yaml, or pass --manifest from a build",
      );
    }
    if (unanalysedImports.length > 0 && env && env.type !== "local") throw new UnanalysedImportError(unanalysedImports);
    return { manifest, diagnostics, files, skipped, unanalysedImports };
  }
  const file = path.resolve(context.cwd, manifestFile);
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (cause) {
    throw new UserError(`--manifest: cannot read ${manifestFile}`, undefined, { cause, fix: { kind: "buildManifest", rebuild: false } });
  }
  try {
    return { manifest: parseManifest(text, manifestFile), diagnostics: [] };
  } catch (cause) {
    throw new UserError((cause as Error).message, undefined, { cause, fix: { kind: "buildManifest", rebuild: true } });
  }
}
