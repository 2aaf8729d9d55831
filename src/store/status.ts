import type { Config } from "../project/config";
import { typeOfEnvironment, type Environment } from "../project/environments";
import { ENV_TYPES } from "../project/env-types";
import type { Fix } from "../project/fix";
import type { StoreData, StoredValue, StoredVersion } from "./store-file";
import { currentVersion, envTypeMismatch, missingReason, overSharedRecipients, pendingRecipients, resolveValue, stanzaCount } from "./values";

/**
 * What environment E reads for NAME, from where, and whether that can be trusted: the one
 * answer behind `check`, `secret list`, `secret get`, `run`, `export`, the runtime and every
 * dashboard cell. Judged from metadata alone (no identity); decryption then checks the
 * ciphertext's authenticated header on top.
 * - `localFile`: `.secrets.local.cue` (local environments only; it wins);
 * - `set`: a store value; `via` says whether it names E or serves E's type (inherited);
 *   `pending` lists recipients keystash.yaml lists that it is not encrypted to yet, and
 *   `overShared` recipients it is still encrypted to that are no longer listed (rotate);
 * - `missing`: no usable value (never set, set for others only, type changed since, or
 *   readable by nobody keystash.yaml lists), with the reason and the one fix;
 * - `tampered`: the metadata contradicts itself (a ciphertext with more readers than it lists).
 */
export type SecretStatus =
  | { kind: "localFile"; value: string }
  | { kind: "set"; via: "env" | "type"; value: StoredValue; version: StoredVersion; pending: string[]; overShared: string[] }
  | { kind: "missing"; reason: string; fix: Fix }
  | { kind: "tampered"; reason: string; fix: Fix };

/** What to read each input from; each is called at most once, and only when needed. */
export interface StatusInputs {
  config: () => Config;
  localOverrides: () => ReadonlyMap<string, string>;
  store: () => StoreData;
}

// A version's stanzas are counted once, however many environments ask (the dashboard asks per column).
const stanzaCounts = new WeakMap<StoredVersion, number | undefined>();
function stanzasOf(version: StoredVersion): number | undefined {
  if (!stanzaCounts.has(version)) stanzaCounts.set(version, stanzaCount(version.ciphertext));
  return stanzaCounts.get(version);
}

/**
 * The status of one secret in one environment (see SecretStatus). Never throws on store
 * content: a contradiction is a `tampered` status.
 */
export function secretStatus(name: string, env: Environment, inputs: StatusInputs): SecretStatus {
  const override = env.type === "local" ? inputs.localOverrides().get(name) : undefined;
  if (override !== undefined) return { kind: "localFile", value: override };
  const values = inputs.store().secrets[name];
  const value = resolveValue(values, env);
  if (!value) return { kind: "missing", reason: missingReason(values), fix: { kind: "set", name, type: env.type } };
  const config = inputs.config();
  const version = currentVersion(value);
  for (const v of value.versions) {
    const stanzas = stanzasOf(v);
    if (stanzas !== undefined && stanzas !== v.recipients.length) {
      return {
        kind: "tampered",
        reason: `version ${v.version} is encrypted to ${stanzas} keys but lists ${v.recipients.length} recipients`,
        fix: { kind: "restoreStore", review: true },
      };
    }
  }
  const mismatch = envTypeMismatch(config, value);
  if (mismatch) {
    return {
      kind: "missing",
      reason: `set when ${mismatch.env} was ${mismatch.recorded}, but keystash.yaml now says ${mismatch.now ?? "nothing"}`,
      fix: { kind: "setAgain", name, env: mismatch.env },
    };
  }
  const listed = config.access[env.type];
  if (!version.recipients.some((r) => listed.includes(r))) {
    return { kind: "missing", reason: `set, but not readable by any recipient keystash.yaml lists for ${env.type}`, fix: { kind: "syncAccess", type: env.type, by: "valueReader" } };
  }
  const via = value.selector.envs.includes(env.name) ? "env" : "type";
  return { kind: "set", via, value, version, pending: pendingRecipients(config, value), overShared: overSharedRecipients(config, value) };
}

/**
 * The status of one secret in every environment it can be read in: each env type, then each
 * environment a value of it names (with the type keystash.yaml gives it). What a summary of a
 * secret (`secret list`, `access audit`) judges from, so a value set only for `--env staging`
 * is seen too.
 */
export function statusesOf(name: string, inputs: StatusInputs): { env: Environment; status: SecretStatus }[] {
  const config = inputs.config();
  const named = [...new Set((inputs.store().secrets[name] ?? []).flatMap((v) => v.selector.envs))].sort();
  const envs: Environment[] = [...ENV_TYPES.map((type) => ({ name: type, type })), ...named.map((env) => ({ name: env, type: typeOfEnvironment(config, env) ?? "development" }))];
  return envs.map((env) => ({ env, status: secretStatus(name, env, inputs) }));
}
