import * as crypto from "node:crypto";
import type { Detection } from "./detector";
import { highEntropyAssignments } from "./entropy";
import { KNOWN_TOKENS } from "./known-tokens";

export type { Detection } from "./detector";

/**
 * Every credential in `text`: known token formats first, then high-entropy literals assigned
 * to secret-looking names (where a known format was not already found). One pass per
 * detector over the text; pure, no I/O.
 */
export function detectSecrets(text: string): Detection[] {
  const found: Detection[] = [];
  for (const detector of KNOWN_TOKENS) {
    if (!detector.hints.some((hint) => text.includes(hint))) continue;
    for (const match of text.matchAll(detector.pattern)) {
      const value = match[1] ?? match[0];
      if (!detector.plausible!(value)) continue;
      const start = match.index! + match[0].indexOf(value);
      found.push({ kind: detector.kind, start, end: start + value.length, value });
    }
  }
  for (const generic of highEntropyAssignments(text)) {
    if (!found.some((known) => known.start < generic.end && generic.start < known.end)) found.push(generic);
  }
  return found.sort((a, b) => a.start - b.start);
}

/** A preview that identifies a finding without revealing it: the first four characters and the length. */
export function redact(value: string): string {
  const visible = value.startsWith("-----BEGIN") ? value.slice(0, 31) : value.slice(0, Math.min(4, Math.floor(value.length / 4)));
  return `${visible}…(${value.length} chars)`;
}

/**
 * The allow-list key for a finding (`scan.ignore` in keystash.yaml): a slow, salted hash
 * (scrypt, salted with the app's name) so a fingerprint printed in a CI log cannot be used to
 * test guesses quickly (~10 ms a guess, no precomputed tables), while every teammate computes
 * the same one. Never the value. The cost is paid once per finding (bench group 7).
 */
export function findingFingerprint(value: string, salt: string): string {
  return crypto.scryptSync(value, `keystash scan fingerprint v2\n${salt}`, 8, { N: 1 << 12, r: 8, p: 1 }).toString("hex");
}

/** The fingerprint earlier keystash printed (a plain truncated SHA-256): still honoured in scan.ignore, never printed. */
export function legacyFingerprint(value: string): string {
  return crypto.createHash("sha256").update(value).digest("hex").slice(0, 16);
}
