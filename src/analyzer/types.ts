import type { FindingId, MessageData } from "./messages";

/** A misuse of `secret()` found by the analyzer: plain data, never a syntax node. */
export interface Finding {
  id: FindingId;
  data: MessageData;
  /** Path relative to the app root, `/` separators. */
  file: string;
  /** Offsets into the file's text (start excludes leading trivia). */
  start: number;
  end: number;
  /** 1-based line and column of `start`. */
  line: number;
  column: number;
  /** 1-based line and column of `end`. */
  endLine: number;
  endColumn: number;
}

/** One valid `const x = secret("Name")` found in a file. */
export interface SecretDeclaration {
  name: string;
  file: string;
  /** Offset of the `secret(...)` call. */
  start: number;
  line: number;
  column: number;
  /** The top-level variable the call initialises. */
  binding: string;
  /** The doc comment right above the declaration, when there is one. */
  description?: string;
}

/** What the analyzer learned from one file. */
export interface FileAnalysis {
  file: string;
  declarations: SecretDeclaration[];
  findings: Finding[];
}
