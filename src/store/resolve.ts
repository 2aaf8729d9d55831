import type { Environment } from "../project/environments";
import type { X25519Identity } from "./age-decrypt";
import type { StoreData } from "./store-file";
import { canRead, currentVersion, decryptVersion, missingReason, resolveValue } from "./values";

/** Where a secret's value comes from for one environment. */
export type ValueSource = { kind: "localFile"; value: string } | { kind: "store"; read: () => string };

/** A declared secret with no usable value, and why. */
export interface MissingSecret {
  name: string;
  reason: string;
}

/** What to read each input from; each is called at most once, and only when needed. */
export interface ResolveInputs {
  localOverrides: () => ReadonlyMap<string, string>;
  store: () => StoreData;
  identities: () => readonly X25519Identity[];
}

function once<T>(load: () => T): () => T {
  let loaded: { value: T } | undefined;
  return () => (loaded ??= { value: load() }).value;
}

/**
 * Plans where each secret's value comes from in `env`: `.secrets.local.cue` (local type
 * only; it wins), else the store. Store values are decrypted only when `read()` is called;
 * a value the identities cannot read (by its recipients, no decryption) counts as missing.
 */
export function planSecrets(names: readonly string[], env: Environment, inputs: ResolveInputs): { sources: Map<string, ValueSource>; missing: MissingSecret[] } {
  const localOverrides = once(inputs.localOverrides);
  const store = once(inputs.store);
  const identities = once(inputs.identities);
  const sources = new Map<string, ValueSource>();
  const missing: MissingSecret[] = [];
  for (const name of names) {
    const override = env.type === "local" ? localOverrides().get(name) : undefined;
    if (override !== undefined) {
      sources.set(name, { kind: "localFile", value: override });
      continue;
    }
    const values = store().secrets[name];
    const value = resolveValue(values, env);
    if (!value) {
      missing.push({ name, reason: missingReason(values) });
      continue;
    }
    const version = currentVersion(value);
    if (!canRead(version, identities())) {
      const why = identities().length === 0 ? "no identity is available to decrypt it" : "this identity is not among its recipients";
      missing.push({ name, reason: `set, but ${why}` });
      continue;
    }
    let cached: string | undefined;
    sources.set(name, { kind: "store", read: () => (cached ??= decryptVersion(name, value, version, identities(), env)) });
  }
  return { sources, missing };
}
