import { formatMessage, messages, type FindingId } from "./messages";
import type { Finding } from "./types";

/** A finding as users see it: the stable shape of `--json` output. */
export interface Diagnostic {
  code: string;
  id: FindingId;
  severity: "error";
  file: string;
  line: number;
  column: number;
  message: string;
}

/** Turns an analyzer finding into a user-facing diagnostic. */
export function toDiagnostic(finding: Finding): Diagnostic {
  return {
    code: messages[finding.id].code,
    id: finding.id,
    severity: "error",
    file: finding.file,
    line: finding.line,
    column: finding.column,
    message: formatMessage(finding.id, finding.data),
  };
}

/** Orders diagnostics by file, then position. */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.line - b.line || a.column - b.column;
}
