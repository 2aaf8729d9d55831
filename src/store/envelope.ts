import { hash } from "node:crypto";
import type { EnvType } from "../project/env-types";
import { selectorKey, type Selector } from "./selector";

/**
 * The plaintext inside each ciphertext: one JSON header line, then the value's bytes. The
 * header is inside age's authenticated payload, so it is the only copy of a value's metadata
 * an attacker with write access to the repository cannot change without the value's key.
 * It binds everything that decides who reads the value:
 * - the secret name and version (a ciphertext copied to another name or version is refused);
 * - the selector it was set for (widening is refused; narrowing is how `secret unset` works
 *   without reading the value);
 * - the type of each of its specific environments when it was written, and the env types it
 *   reaches (a plaintext `envTypes` edit that lowers a value's readers is refused, and a
 *   re-encryption never encrypts it below those types);
 * - a digest of the recipients it was encrypted to (plaintext `recipients` that hide a reader
 *   are refused).
 * `age -d` shows the header line, then the value. Version 1 headers (name, selector, version
 * only) are still read; the next write or `access sync` replaces them.
 */
export interface Binding {
  name: string;
  selector: Selector;
  version: number;
  /** The env types the value reaches, as written. */
  types: readonly EnvType[];
  /** The type of each environment of the selector, as written. */
  envTypes: Readonly<Record<string, EnvType>>;
  /** The recipients it is encrypted to. */
  recipients: readonly string[];
}

/** The metadata a reader compares against the header: the store file's plaintext. */
export interface ClaimedMetadata {
  name: string;
  selector: Selector;
  version: number;
  envTypes: Readonly<Record<string, EnvType>> | undefined;
  recipients: readonly string[];
}

/**
 * A short, order-independent digest of a recipient set. One-shot `crypto.hash`: a Hash object
 * would load node:stream (~3 ms of the runtime's start-up from the store).
 */
export function recipientDigest(recipients: readonly string[]): string {
  return hash("sha256", [...new Set(recipients)].sort().join("\n"), "base64url").slice(0, 22);
}

/** Wraps a value with its binding header. */
export function sealEnvelope(binding: Binding, value: string): Buffer {
  const envTypes = Object.fromEntries(Object.entries(binding.envTypes).sort(([a], [b]) => (a < b ? -1 : 1)));
  const header = JSON.stringify({
    keystash: 2,
    name: binding.name,
    selector: selectorKey(binding.selector),
    version: binding.version,
    types: [...new Set(binding.types)].sort(),
    envTypes,
    recipients: recipientDigest(binding.recipients),
  });
  return Buffer.concat([Buffer.from(`${header}\n`, "utf8"), Buffer.from(value, "utf8")]);
}

/** An opened envelope: the value, or why its header does not match the metadata. */
export type Opened = { ok: true; value: string } | { ok: false; reason: string };

const isStringRecord = (value: unknown): value is Record<string, EnvType> =>
  typeof value === "object" && value !== null && !Array.isArray(value) && Object.values(value).every((v) => typeof v === "string");

/** Checks the binding header against the store's plaintext metadata and returns the value, or what disagrees. */
export function openEnvelope(plaintext: Buffer, claimed: ClaimedMetadata): Opened {
  const newline = plaintext.indexOf(0x0a);
  if (newline < 0) return { ok: false, reason: "it has no keystash header" };
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(plaintext.subarray(0, newline).toString("utf8")) as Record<string, unknown>;
  } catch {
    return { ok: false, reason: "its header is not keystash's" };
  }
  if ((header.keystash !== 1 && header.keystash !== 2) || typeof header.selector !== "string") return { ok: false, reason: "its header is not keystash's" };
  if (header.name !== claimed.name) return { ok: false, reason: "its ciphertext belongs to another secret" };
  if (header.version !== claimed.version) return { ok: false, reason: "its ciphertext belongs to another version" };
  const selector = new Set(header.selector.split(","));
  if (!selectorKey(claimed.selector).split(",").every((part) => selector.has(part))) return { ok: false, reason: "its selector was widened beyond what it was set for" };
  const value = plaintext.subarray(newline + 1).toString("utf8");
  if (header.keystash === 1) return { ok: true, value };

  // `types` is written for the record (and for `age -d` readers); what reaches a type is
  // checked through the selector and `envTypes`, from which the types follow.
  const { types, envTypes, recipients } = header;
  if (!Array.isArray(types) || !isStringRecord(envTypes) || typeof recipients !== "string") return { ok: false, reason: "its header is not keystash's" };
  for (const env of claimed.selector.envs) {
    if (!Object.hasOwn(envTypes, env)) continue;
    const recorded = claimed.envTypes && Object.hasOwn(claimed.envTypes, env) ? claimed.envTypes[env] : undefined;
    if (envTypes[env] !== recorded) {
      return { ok: false, reason: `the store says ${env} was ${recorded ?? "of no recorded type"} when it was set, its ciphertext says ${envTypes[env]}` };
    }
  }
  if (recipients !== recipientDigest(claimed.recipients)) return { ok: false, reason: "its listed recipients are not the ones it is encrypted to" };
  return { ok: true, value };
}
