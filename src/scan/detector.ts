/** A credential found in text: where, what kind, and the matched value (never printed whole). */
export interface Detection {
  kind: string;
  /** Offsets of the credential itself in the scanned text. */
  start: number;
  end: number;
  value: string;
}

/** One family of credentials: a pattern for the token, and what it is. */
export interface Detector {
  /** What users are told was found: "GitHub token", "AWS access key ID"... */
  kind: string;
  /** Literal text every match contains: the regex runs only on text holding one (one cheap pass). */
  hints: string[];
  /** Global regex; group 1, when present, is the credential within the match. */
  pattern: RegExp;
  /** Rejects look-alikes of this kind (documentation examples, placeholders). */
  plausible?: (value: string) => boolean;
}

/** Values that are documentation, placeholders or fixtures, whatever their shape. */
export function looksLikePlaceholder(value: string): boolean {
  return (
    /example|sample|dummy|placeholder|changeme|your[-_]?|<[^>]*>|\$\{|\{\{|x{6,}|\*{4,}/i.test(value) ||
    /^(.)\1+$/.test(value.replace(/^[a-z]+_/i, "")) || // aaaaaaaa, 00000000
    /(0123456789|abcdefghij|1234567890)/i.test(value)
  );
}
