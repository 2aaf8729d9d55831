import * as fs from "node:fs";
import * as path from "node:path";
import { analyzeSource } from "../analyzer/analyze-source";
import { PACKAGE_NAME } from "../analyzer/bindings";
import { compareDiagnostics, toDiagnostic, type Diagnostic } from "../analyzer/diagnostics";
import { buildManifest, type Manifest } from "../analyzer/manifest";
import type { FileAnalysis } from "../analyzer/types";
import type { Config } from "./config";
import { discoverSources } from "./sources";
import { loadTypeScript } from "./typescript";

/** The result of analysing a whole app from disk. */
export interface ProjectAnalysis {
  files: number;
  manifest: Manifest;
  diagnostics: Diagnostic[];
}

function readSource(root: string, file: string): FileAnalysis | string {
  try {
    return fs.readFileSync(path.join(root, file), "utf8");
  } catch (error) {
    const reason = `it cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`;
    return {
      file,
      declarations: [],
      findings: [{ id: "unreadableFile", data: { reason }, file, start: 0, end: 0, line: 1, column: 1, endLine: 1, endColumn: 1 }],
    };
  }
}

/** Discovers, reads and analyses every source file of the app at `root`. */
export function analyzeProject(root: string, config: Config): ProjectAnalysis {
  const files = discoverSources(root, config.include);
  let ts: ReturnType<typeof loadTypeScript> | undefined;
  const analyses = files.map((file) => {
    const text = readSource(root, file);
    if (typeof text !== "string") return text;
    // Most files never mention keystash: analyzeSource skips them before parsing,
    // and TypeScript is loaded only once a file needs parsing.
    if (!text.includes(PACKAGE_NAME)) return { file, declarations: [], findings: [] };
    ts ??= loadTypeScript(root);
    return analyzeSource(ts, text, file);
  });
  const diagnostics = analyses.flatMap((analysis) => analysis.findings.map(toDiagnostic)).sort(compareDiagnostics);
  return { files: files.length, manifest: buildManifest(analyses, config.services), diagnostics };
}
