import * as fs from "node:fs";
import * as path from "node:path";
import { analyzeSource } from "../analyzer/analyze-source";
import { PACKAGE_NAME } from "../analyzer/bindings";
import { compareDiagnostics, toDiagnostic, type Diagnostic } from "../analyzer/diagnostics";
import { buildManifest, type Manifest } from "../analyzer/manifest";
import type { FileAnalysis } from "../analyzer/types";
import type { Config } from "./config";
import { AnalysisCache } from "./analysis-cache";
import { discoverSources } from "./sources";
import { loadTypeScript } from "./typescript";

/** The result of analysing a whole app from disk. */
export interface ProjectAnalysis {
  files: number;
  manifest: Manifest;
  diagnostics: Diagnostic[];
}

function unreadable(file: string, error: unknown): FileAnalysis {
  const reason = `it cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`;
  return {
    file,
    declarations: [],
    findings: [{ id: "unreadableFile", data: { reason }, file, start: 0, end: 0, line: 1, column: 1, endLine: 1, endColumn: 1 }],
  };
}

/**
 * Discovers, reads and analyses every source file of the app at `root`. Files unchanged
 * since the last run (size and mtime) come from the analysis cache without being read;
 * TypeScript is loaded only when a changed file mentions keystash.
 */
export function analyzeProject(root: string, config: Config, options: { cache?: boolean } = {}): ProjectAnalysis {
  const files = discoverSources(root, config.include);
  const cache = options.cache === false ? undefined : new AnalysisCache(root);
  let ts: ReturnType<typeof loadTypeScript> | undefined;
  const analyses = files.map((file): FileAnalysis => {
    const full = path.join(root, file);
    let stat: fs.Stats;
    let text: string;
    try {
      stat = fs.statSync(full);
      const cached = cache?.get(file, stat);
      if (cached) return cached;
      text = fs.readFileSync(full, "utf8");
    } catch (error) {
      return unreadable(file, error);
    }
    let analysis: FileAnalysis;
    if (!text.includes(PACKAGE_NAME)) {
      analysis = { file, declarations: [], findings: [] };
    } else {
      ts ??= loadTypeScript(root);
      analysis = analyzeSource(ts, text, file);
    }
    cache?.set(file, stat, analysis);
    return analysis;
  });
  cache?.save();
  const diagnostics = analyses.flatMap((analysis) => analysis.findings.map(toDiagnostic)).sort(compareDiagnostics);
  return { files: files.length, manifest: buildManifest(analyses, config.services), diagnostics };
}
