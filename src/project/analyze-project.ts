import * as fs from "node:fs";
import * as path from "node:path";
import { analyzeSource, mayReachPackage, unreadable } from "../analyzer/analyze-source";
import type * as TS from "typescript";
import { compareDiagnostics, toDiagnostic, type Diagnostic } from "../analyzer/diagnostics";
import { buildManifest, type Manifest } from "../analyzer/manifest";
import type { FileAnalysis } from "../analyzer/types";
import type { Config } from "./config";
import { AnalysisCache } from "./analysis-cache";
import { localImports, unanalysedImports, type LocalImport, type UnanalysedImport } from "./imports";
import { listSources, type SkippedSources } from "./sources";
import { loadTypeScript, saveTypeScriptCodeCache } from "./typescript";

/** The result of analysing a whole app from disk. */
export interface ProjectAnalysis {
  files: number;
  manifest: Manifest;
  diagnostics: Diagnostic[];
  /** What the file walk passed over (counted, never silently). */
  skipped: SkippedSources;
  /** Relative imports of analysed files that lead to source files the analysis did not read. */
  unanalysedImports: UnanalysedImport[];
}

/**
 * Discovers, reads and analyses every source file of the app at `root` (see listSources), and
 * finds the imports that lead outside that set. Files unchanged since the last run (size and
 * mtime) come from the analysis cache without being read; TypeScript is loaded only when a
 * changed file mentions keystash.
 */
export function analyzeProject(root: string, config: Config, typescript?: typeof TS): ProjectAnalysis {
  const { files, skipped } = listSources(root, config.include);
  const cache = new AnalysisCache(root);
  const imports = new Map<string, LocalImport[]>();
  let ts = typescript;
  const analyses = files.map((file): FileAnalysis => {
    const full = path.join(root, file);
    let stat: fs.Stats;
    let text: string;
    try {
      stat = fs.statSync(full);
      const cached = cache.get(file, stat);
      if (cached) {
        if (cached.imports.length) imports.set(file, cached.imports);
        return cached.analysis;
      }
      text = fs.readFileSync(full, "utf8");
    } catch (error) {
      return unreadable(file, `it cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
    let analysis: FileAnalysis;
    if (!mayReachPackage(text)) {
      analysis = { file, declarations: [], findings: [] };
    } else {
      ts ??= loadTypeScript(root);
      analysis = analyzeSource(ts, text, file);
    }
    const local = localImports(text);
    if (local.length) imports.set(file, local);
    cache.set(file, stat, { analysis, imports: local });
    return analysis;
  });
  cache.save();
  if (ts && !typescript) saveTypeScriptCodeCache();
  const diagnostics = analyses.flatMap((analysis) => analysis.findings.map(toDiagnostic)).sort(compareDiagnostics);
  return {
    files: files.length,
    manifest: buildManifest(analyses, config.services),
    diagnostics,
    skipped,
    unanalysedImports: unanalysedImports(root, new Set(files), imports),
  };
}
