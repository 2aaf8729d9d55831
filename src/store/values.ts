import type { Config } from "../project/config";
import { typeOfEnvironment, type Environment } from "../project/environments";
import type { EnvType } from "../project/env-types";
import { EnvTypeChangedError, NotAReaderError, StoreTamperedError } from "./errors";
import type { X25519Identity } from "./age-decrypt";
import type { StoredValue, StoredVersion } from "./store-file";
import type { Selector } from "./selector";
import { emptyRecord, ownValue } from "../project/records";
import { lazy } from "../lazy";
import type { Binding } from "./envelope";

// Loaded on first decryption, not at start-up (node:crypto takes a few milliseconds to load).
const ageDecrypt = lazy(() => require("./age-decrypt") as typeof import("./age-decrypt"));
const envelope = lazy(() => require("./envelope") as typeof import("./envelope"));

/** The env types a selector reaches: its types plus the type of each named environment. */
export function typesReached(config: Config, selector: Selector): EnvType[] {
  const types = new Set<EnvType>(selector.types);
  for (const env of selector.envs) {
    const type = typeOfEnvironment(config, env);
    if (type) types.add(type);
  }
  return [...types];
}

/** The recipients a value with this selector must be encrypted to. */
export function recipientsFor(config: Config, selector: Selector): string[] {
  return [...new Set(typesReached(config, selector).flatMap((type) => config.access[type]))].sort();
}

/**
 * The env types a stored value reaches: its types, plus the type recorded for each of its
 * environments when it was written (keystash.yaml's, for values written before types were recorded).
 */
export function typesOfValue(config: Config, value: StoredValue): EnvType[] {
  const types = new Set<EnvType>(value.selector.types);
  for (const env of value.selector.envs) {
    const type = (value.envTypes && ownValue(value.envTypes, env)) ?? typeOfEnvironment(config, env);
    if (type) types.add(type);
  }
  return [...types];
}

/** The recipients keystash.yaml lists, now, for every type a stored value reaches: what it must be encrypted to. */
export function expectedRecipients(config: Config, value: StoredValue): string[] {
  return [...new Set(typesOfValue(config, value).flatMap((type) => config.access[type]))].sort();
}

/** Recipients keystash.yaml lists for a value's types that its current version is not encrypted to yet (drift). */
export function pendingRecipients(config: Config, value: StoredValue): string[] {
  const actual = currentVersion(value).recipients;
  return expectedRecipients(config, value).filter((recipient) => !actual.includes(recipient));
}

/** The type keystash.yaml gives each of a selector's environments now: what a new value records. */
export function envTypesNow(config: Config, selector: Selector): Record<string, EnvType> {
  const types = emptyRecord<EnvType>();
  for (const env of selector.envs) {
    const type = typeOfEnvironment(config, env);
    if (type) types[env] = type;
  }
  return types;
}

/**
 * The first environment of a stored value whose recorded type keystash.yaml now contradicts
 * (`staging` set as development, now mapped to production), or undefined.
 */
export function envTypeMismatch(config: Config, value: StoredValue): { env: string; recorded: EnvType; now: EnvType | undefined } | undefined {
  for (const env of value.selector.envs) {
    const recorded = value.envTypes && ownValue(value.envTypes, env);
    const now = typeOfEnvironment(config, env);
    if (recorded && recorded !== now) return { env, recorded, now };
  }
  return undefined;
}

/**
 * Refuses to re-encrypt a value whose environments changed type since it was written: that
 * would hand, say, a production value to development keys.
 * @throws UserError naming the value, both types and the fix.
 */
export function checkEnvTypes(config: Config, name: string, value: StoredValue): void {
  const mismatch = envTypeMismatch(config, value);
  if (!mismatch) return;
  throw new EnvTypeChangedError(name, value.selector, mismatch.env, mismatch.recorded, mismatch.now);
}

/** The value that serves environment E of type T: the one naming E, else the one containing T. */
export function resolveValue(values: readonly StoredValue[] | undefined, env: Environment): StoredValue | undefined {
  if (!values) return undefined;
  return values.find((v) => v.selector.envs.includes(env.name)) ?? values.find((v) => v.selector.types.includes(env.type));
}

