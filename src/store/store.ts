import type { Config } from "../project/config";
import { withAccess } from "../project/config-write";
import type { EnvType } from "../project/env-types";
import type { X25519Identity } from "./age-decrypt";
import { GainNotConfirmedError, NoRecipientsError, NoSuchVersionError, NotARecipientError, NoValueError, SelectorOverlapError, UnknownSecretError, type AccessGain } from "./errors";
import { encryptValue } from "./encrypt";
import { isEmptySelector, normaliseSelector, overlap, sameSelector, subtractSelector, type Selector } from "./selector";
import type { StoreData, StoredValue, StoredVersion } from "./store-file";
import { updateStore } from "./transaction";
import { bindingFor, canRead, checkEnvTypes, currentVersion, decryptVersion, envTypeMismatch, envTypesNow, expectedRecipients, recipientsFor, typesOfValue, typesReached } from "./values";

export { updateStore } from "./transaction";

function requireRecipients(config: Config, selector: Selector): string[] {
  const recipients = recipientsFor(config, selector);
  if (recipients.length > 0) return recipients;
  const types = typesReached(config, selector);
  throw new NoRecipientsError(types);
}

/** A version with the recipient of whoever wrote it, when known (writing needs no identity). */
function withWriter(version: StoredVersion, writer: string | undefined): StoredVersion {
  return writer === undefined ? version : { ...version, writer };
}

/**
 * Who a new value or version lets read an env type that nobody gave them before: recipients
 * keystash.yaml lists for a type it reaches that no stored version reaching that type is
 * encrypted to (the writer aside). keystash.yaml is plaintext anyone with push access can edit,
 * so a key appended there reads the next value written only once somebody says yes to it.
 */
function writeGains(data: StoreData, config: Config, name: string, types: readonly EnvType[], recipients: readonly string[], writer: string | undefined): AccessGain[] {
  const gains = new Map<string, AccessGain>();
  for (const type of types) {
    const readers = new Set(Object.values(data.secrets).flatMap((values) => values.filter((v) => typesOfValue(config, v).includes(type)).flatMap((v) => v.versions.flatMap((version) => version.recipients))));
    for (const recipient of recipients) {
      if (recipient !== writer && config.access[type].includes(recipient) && !readers.has(recipient)) addGain(gains, recipient, type, name);
    }
  }
  return sortGains(gains);
}

/** What a write needs besides the value: who writes (recorded), when, and the yes to any new reader. */
export interface WriteOptions {
  writer?: string;
  now?: Date;
  confirm: ConfirmGains;
}

/**
 * Encrypts `plaintext` as `version` of a value, to the recipients keystash.yaml lists for its
 * types, once `confirm` accepts whoever that lets read a type for the first time.
 * @throws GainNotConfirmedError when it does not (nothing is written).
 */
async function newVersion(data: StoreData, config: Config, name: string, value: StoredValue, version: number, plaintext: string, options: WriteOptions): Promise<StoredVersion> {
  const recipients = requireRecipients(config, value.selector);
  const gains = writeGains(data, config, name, typesOfValue(config, value), recipients, options.writer);
  if (gains.length > 0 && !(await options.confirm(gains))) throw new GainNotConfirmedError(gains);
  const ciphertext = encryptValue(bindingFor(config, name, value, version, recipients), plaintext);
  return withWriter({ version, created: (options.now ?? new Date()).toISOString(), recipients, ciphertext }, options.writer);
}

/**
 * Appends a new version holding `plaintext` to a value; it becomes current (the highest version).
 * @throws UserError when an environment of the value changed type since it was written.
 */
async function addVersion(data: StoreData, config: Config, name: string, value: StoredValue, plaintext: string, options: WriteOptions): Promise<void> {
  checkEnvTypes(config, name, value);
  value.envTypes ??= envTypesNow(config, value.selector);
  const version = await newVersion(data, config, name, value, Math.max(...value.versions.map((v) => v.version)) + 1, plaintext, options);
  value.versions.push(version);
  value.current = version.version;
}

/**
 * Sets a secret's value for a selector: a new version when a value has exactly this
 * selector, a new value when none overlaps it, else a refusal naming the conflict.
 * Recipients come from keystash.yaml as it is under the store's lock.
 * @returns `created` for a new value, `updated` for a new version.
 */
export async function setSecretValue(root: string, name: string, selectorIn: Selector, plaintext: string, options: WriteOptions): Promise<"created" | "updated"> {
  const selector = normaliseSelector(selectorIn);
  return updateStore(root, async ({ data, config }) => {
    const values = data.secrets[name] ?? [];
    const existing = values.find((v) => sameSelector(v.selector, selector));
    if (existing) {
      await addVersion(data, config, name, existing, plaintext, options);
      return "updated";
    }
    for (const other of values) {
      const shared = overlap(other.selector, selector);
      if (!isEmptySelector(shared)) throw new SelectorOverlapError(name, shared, other.selector);
    }
    const value: StoredValue = { selector, envTypes: envTypesNow(config, selector), current: 1, versions: [] };
    value.versions.push(await newVersion(data, config, name, value, 1, plaintext, options));
    data.secrets[name] = [...values, value];
    return "created";
  });
}

