import * as path from "node:path";
import type * as TS from "typescript";
import { analyzeSourceFile } from "../analyzer/analyze-source-file";
import { mayReachPackage } from "../analyzer/analyze-source";
import { analyzeProject } from "../project/analyze-project";
import { buildManifest, serializeManifest } from "../analyzer/manifest";
import { formatMessage, messages } from "../analyzer/messages";
import type { FileAnalysis, Finding } from "../analyzer/types";
import { loadConfig, type Config } from "../project/config";
import { MANIFEST_FILE } from "../project/file-names";
import { findAppRoot } from "../project/root";
import { writeFileIfChanged } from "../project/write-file-atomic";

/** Plugin options from tsconfig: `{ "transform": "keystash/transformer", "manifest": "..." }`. */
export interface TransformerOptions {
  /** Where to write the manifest, relative to the app root (default keystash.manifest.json). */
  manifest?: string;
}

/** The parts of ts-patch's `TransformerExtras` keystash uses. */
export interface TransformerExtras {
  ts: typeof TS;
  addDiagnostic: (diagnostic: TS.Diagnostic) => number;
}

/** TypeScript diagnostic codes: 90000 + the KS number (KS1001 -> TS91001). */
export const DIAGNOSTIC_CODE_BASE = 90000;


// Analyses are cached per SourceFile object: watch mode reuses unchanged files' objects.
const analysisCache = new WeakMap<TS.SourceFile, FileAnalysis>();
// Programs already handled: the factory runs once per emit, a program may emit several times.
const handledPrograms = new WeakSet<TS.Program>();

function toDiagnostic(ts: typeof TS, sourceFile: TS.SourceFile, finding: Finding): TS.Diagnostic {
  const { code } = messages[finding.id];
  return {
    file: sourceFile,
    start: finding.start,
    length: finding.end - finding.start,
    category: ts.DiagnosticCategory.Error,
    code: DIAGNOSTIC_CODE_BASE + Number(code.slice(2)),
    messageText: `${code}: ${formatMessage(finding.id, finding.data)}`,
    source: "keystash",
  };
}


/** A diagnostic without a file, for a problem with keystash.yaml itself (KS1000's code). */
function configDiagnostic(ts: typeof TS, message: string): TS.Diagnostic {
  return {
    file: undefined,
    start: undefined,
    length: undefined,
    category: ts.DiagnosticCategory.Error,
    code: DIAGNOSTIC_CODE_BASE + 1000,
    messageText: `KS1000: ${message}`,
    source: "keystash",
  };
}

function analyseProgram(program: TS.Program, options: TransformerOptions, extras: TransformerExtras): void {
  const ts = extras.ts;
  const configFile = program.getCompilerOptions().configFilePath;
  const projectDir = typeof configFile === "string" ? path.dirname(configFile) : program.getCurrentDirectory();
  // The project being built is never a random folder: its tsconfig's directory is the fallback root.
  let root = projectDir;
  try {
    root = findAppRoot(projectDir);
  } catch {
    // no keystash.yaml or package.json above the tsconfig: the project's own folder
  }
  let config: Config;
  try {
    config = loadConfig(root);
  } catch (error) {
    // A bad keystash.yaml fails the build with a diagnostic, never a compiler crash; no manifest is written.
    extras.addDiagnostic(configDiagnostic(ts, (error as Error).message));
    return;
  }
  const analyses: FileAnalysis[] = [];
  for (const sourceFile of program.getSourceFiles()) {
    if (sourceFile.isDeclarationFile || program.isSourceFileFromExternalLibrary(sourceFile)) continue;
    let analysis = analysisCache.get(sourceFile);
    if (!analysis) {
      const file = path.relative(root, sourceFile.fileName).split(path.sep).join("/");
      if (mayReachPackage(sourceFile.text)) {
        analysis = analyzeSourceFile(ts, sourceFile, file);
      } else {
        analysis = { file, declarations: [], findings: [] };
      }
      analysisCache.set(sourceFile, analysis);
    }
    for (const finding of analysis.findings) extras.addDiagnostic(toDiagnostic(ts, sourceFile, finding));
    analyses.push(analysis);
  }

  // The root manifest is always the app's complete view, the same file set `keystash manifest`
  // analyses (tsc may see fewer files: allowJs off, other tsconfigs), so whichever runs last
  // writes the same bytes. Unchanged files come from the analysis cache.
  const manifestPath = path.resolve(root, options.manifest ?? MANIFEST_FILE);
  writeFileIfChanged(manifestPath, serializeManifest(analyzeProject(root, config, ts).manifest));

  // A copy in outDir holds this program's secrets, so a deployed build carries what it needs.
  const outDir = program.getCompilerOptions().outDir;
  if (outDir && !program.getCompilerOptions().noEmit) {
    writeFileIfChanged(path.join(outDir, MANIFEST_FILE), serializeManifest(buildManifest(analyses, config.services)));
  }
}

/**
 * The ts-patch source transformer: `"plugins": [{ "transform": "keystash/transformer" }]`.
 * Reports every analyzer finding as a TypeScript error and writes the manifest; it returns
 * every file unchanged, so emitted JavaScript is exactly what tsc emits without it.
 */
export default function keystashTransformer(
  program: TS.Program,
  options: TransformerOptions = {},
  extras?: TransformerExtras,
): TS.TransformerFactory<TS.SourceFile> {
  if (!extras?.ts || typeof extras.addDiagnostic !== "function") {
    throw new Error("keystash/transformer: run it through ts-patch (tspc, or tsc after `ts-patch install`)");
  }
  if (!handledPrograms.has(program)) {
    handledPrograms.add(program);
    analyseProgram(program, options, extras);
  }
  return () => (sourceFile) => sourceFile;
}