/** The version a value currently uses. */
export function currentVersion(value: StoredValue): StoredVersion {
  return value.versions.find((v) => v.version === value.current)!;
}

/** What a version of a value binds into its ciphertext (see envelope.ts), written now. */
export function bindingFor(config: Config, name: string, value: StoredValue, version: number, recipients: readonly string[]): Binding {
  return { name, selector: value.selector, version, types: typesOfValue(config, value), envTypes: value.envTypes ?? envTypesNow(config, value.selector), recipients };
}

/** The age header's recipient stanzas, counted without any key: more than the listed recipients means a hidden reader. */
export function stanzaCount(armored: string): number | undefined {
  const body = armored.split("\n").filter((line) => line !== "" && !line.startsWith("-----")).join("");
  const bytes = Buffer.from(body, "base64");
  const end = bytes.indexOf("\n---");
  if (end < 0) return undefined;
  return bytes.subarray(0, end).toString("latin1").split("\n").filter((line) => line.startsWith("-> ")).length;
}

/**
 * Decrypts one version of a value and checks its authenticated header against the store's
 * plaintext metadata (envelope.ts).
 * @throws UserError when no identity can read it (saying who can grant access) or when it
 *   is tampered or corrupted (never a wrong value).
 */
export function decryptVersion(
  name: string,
  value: StoredValue,
  version: StoredVersion,
  identities: readonly X25519Identity[],
  env: Environment,
): string {
  const { AgeDecryptError, decryptArmored } = ageDecrypt();
  const { openEnvelope } = envelope();
  const tampered = (why: string, cause?: unknown) =>
    new StoreTamperedError(name, why, { kind: "restoreStore", review: true }, { version: version.version, cause });
  let plaintext: Buffer;
  try {
    plaintext = decryptArmored(version.ciphertext, identities);
  } catch (error) {
    if (error instanceof AgeDecryptError && error.reason === "noMatch") {
      const listedMe = identities.find((identity) => version.recipients.includes(identity.recipient));
      if (listedMe) throw tampered(`its recipients list ${listedMe.recipient}, but its ciphertext is not encrypted to that key`, error);
      throw new NotAReaderError(name, env, identities[0]?.recipient, error);
    }
    throw new StoreTamperedError(name, `corrupted or tampered (${(error as Error).message})`, { kind: "restoreStore", review: false }, { version: version.version, cause: error });
  }
  const opened = openEnvelope(plaintext, { name, selector: value.selector, version: version.version, envTypes: value.envTypes, recipients: version.recipients });
  if (!opened.ok) throw tampered(opened.reason);
  return opened.value;
}

/**
 * Recipients some version of a value is still encrypted to that keystash.yaml no longer lists
 * for any type the value reaches (over-shared: they hold a copy, so the value must be rotated).
 */
export function overSharedRecipients(config: Config, value: StoredValue): string[] {
  const expected = new Set(expectedRecipients(config, value));
  return [...new Set(value.versions.flatMap((v) => v.recipients))].filter((recipient) => !expected.has(recipient)).sort();
}

/** Why a secret has no value for an environment: never set, or set only for others (named). */
export function missingReason(values: readonly StoredValue[] | undefined): string {
  if (!values || values.length === 0) return "never set";
  const types = [...new Set(values.flatMap((v) => v.selector.types))];
  const envs = [...new Set(values.flatMap((v) => v.selector.envs))];
  const parts = [types.length ? `env types ${types.join(", ")}` : "", envs.length ? `environments ${envs.join(", ")}` : ""].filter(Boolean);
  return `set only for ${parts.join(" and ")}`;
}

/** Whether one of `identities` is a recipient of `version`, so it can decrypt it: the one read-access check. */
export function canRead(identities: readonly { recipient: string }[], version: { recipients: readonly string[] }): boolean {
  return identities.some((identity) => version.recipients.includes(identity.recipient));
}
