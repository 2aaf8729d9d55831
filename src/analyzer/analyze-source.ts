import type * as TS from "typescript";
import { analyzeSourceFile } from "./analyze-source-file";
import { PACKAGE_NAME } from "./bindings";
import type { FileAnalysis } from "./types";

/** File extensions the analyzer reads. */
export const SOURCE_EXTENSIONS = [".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs"] as const;

function scriptKindOf(ts: typeof TS, file: string): TS.ScriptKind {
  if (file.endsWith(".tsx")) return ts.ScriptKind.TSX;
  if (file.endsWith(".jsx")) return ts.ScriptKind.JSX;
  if (/\.[cm]?js$/.test(file)) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}

/** A file the analyzer could not take (unreadable, not text, not parsable): one KS1000 finding. */
export function unreadable(file: string, reason: string, line = 1, column = 1): FileAnalysis {
  return {
    file,
    declarations: [],
    findings: [{ id: "unreadableFile", data: { reason }, file, start: 0, end: 0, line, column, endLine: line, endColumn: column }],
  };
}

/**
 * Analyses one file's text. Files that cannot mention the package are skipped before
 * parsing; a file that does not parse or is not text yields one `unreadableFile` finding.
 *
 * @param file - the path to report, relative to the app root with `/` separators
 */
export function analyzeSource(ts: typeof TS, text: string, file: string): FileAnalysis {
  if (!text.includes(PACKAGE_NAME)) return { file, declarations: [], findings: [] };
  if (text.includes("\0")) return unreadable(file, "it is not text");
  const sourceFile = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, scriptKindOf(ts, file));
  // parseDiagnostics is not in the public typings but is how createSourceFile reports syntax errors.
  const syntaxErrors = (sourceFile as unknown as { parseDiagnostics?: readonly TS.DiagnosticWithLocation[] }).parseDiagnostics;
  const first = syntaxErrors?.[0];
  if (first) {
    const { line, character } = sourceFile.getLineAndCharacterOfPosition(first.start);
    const reason = `syntax error: ${ts.flattenDiagnosticMessageText(first.messageText, " ")}`;
    return unreadable(file, reason, line + 1, character + 1);
  }
  return analyzeSourceFile(ts, sourceFile, file);
}