/**
 * Removes env types / environments from the values that hold them (values left with an
 * empty selector are removed). Needs no key: a selector may narrow without re-encryption.
 * @returns how many values changed.
 */
export async function unsetSecretValue(root: string, name: string, selector: Selector): Promise<number> {
  return updateStore(root, ({ data }) => {
    const values = data.secrets[name];
    if (!values) throw new UnknownSecretError(name);
    let changed = 0;
    const kept: StoredValue[] = [];
    for (const value of values) {
      const remaining = subtractSelector(value.selector, selector);
      if (!sameSelector(remaining, value.selector)) changed++;
      if (!isEmptySelector(remaining)) kept.push({ ...value, selector: remaining });
    }
    if (changed === 0) throw new NoValueError(name, selector, false);
    if (kept.length) data.secrets[name] = kept;
    else delete data.secrets[name];
    return changed;
  });
}

/** Deletes a secret and all its values and versions. */
export async function deleteSecret(root: string, name: string): Promise<void> {
  await updateStore(root, ({ data }) => {
    if (!data.secrets[name]) throw new UnknownSecretError(name);
    delete data.secrets[name];
  });
}

/**
 * Rolls the value with exactly `selector` back to version `to` by writing a new version that
 * holds version `to`'s value: the current version is always the highest, and someone who
 * cannot read the value cannot roll it back.
 * @returns the new version's number.
 * @throws UserError when there is no such value or version, or `identities` cannot read it.
 */
export async function rollbackSecret(root: string, name: string, selectorIn: Selector, to: number, identities: readonly X25519Identity[], confirm: ConfirmGains, now = new Date()): Promise<number> {
  const selector = normaliseSelector(selectorIn);
  return updateStore(root, async ({ data, config }) => {
    const value = data.secrets[name]?.find((v) => sameSelector(v.selector, selector));
    if (!value) throw new NoValueError(name, selector, true);
    const old = value.versions.find((v) => v.version === to);
    if (!old) throw new NoSuchVersionError(name, selector, to);
    const type = typesReached(config, selector)[0] ?? "local";
    await addVersion(data, config, name, value, decryptVersion(name, value, old, identities, { name: type, type }), { writer: identities[0]?.recipient, now, confirm });
    return value.current;
  });
}

/** A value keystash could not re-encrypt, and who can. */
export interface UnsyncedValue {
  name: string;
  selector: Selector;
  why: "unreadable" | "typeChanged";
  /** For `unreadable`: the recipients of its current version (any of them can run `access sync`). */
  readers: string[];
}

/** A recipient that a re-encryption lets read an env type's values it could not read before. */
/** What a sync did (or, refused, would have done): the secrets re-encrypted, who gained what, and the values it could not. */
export interface SyncResult {
  reencrypted: string[];
  gains: AccessGain[];
  unsynced: UnsyncedValue[];
}

/**
 * Asked with the gains before anything is written; false refuses the whole change. Every
 * command that re-encrypts passes one, so nobody gains access without it being said.
 */
export type ConfirmGains = (gains: readonly AccessGain[]) => boolean | Promise<boolean>;

function addGain(gains: Map<string, AccessGain>, recipient: string, type: EnvType, name: string): void {
  const key = `${type} ${recipient}`;
  const gain = gains.get(key) ?? { recipient, type, secrets: [] };
  if (!gain.secrets.includes(name)) gain.secrets.push(name);
  gains.set(key, gain);
}

/**
 * Re-encrypts every version of every value (reaching `type`, when given) whose recipients
 * differ from what keystash.yaml lists for its types. Each version is decrypted first, and its
 * authenticated header must agree with the plaintext metadata: a store whose plaintext claims
 * lower types than it was written for is refused as tampered before anything is re-encrypted.
 * Values the identities cannot read, or whose environments changed type since they were
 * written, are left as they are and reported.
 */
function syncValues(data: StoreData, config: Config, identities: readonly X25519Identity[], type?: EnvType): SyncResult {
  const reencrypted = new Set<string>();
  const unsynced: UnsyncedValue[] = [];
  const gains = new Map<string, AccessGain>();
  for (const [name, values] of Object.entries(data.secrets)) {
    for (const value of values) {
      const types = typesOfValue(config, value);
      if (type !== undefined && !types.includes(type)) continue;
      const expected = expectedRecipients(config, value);
      if (value.versions.every((v) => sameList(v.recipients, expected))) continue;
      if (envTypeMismatch(config, value)) {
        unsynced.push({ name, selector: value.selector, why: "typeChanged", readers: [] });
        continue;
      }
      if (expected.length === 0) requireRecipients(config, value.selector);
      const current = currentVersion(value);
      if (!value.versions.every((v) => canRead(identities, v))) {
        unsynced.push({ name, selector: value.selector, why: "unreadable", readers: current.recipients });
        continue;
      }
      const label = types[0] ?? "local";
      const before = new Set(value.versions.flatMap((v) => v.recipients));
      // Only versions whose recipients differ: a version re-encrypted to the same keys would look
      // like a ciphertext replaced in place, which history verification refuses.
      for (const version of value.versions.filter((v) => !sameList(v.recipients, expected))) {
        const plaintext = decryptVersion(name, value, version, identities, { name: label, type: label });
        version.ciphertext = encryptValue(bindingFor(config, name, value, version.version, expected), plaintext);
        version.recipients = expected;
      }
      for (const recipient of expected.filter((r) => !before.has(r))) {
        for (const reached of types.filter((t) => config.access[t].includes(recipient))) addGain(gains, recipient, reached, name);
      }
      reencrypted.add(name);
    }
  }
  return { reencrypted: [...reencrypted].sort(), gains: sortGains(gains), unsynced };
}

