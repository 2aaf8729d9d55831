import * as fs from "node:fs";
import * as path from "node:path";
import { ENV_TYPES, type EnvType } from "../project/env-types";
import { UserError } from "../project/errors";
import { StoreCorruptError } from "./errors";
import { emptyRecord } from "../project/records";
import { secretNameProblem } from "../analyzer/names";
import { normaliseSelector } from "./selector";
import { readCanonicalStore, type StoreData, type StoredValue, type StoredVersion } from "./store-format";

export type { StoreData, StoredValue, StoredVersion };
import { lazy } from "../lazy";

// Only for a store outside the canonical layout (hand edits, merges).
const yamlLibrary = lazy(() => require("../vendor/yaml") as typeof import("yaml"));

import { STORE_FILE } from "../project/file-names";
export { STORE_FILE };


/** A store with no secrets (names are plain keys: see emptyRecord). */
export const emptyStore = (): StoreData => ({ secrets: emptyRecord() });

/** The store's absolute path for an app root. */
export const storePath = (root: string): string => path.join(root, STORE_FILE);

/** Far larger than any real store (1,000 secrets take about 1.5 MB): refused before parsing. */
const MAX_STORE_BYTES = 64 * 1024 * 1024;

const corrupt = (what: string, line?: number): StoreCorruptError => new StoreCorruptError(what, line);

/** Git's conflict markers: a merge stopped with both branches' text in the file. */
function conflictMarkerLine(text: string): number | undefined {
  const match = /^(?:<{7}|={7}|>{7})(?: |$)/m.exec(text);
  return match ? text.slice(0, match.index).split("\n").length : undefined;
}

/**
 * The text of the store file (or of keystash.yaml beside it), null when it does not exist.
 * What is read is what was checked: the open file itself must be a regular file of sane size
 * (a symlink to /dev/zero or a FIFO would otherwise be read forever).
 * @throws UserError naming the file when it is not a regular file, too large or unreadable.
 */
