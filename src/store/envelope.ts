import { selectorKey, type Selector } from "./selector";

/**
 * The plaintext inside each ciphertext: one JSON header line that binds the value to its
 * secret name, version and the selector it was encrypted for, then the value's bytes.
 * A ciphertext copied to another name or version, or whose selector was widened to env
 * types or environments it was not set for, is rejected as tampered. Narrowing is how
 * `secret unset` works without needing to read the value, so a narrower selector is fine.
 * (`age -d` shows the header line, then the value.)
 */
export interface Binding {
  name: string;
  selector: Selector;
  version: number;
}

/** Wraps a value with its binding header. */
export function sealEnvelope(binding: Binding, value: string): Buffer {
  const header = JSON.stringify({ keystash: 1, name: binding.name, selector: selectorKey(binding.selector), version: binding.version });
  return Buffer.concat([Buffer.from(`${header}\n`, "utf8"), Buffer.from(value, "utf8")]);
}

/** Checks the binding header against the metadata and returns the value, or null when it does not match. */
export function openEnvelope(plaintext: Buffer, expected: Binding): string | null {
  const newline = plaintext.indexOf(0x0a);
  if (newline < 0) return null;
  let header: { keystash?: unknown; name?: unknown; selector?: unknown; version?: unknown };
  try {
    header = JSON.parse(plaintext.subarray(0, newline).toString("utf8"));
  } catch {
    return null;
  }
  if (header.keystash !== 1 || header.name !== expected.name || header.version !== expected.version) return null;
  if (typeof header.selector !== "string") return null;
  const bound = new Set(header.selector.split(","));
  const current = selectorKey(expected.selector).split(",");
  if (!current.every((part) => bound.has(part))) return null;
  return plaintext.subarray(newline + 1).toString("utf8");
}
