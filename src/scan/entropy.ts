import { looksLikePlaceholder, type Detection } from "./detector";

// name = "value", name: "value", NAME='value', "name": "value"; the name may be the bare word
// itself (`password = "…"`, `apiKey: "…"`, `API_KEY='…'`) or contain it (`dbPassword`).
const ASSIGNMENT = /\b((?:[A-Za-z_][A-Za-z0-9_]*?)?(?:password|passwd|secret|token|api[_-]?key|apikey|private[_-]?key|credential|auth[_-]?key|access[_-]?key|client[_-]?secret)[A-Za-z0-9_]*)["']?\s*(?:=|:|=>)\s*(["'`])([^"'`\r\n\\]{12,256})\2/gi;

const SECRET_WORD = /passw|secret|token|api[_-]?key|apikey|private[_-]?key|credential|auth[_-]?key|access[_-]?key/i;

/** Shannon entropy in bits per character. */
export function entropy(text: string): number {
  const counts = new Map<string, number>();
  for (const char of text) counts.set(char, (counts.get(char) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) bits -= (count / text.length) * Math.log2(count / text.length);
  return bits;
}

/**
 * String literals assigned to secret-looking names whose text looks random: mixed
 * characters, high entropy, not a placeholder, a path, a URL without credentials, a UUID, or
 * words. The generic rule behind the known formats.
 */
export function highEntropyAssignments(text: string): Detection[] {
  const found: Detection[] = [];
  if (!SECRET_WORD.test(text)) return found;
  for (const match of text.matchAll(ASSIGNMENT)) {
    const [, name, , value] = match as unknown as [string, string, string, string];
    if (/(?:hash|digest|checksum|url|uri|path|file|name|type|id|header|prefix|format|length|env|field|label|placeholder|param|mode)$/i.test(name)) continue;
    if (looksLikePlaceholder(value) || /\s/.test(value) || /^[a-z]+:\/\//i.test(value) || /^[./~]/.test(value)) continue;
    if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)) continue; // a UUID
    const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((c) => c.test(value)).length;
    if (classes < 2 || entropy(value) < 3.5) continue;
    const start = match.index! + match[0].lastIndexOf(value);
    found.push({ kind: `hard-coded ${name}`, start, end: start + value.length, value });
  }
  return found;
}