function sortGains(gains: Map<string, AccessGain>): AccessGain[] {
  const sorted = [...gains.values()].sort((a, b) => (a.type === b.type ? (a.recipient < b.recipient ? -1 : 1) : a.type < b.type ? -1 : 1));
  for (const gain of sorted) gain.secrets.sort();
  return sorted;
}

/** Runs a sync and asks `confirm` about its gains before the transaction writes anything. */
async function confirmedSync(data: StoreData, config: Config, identities: readonly X25519Identity[], type: EnvType | undefined, confirm: ConfirmGains): Promise<SyncResult> {
  const result = syncValues(data, config, identities, type);
  if (result.gains.length > 0 && !(await confirm(result.gains))) throw new GainNotConfirmedError(result.gains);
  return result;
}

const sameList = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && [...a].sort().every((item, i) => item === b[i]);

/** What `changeAccess` did. */
export interface AccessChange extends SyncResult {
  /** False when nothing in keystash.yaml changed (`add` of a recipient already listed). */
  changed: boolean;
  /** For `remove`: the secrets whose current value the recipient could read in that type. */
  couldRead: string[];
  /** For `remove`: values of that type the recipient still reads through another type it is listed for. */
  stillReads: { name: string; selector: Selector; through: EnvType[] }[];
}

/**
 * Adds or removes a recipient of an env type: keystash.yaml's `access` list, then a sync of
 * every value reaching that type (see `syncAccess`), under one lock and committed together.
 * Adding a recipient that is already listed still syncs: that is how a merged grant lands.
 * @throws UserError when removing a recipient that is not listed (nothing is written).
 */
export async function changeAccess(
  root: string,
  action: "add" | "remove",
  type: EnvType,
  recipient: string,
  identities: readonly X25519Identity[],
  confirm: ConfirmGains,
): Promise<AccessChange> {
  return updateStore(root, async (tx) => {
    const current = tx.config.access[type];
    if (action === "remove" && !current.includes(recipient)) {
      throw new NotARecipientError(recipient, type);
    }
    const changed = action === "remove" || !current.includes(recipient);
    const couldRead = action === "remove" ? readableBy(tx.data, tx.config, type, recipient) : [];
    if (changed) tx.writeConfig(withAccess(tx.configText, type, action === "add" ? [...current, recipient] : current.filter((r) => r !== recipient), tx.config.recipientNames));
    const result = await confirmedSync(tx.data, tx.config, identities, type, confirm);
    const stillReads = action === "remove" ? stillReadable(tx.data, tx.config, type, recipient) : [];
    return { changed, couldRead, stillReads, ...result };
  });
}

/**
 * `keystash access sync`: re-encrypts every value whose recipients differ from keystash.yaml
 * (of one type, when given) with the caller's identities; reports what it could not.
 * @throws GainNotConfirmedError when `confirm` refuses the recipients it would grant (nothing written).
 */
export async function syncAccess(root: string, identities: readonly X25519Identity[], confirm: ConfirmGains, type?: EnvType): Promise<SyncResult> {
  return updateStore(root, (tx) => confirmedSync(tx.data, tx.config, identities, type, confirm));
}

/** Values reaching `type` that `recipient` can still read because it is listed for another type they reach. */
function stillReadable(data: StoreData, config: Config, type: EnvType, recipient: string): AccessChange["stillReads"] {
  const found: AccessChange["stillReads"] = [];
  for (const [name, values] of Object.entries(data.secrets)) {
    for (const value of values) {
      const types = typesOfValue(config, value);
      if (!types.includes(type)) continue;
      const through = types.filter((t) => config.access[t].includes(recipient));
      if (through.length > 0) found.push({ name, selector: value.selector, through });
    }
  }
  return found;
}

/** Secrets whose current value a recipient can read in the env type (metadata only). */
export function readableBy(data: StoreData, config: Config, type: EnvType, recipient: string): string[] {
  return Object.entries(data.secrets)
    .filter(([, values]) => values.some((v) => typesOfValue(config, v).includes(type) && canRead([{ recipient }], currentVersion(v))))
    .map(([name]) => name)
    .sort();
}