export function readRegularFile(file: string, label: string): string | null {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) throw new UserError(`store: ${label} is not a regular file`, `replace it with the file from git: git checkout -- ${label}`);
    if (stat.size > MAX_STORE_BYTES) throw corrupt(`is larger than ${MAX_STORE_BYTES / 1024 / 1024} MiB, far more than any store holds`);
    return fs.readFileSync(fd, "utf8");
  } catch (error) {
    if (error instanceof UserError) throw error;
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw new UserError(`store: cannot read ${label}: ${(error as NodeJS.ErrnoException).code ?? "error"}`);
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/**
 * Reads and checks the store; an absent store is empty.
 * @throws UserError naming the secret and the problem when the file is corrupted.
 */
export function readStore(root: string): StoreData {
  const text = readRegularFile(storePath(root), STORE_FILE);
  return text === null ? emptyStore() : parseStore(text);
}

/** Parses the store file's text: the canonical layout directly, anything else as YAML. */
export function parseStore(text: string): StoreData {
  const conflict = conflictMarkerLine(text);
  if (conflict !== undefined) {
    throw new StoreCorruptError("git conflict markers (<<<<<<< ======= >>>>>>>): a merge left both branches' entries in the file", conflict, { kind: "removeConflictMarkers" });
  }
  const raw = readCanonicalStore(text) ?? parseYamlStore(text);
  if (raw === null) return emptyStore();
  const secrets = emptyRecord<StoredValue[]>();
  for (const [name, values] of Object.entries(raw.secrets)) {
    const problem = secretNameProblem(name);
    if (problem !== undefined) throw corrupt(`${JSON.stringify(name.slice(0, 64))} is not a valid secret name: ${problem}`);
    if (!Array.isArray(values)) throw corrupt(`secret '${name}' must be a list of values`);
    secrets[name] = values.map((value, index) => checkValue(name, index + 1, value));
  }
  return { secrets };
}

function parseYamlStore(text: string): { secrets: Record<string, unknown> } | null {
  const YAML = yamlLibrary();
  const lines = new YAML.LineCounter();
  const doc = YAML.parseDocument(text, { lineCounter: lines, uniqueKeys: true });
  if (doc.errors[0]) throw corrupt(`not valid YAML (${doc.errors[0].message.split("\n")[0]})`, lines.linePos(doc.errors[0].pos[0]).line);
  let raw: { version?: unknown; secrets?: unknown } | null;
  try {
    // A store never uses aliases: refusing them all stops "billion laughs" expansion.
    raw = doc.toJS({ maxAliasCount: 0 }) as typeof raw;
  } catch {
    throw corrupt("uses YAML aliases (*name), which a store never has");
  }
  if (raw === null) return null;
  if (typeof raw !== "object" || raw.version !== 1) throw corrupt("expected `version: 1` at the top");
  const secrets = raw.secrets ?? {};
  if (typeof secrets !== "object" || secrets === null || Array.isArray(secrets)) throw corrupt("`secrets` must be a mapping of names to values");
  return { secrets: secrets as Record<string, unknown> };
}

/** `envTypes: ["staging=development", ...]`: one entry per environment of the selector. */
function parseEnvTypes(raw: unknown, envs: readonly string[], where: string): Record<string, EnvType> | undefined {
  if (raw === undefined) return undefined;
  const types = emptyRecord<EnvType>();
  if (!Array.isArray(raw)) throw corrupt(`${where} has an invalid selector.envTypes`);
  for (const entry of raw) {
    const [env, type] = typeof entry === "string" ? entry.split("=") : [];
    if (env === undefined || !envs.includes(env) || !(ENV_TYPES as readonly unknown[]).includes(type)) throw corrupt(`${where} has an invalid selector.envTypes entry`);
    types[env] = type as EnvType;
  }
  return types;
}

function checkValue(name: string, index: number, raw: unknown): StoredValue {
  const where = `secret '${name}' value ${index}`;
  // The shape first: a store from a hostile branch may hold anything where a mapping belongs.
  const isMapping = (x: unknown): boolean => typeof x === "object" && x !== null && !Array.isArray(x);
  if (!isMapping(raw)) throw corrupt(`${where} is not a mapping (selector, current, versions)`);
  if ((raw as { selector?: unknown }).selector !== undefined && !isMapping((raw as { selector?: unknown }).selector)) throw corrupt(`${where} has a selector that is not a mapping`);
  const value = raw as { selector?: { types?: unknown; envs?: unknown; envTypes?: unknown }; envTypes?: Record<string, EnvType>; current?: unknown; versions?: unknown };
  const types = value?.selector?.types ?? [];
  const envs = value?.selector?.envs ?? [];
  if (!Array.isArray(types) || !types.every((t) => (ENV_TYPES as readonly unknown[]).includes(t))) throw corrupt(`${where} has an invalid selector.types`);
  if (!Array.isArray(envs) || !envs.every((e) => typeof e === "string")) throw corrupt(`${where} has an invalid selector.envs`);
  // Under `selector` in the file; the canonical reader already hands it over parsed.
  const envTypes = value?.envTypes ?? parseEnvTypes(value?.selector?.envTypes, envs as string[], where);
  if (!Array.isArray(value.versions) || value.versions.length === 0) throw corrupt(`${where} has no versions`);
  const versions = value.versions.map((v: unknown) => {
    const version = v as Partial<StoredVersion>;
    const ok =
      Number.isInteger(version?.version) &&
      typeof version.created === "string" &&
      Array.isArray(version.recipients) &&
      version.recipients.every((r) => typeof r === "string") &&
      typeof version.ciphertext === "string";
    if (!ok) throw corrupt(`${where} has a malformed version entry`);
    const entry: StoredVersion = { version: version.version!, created: version.created!, recipients: version.recipients!, ciphertext: version.ciphertext! };
    if (version.writer !== undefined) {
      if (typeof version.writer !== "string" || !/^age1[0-9a-z]+$/.test(version.writer)) throw corrupt(`${where} has an invalid writer`);
      entry.writer = version.writer;
    }
    return entry;
  });
  const numbers = versions.map((v) => v.version);
  if (new Set(numbers).size !== numbers.length) throw corrupt(`${where} lists a version number twice`);
  const highest = Math.max(...numbers);
  // The current version is always the newest: a rollback writes a new version. A pointer to
  // an older one was edited by hand (an attempt to serve an old value) and counts as tampering.
  if (value.current !== highest) throw corrupt(`${where} is tampered: its current version ${String(value.current)} is not its newest version ${highest}`);
  const selector = normaliseSelector({ types: types as EnvType[], envs: envs as string[] });
  return envTypes ? { selector, envTypes, current: value.current as number, versions } : { selector, current: value.current as number, versions };
}

export { serializeStore } from "./store-format";

/** One value's plaintext metadata, as the audit reads it from any revision of the store. */
export interface ValueMetadata {
  name: string;
  types: string[];
  envs: string[];
  /** The recipients of each version. */
  recipients: string[][];
}

/**
 * The metadata of every value in a store's text, read leniently (an old revision may predate
 * today's rules): what each version was encrypted to. Never decrypts; undefined when the text
 * is not a store at all.
 */
export function readStoreMetadata(text: string): ValueMetadata[] | undefined {
  let raw: { secrets: Record<string, unknown> } | null;
  try {
    raw = readCanonicalStore(text) ?? parseYamlStore(text);
  } catch {
    return undefined;
  }
  if (!raw) return [];
  const list = (value: unknown): string[] => (Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : []);
  const found: ValueMetadata[] = [];
  for (const [name, values] of Object.entries(raw.secrets)) {
    if (!Array.isArray(values)) continue;
    for (const value of values as { selector?: { types?: unknown; envs?: unknown }; versions?: { recipients?: unknown }[] }[]) {
      found.push({
        name,
        types: list(value?.selector?.types),
        envs: list(value?.selector?.envs),
        recipients: Array.isArray(value?.versions) ? value.versions.map((v) => list(v?.recipients)) : [],
      });
    }
  }
  return found;
}
