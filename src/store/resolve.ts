import type { Environment } from "../project/environments";
import type { X25519Identity } from "./age-decrypt";
import { StoreTamperedError } from "./errors";
import type { Fix } from "../project/fix";
import type { StoredVersion } from "./store-file";
import { secretStatus, type StatusInputs } from "./status";
import { canRead, decryptVersion } from "./values";

export type { StatusInputs };

/** A declared secret with no usable value, why, and the one fix. */
export interface MissingSecret {
  name: string;
  reason: string;
  fix: Fix;
}

/** Where a value comes from once planned: the local file's text, or a store value decrypted on first read. */
export type ValueSource = { kind: "localFile"; value: string } | { kind: "store"; read: () => string };

/** Inputs for commands that decrypt: the status inputs and the process identities. */
export interface DecryptInputs extends StatusInputs {
  identities: () => readonly X25519Identity[];
}

function once<T>(load: () => T): () => T {
  let loaded: { value: T } | undefined;
  return () => (loaded ??= { value: load() }).value;
}

/** Memoises every input, so one plan reads each file once. */
function memoised<T extends object>(inputs: T): T {
  return Object.fromEntries(Object.entries(inputs).map(([key, load]) => [key, once(load as () => unknown)])) as T;
}

/**
 * Why `identities` cannot decrypt a store value for `env`, and the fix; undefined when one of
 * them is a recipient. An identity that keystash.yaml lists but the value was not re-encrypted
 * for is told to have `access sync` run: never to overwrite the team's value with `secret set`.
 */
export function unreadableReason(
  version: StoredVersion,
  env: Environment,
  identities: readonly X25519Identity[],
  listed: () => readonly string[],
): { reason: string; fix: Fix } | undefined {
  if (canRead(identities, version)) return undefined;
  if (identities.length === 0) {
    return { reason: "set, but no identity is available to decrypt it", fix: { kind: "provideIdentity" } };
  }
  const own = identities.find((identity) => listed().includes(identity.recipient));
  if (own) {
    return {
      reason: `set, but not re-encrypted for you yet (you are listed for ${env.type})`,
      fix: { kind: "syncAccess", type: env.type, by: "typeReader" },
    };
  }
  return {
    reason: "set, but this identity is not among its recipients",
    fix: { kind: "grantAccess", type: env.type, recipient: identities[0]!.recipient },
  };
}

/**
 * Plans where each secret's value comes from in `env` for a command or process that needs the
 * values, from the one status function: the local file, else the store (decrypted only when
 * `read()` is called); a value none of the identities can read counts as missing, with the
 * access fix.
 * @throws StoreTamperedError when a value's metadata contradicts itself.
 */
export function planSecrets(names: readonly string[], env: Environment, inputsIn: DecryptInputs): { sources: Map<string, ValueSource>; missing: MissingSecret[] } {
  const inputs = memoised(inputsIn);
  const sources = new Map<string, ValueSource>();
  const missing: MissingSecret[] = [];
  for (const name of names) {
    const status = secretStatus(name, env, inputs);
    if (status.kind === "localFile") {
      sources.set(name, status);
      continue;
    }
    if (status.kind === "tampered") throw new StoreTamperedError(name, status.reason, status.fix);
    if (status.kind === "missing") {
      missing.push({ name, reason: status.reason, fix: status.fix });
      continue;
    }
    const { value, version } = status;
    const unreadable = unreadableReason(version, env, inputs.identities(), () => inputs.config().access[env.type]);
    if (unreadable) {
      missing.push({ name, ...unreadable });
      continue;
    }
    let cached: string | undefined;
    sources.set(name, { kind: "store", read: () => (cached ??= decryptVersion(name, value, version, inputs.identities(), env)) });
  }
  return { sources, missing };
}
