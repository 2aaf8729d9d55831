import type { FileAnalysis } from "./types";

/** A file the analyzer could not take (unreadable, not text, not parsable): one KS1000 finding. */
export function unreadable(file: string, reason: string, line = 1, column = 1): FileAnalysis {
  return {
    file,
    declarations: [],
    findings: [{ id: "unreadableFile", data: { reason }, file, start: 0, end: 0, line, column, endLine: line, endColumn: column }],
  };
}
