import type { Environment } from "../project/environments";
import type { X25519Identity } from "./age-decrypt";
import type { StoreData, StoredValue, StoredVersion } from "./store-file";
import { currentVersion, decryptVersion, missingReason, resolveValue } from "./values";

/**
 * Where environment E reads NAME from, before anything is decrypted: `.secrets.local.cue`
 * (local environments only; it wins), else the store's value for E, else nothing. This is the
 * one resolution path behind `secret get`, `run`, `export`, `check`, `secret list`, the
 * runtime loader and the dashboard.
 */
export type Resolution =
  | { kind: "localFile"; value: string }
  | { kind: "store"; value: StoredValue; version: StoredVersion }
  | { kind: "missing"; reason: string; fix: string };

/** A declared secret with no usable value, why, and the one command that fixes it. */
export interface MissingSecret {
  name: string;
  reason: string;
  fix: string;
}

/** Where a value comes from once planned: the local file's text, or a store value decrypted on first read. */
export type ValueSource = { kind: "localFile"; value: string } | { kind: "store"; read: () => string };

/** What to read each input from; each is called at most once, and only when needed. */
export interface ResolveInputs {
  localOverrides: () => ReadonlyMap<string, string>;
  store: () => StoreData;
}

/** Inputs for commands that decrypt: also the process identities, and who keystash.yaml lists per type. */
export interface DecryptInputs extends ResolveInputs {
  identities: () => readonly X25519Identity[];
  /** The recipients keystash.yaml lists for the env type (read only to explain a refusal). */
  listed: () => readonly string[];
}

function once<T>(load: () => T): () => T {
  let loaded: { value: T } | undefined;
  return () => (loaded ??= { value: load() }).value;
}

/** Memoises every input, so one plan reads each file once. */
function memoised<T extends object>(inputs: T): T {
  return Object.fromEntries(Object.entries(inputs).map(([key, load]) => [key, once(load as () => unknown)])) as T;
}

/** Resolves one secret for `env` (see Resolution). Reads only metadata: nothing is decrypted. */
export function resolveSecret(name: string, env: Environment, inputs: ResolveInputs): Resolution {
  const override = env.type === "local" ? inputs.localOverrides().get(name) : undefined;
  if (override !== undefined) return { kind: "localFile", value: override };
  const values = inputs.store().secrets[name];
  const value = resolveValue(values, env);
  if (!value) return { kind: "missing", reason: missingReason(values), fix: `keystash secret set --type ${env.type} ${name}` };
  return { kind: "store", value, version: currentVersion(value) };
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
): { reason: string; fix: string } | undefined {
  if (identities.some((identity) => version.recipients.includes(identity.recipient))) return undefined;
  if (identities.length === 0) {
    return { reason: "set, but no identity is available to decrypt it", fix: "set KEYSTASH_IDENTITY or KEYSTASH_IDENTITY_FILE, or run `keystash init` and ask for access" };
  }
  const own = identities.find((identity) => listed().includes(identity.recipient));
  if (own) {
    return {
      reason: `set, but not re-encrypted for you yet (you are listed for ${env.type})`,
      fix: `ask someone who can read ${env.type} to run \`keystash access sync\``,
    };
  }
  return {
    reason: "set, but this identity is not among its recipients",
    fix: `ask someone who can read ${env.type} to run: keystash access add --type ${env.type} ${identities[0]!.recipient}`,
  };
}

/**
 * Plans where each secret's value comes from in `env` for a command or process that needs the
 * values: the local file, else the store (decrypted only when `read()` is called); a value
 * none of the identities can read counts as missing, with the access fix.
 */
export function planSecrets(names: readonly string[], env: Environment, inputsIn: DecryptInputs): { sources: Map<string, ValueSource>; missing: MissingSecret[] } {
  const inputs = memoised(inputsIn);
  const sources = new Map<string, ValueSource>();
  const missing: MissingSecret[] = [];
  for (const name of names) {
    const resolution = resolveSecret(name, env, inputs);
    if (resolution.kind === "localFile") {
      sources.set(name, resolution);
      continue;
    }
    if (resolution.kind === "missing") {
      missing.push({ name, reason: resolution.reason, fix: resolution.fix });
      continue;
    }
    const { value, version } = resolution;
    const unreadable = unreadableReason(version, env, inputs.identities(), inputs.listed);
    if (unreadable) {
      missing.push({ name, ...unreadable });
      continue;
    }
    let cached: string | undefined;
    sources.set(name, { kind: "store", read: () => (cached ??= decryptVersion(name, value, version, inputs.identities(), env)) });
  }
  return { sources, missing };
}
