import * as fs from "node:fs";
import * as path from "node:path";
import type { Config } from "../project/config";
import type { EnvType } from "../project/env-types";
import { UserError } from "../project/errors";
import { writeFileAtomic } from "../project/write-file-atomic";
import type { X25519Identity } from "./age-decrypt";
import { encryptValue } from "./encrypt";
import { withStoreLock } from "./lock";
import { describeSelector, isEmptySelector, normaliseSelector, overlap, sameSelector, subtractSelector, type Selector } from "./selector";
import { parseStore, serializeStore, storePath, type StoreData, type StoredValue } from "./store-file";
import { currentVersion, decryptVersion, recipientsFor, typesReached } from "./values";

/**
 * Reads the store under its lock, lets `change` edit it, and writes it back atomically
 * when (and only when) the bytes changed. A failure anywhere leaves the file as it was.
 */
export async function updateStore<T>(root: string, change: (data: StoreData) => Promise<T>): Promise<T> {
  const file = storePath(root);
  return withStoreLock(file, async () => {
    removeLeftoverTempFiles(file);
    const before = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : null;
    const data = before === null ? { secrets: {} } : parseStore(before);
    const result = await change(data);
    const after = serializeStore(data);
    if (after !== before && !(before === null && Object.keys(data.secrets).length === 0)) writeFileAtomic(file, after);
    return result;
  });
}

/** Temp files of writers that were killed mid-write (safe to remove: we hold the lock). */
function removeLeftoverTempFiles(file: string): void {
  const prefix = `.${path.basename(file)}.`;
  for (const name of fs.readdirSync(path.dirname(file))) {
    if (name.startsWith(prefix) && name.endsWith(".tmp")) fs.rmSync(path.join(path.dirname(file), name), { force: true });
  }
}

function requireRecipients(config: Config, selector: Selector): string[] {
  const recipients = recipientsFor(config, selector);
  if (recipients.length > 0) return recipients;
  const types = typesReached(config, selector);
  throw new UserError(
    `store: nobody can read ${types.join(", ") || "that selector"}: keystash.yaml lists no recipient under access.${types[0] ?? "<type>"}`,
    `add one first: keystash access add --type ${types[0] ?? "<type>"} age1...`,
  );
}

/**
 * Sets a secret's value for a selector: a new version when a value has exactly this
 * selector, a new value when none overlaps it, else a refusal naming the conflict.
 * @returns `created` for a new value, `updated` for a new version.
 */
export async function setSecretValue(root: string, config: Config, name: string, selectorIn: Selector, plaintext: string, now = new Date()): Promise<"created" | "updated"> {
  const selector = normaliseSelector(selectorIn);
  const recipients = requireRecipients(config, selector);
  return updateStore(root, async (data) => {
    const values = (data.secrets[name] ??= []);
    const existing = values.find((v) => sameSelector(v.selector, selector));
    if (!existing) {
      for (const other of values) {
        const shared = overlap(other.selector, selector);
        if (!isEmptySelector(shared)) {
          throw new UserError(
            `secret set: '${name}' already has a value for ${describeSelector(shared)} (the value set with ${describeSelector(other.selector)})`,
            `set that value with exactly ${describeSelector(other.selector)}, or first remove the overlap: keystash secret unset ${describeSelector(shared)} ${name}`,
          );
        }
      }
    }
    const version = existing ? Math.max(...existing.versions.map((v) => v.version)) + 1 : 1;
    const ciphertext = await encryptValue({ name, selector, version }, plaintext, recipients);
    const entry = { version, created: now.toISOString(), recipients, ciphertext };
    if (existing) {
      existing.versions.push(entry);
      existing.current = version;
      return "updated";
    }
    values.push({ selector, current: version, versions: [entry] });
    return "created";
  });
}

/**
 * Removes env types / environments from the values that hold them (values left with an
 * empty selector are removed). Needs no key: a selector may narrow without re-encryption.
 * @returns how many values changed.
 */
export async function unsetSecretValue(root: string, name: string, selector: Selector): Promise<number> {
  return updateStore(root, async (data) => {
    const values = data.secrets[name];
    if (!values) throw new UserError(`secret unset: no secret named '${name}' in the store`, "see `keystash secret list`");
    let changed = 0;
    const kept: StoredValue[] = [];
    for (const value of values) {
      const remaining = subtractSelector(value.selector, selector);
      if (!sameSelector(remaining, value.selector)) changed++;
      if (!isEmptySelector(remaining)) kept.push({ ...value, selector: remaining });
    }
    if (changed === 0) throw new UserError(`secret unset: '${name}' has no value for ${describeSelector(selector)}`, "see `keystash secret list " + name + "`");
    if (kept.length) data.secrets[name] = kept;
    else delete data.secrets[name];
    return changed;
  });
}

/** Deletes a secret and all its values and versions. */
export async function deleteSecret(root: string, name: string): Promise<void> {
  await updateStore(root, async (data) => {
    if (!data.secrets[name]) throw new UserError(`secret delete: no secret named '${name}' in the store`, "see `keystash secret list`");
    delete data.secrets[name];
  });
}

/** Points the value with exactly `selector` back at an earlier version. */
export async function rollbackSecret(root: string, name: string, selectorIn: Selector, to: number): Promise<void> {
  const selector = normaliseSelector(selectorIn);
  await updateStore(root, async (data) => {
    const value = data.secrets[name]?.find((v) => sameSelector(v.selector, selector));
    if (!value) throw new UserError(`secret rollback: '${name}' has no value set with ${describeSelector(selector)}`, `see \`keystash secret history ${name}\``);
    if (!value.versions.some((v) => v.version === to)) {
      throw new UserError(`secret rollback: '${name}' (${describeSelector(selector)}) has no version ${to}`, `see \`keystash secret history ${name}\``);
    }
    value.current = to;
  });
}

/**
 * Re-encrypts every version of every value that reaches `type` to the recipients that
 * `config` now gives (decrypting with `identities`). All or nothing: when any version cannot
 * be read, nothing is written.
 * @returns the names of the secrets re-encrypted.
 */
export async function reencryptType(root: string, config: Config, type: EnvType, identities: readonly X25519Identity[]): Promise<string[]> {
  return updateStore(root, async (data) => {
    const touched: string[] = [];
    for (const [name, values] of Object.entries(data.secrets)) {
      for (const value of values) {
        if (!typesReached(config, value.selector).includes(type)) continue;
        const recipients = requireRecipients(config, value.selector);
        for (const version of value.versions) {
          const plaintext = decryptVersion(name, value, version, identities, { name: type, type });
          version.ciphertext = await encryptValue({ name, selector: value.selector, version: version.version }, plaintext, recipients);
          version.recipients = recipients;
        }
        if (!touched.includes(name)) touched.push(name);
      }
    }
    return touched.sort();
  });
}

/** Secrets whose current value a recipient can read in the env type (metadata only). */
export function readableBy(data: StoreData, config: Config, type: EnvType, recipient: string): string[] {
  return Object.entries(data.secrets)
    .filter(([, values]) => values.some((v) => typesReached(config, v.selector).includes(type) && currentVersion(v).recipients.includes(recipient)))
    .map(([name]) => name)
    .sort();
}
