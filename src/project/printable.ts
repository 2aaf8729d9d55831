// C0 and C1 controls, DEL, line and paragraph separators, and the bidirectional overrides
// and isolates ("Trojan Source"): what a terminal or a CI log reader acts on instead of showing.
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const NAMED: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/**
 * Text from the app (file names, doc comments, specifiers, environment names) as it may be
 * printed: each control character shown as an escape, so a crafted file name or comment can
 * neither erase or rewrite earlier lines (ESC sequences, CR), set the clipboard (OSC 52), nor
 * start a new line a CI runner reads as a workflow command (`::warning::…`).
 */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (char) => NAMED[char] ?? `\\u{${char.codePointAt(0)!.toString(16)}}`);
}

/** An app-relative path as it may start a line: printable, and never starting with `::` (a workflow command). */
export function printablePath(file: string): string {
  const shown = printable(file);
  return shown.startsWith(":") ? `./${shown}` : shown;
}
