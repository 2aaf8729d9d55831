import * as fs from "node:fs";
import * as path from "node:path";
import { ENV_TYPES, type EnvType } from "../project/env-types";
import { UserError } from "../project/errors";
import { normaliseSelector, selectorKey, type Selector } from "./selector";

/** The store's path relative to the app root. */
export const STORE_FILE = ".keystash/store.yaml";

/** One encrypted version of a value. */
export interface StoredVersion {
  version: number;
  /** ISO 8601 time it was set. */
  created: string;
  /** The age recipients it is encrypted to. */
  recipients: string[];
  /** An armored age file. */
  ciphertext: string;
}

/** A value of a secret: the environments it serves and its versions. */
export interface StoredValue {
  selector: Selector;
  /** The version in use (the newest, unless rolled back). */
  current: number;
  versions: StoredVersion[];
}

/** The whole store: secret name -> values. */
export interface StoreData {
  secrets: Record<string, StoredValue[]>;
}

const HEADER = [
  "# keystash encrypted store. Metadata is plaintext; every ciphertext is an armored age file.",
  "# Change it with `keystash secret ...` and `keystash access ...`; commit it to share values.",
].join("\n");

/** The store's absolute path for an app root. */
export const storePath = (root: string): string => path.join(root, STORE_FILE);

function corrupt(what: string, line?: number): UserError {
  const where = line ? `${STORE_FILE}:${line}` : STORE_FILE;
  return new UserError(`store: ${where}: ${what}`, "restore the file from git (git checkout -- .keystash/store.yaml) or fix it by hand");
}

/**
 * Reads and checks the store; an absent store is empty.
 * @throws UserError naming the secret and the problem when the file is corrupted.
 */
export function readStore(root: string): StoreData {
  let text: string;
  try {
    text = fs.readFileSync(storePath(root), "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { secrets: {} };
    throw new UserError(`store: cannot read ${STORE_FILE}: ${(error as NodeJS.ErrnoException).code ?? "error"}`);
  }
  return parseStore(text);
}

/** Parses the store file's text. */
export function parseStore(text: string): StoreData {
  const YAML = require("yaml") as typeof import("yaml");
  const lines = new YAML.LineCounter();
  const doc = YAML.parseDocument(text, { lineCounter: lines, uniqueKeys: true });
  if (doc.errors[0]) throw corrupt(`not valid YAML (${doc.errors[0].message.split("\n")[0]})`, lines.linePos(doc.errors[0].pos[0]).line);
  const raw = doc.toJS() as { version?: unknown; secrets?: unknown } | null;
  if (raw === null) return { secrets: {} };
  if (typeof raw !== "object" || raw.version !== 1) throw corrupt("expected `version: 1` at the top");
  const secrets: Record<string, StoredValue[]> = {};
  const rawSecrets = (raw.secrets ?? {}) as Record<string, unknown>;
  if (typeof rawSecrets !== "object" || Array.isArray(rawSecrets)) throw corrupt("`secrets` must be a mapping of names to values");
  for (const [name, values] of Object.entries(rawSecrets)) {
    if (!Array.isArray(values)) throw corrupt(`secret '${name}' must be a list of values`);
    secrets[name] = values.map((value, index) => checkValue(name, index + 1, value));
  }
  return { secrets };
}

function checkValue(name: string, index: number, raw: unknown): StoredValue {
  const where = `secret '${name}' value ${index}`;
  const value = raw as { selector?: { types?: unknown; envs?: unknown }; current?: unknown; versions?: unknown };
  const types = value?.selector?.types ?? [];
  const envs = value?.selector?.envs ?? [];
  if (!Array.isArray(types) || !types.every((t) => (ENV_TYPES as readonly unknown[]).includes(t))) throw corrupt(`${where} has an invalid selector.types`);
  if (!Array.isArray(envs) || !envs.every((e) => typeof e === "string")) throw corrupt(`${where} has an invalid selector.envs`);
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
    return { version: version.version!, created: version.created!, recipients: version.recipients!, ciphertext: version.ciphertext! };
  });
  if (!versions.some((v) => v.version === value.current)) throw corrupt(`${where} has no version ${String(value.current)} (its current version)`);
  return { selector: normaliseSelector({ types: types as EnvType[], envs: envs as string[] }), current: value.current as number, versions };
}

/** The store file's bytes: sorted names, values ordered by selector, versions ascending. */
export function serializeStore(data: StoreData): string {
  const YAML = require("yaml") as typeof import("yaml");
  const secrets: Record<string, unknown> = {};
  for (const name of Object.keys(data.secrets).sort()) {
    const values = data.secrets[name]!;
    if (values.length === 0) continue;
    secrets[name] = [...values]
      .sort((a, b) => (selectorKey(a.selector) < selectorKey(b.selector) ? -1 : 1))
      .map((value) => ({
        selector: normaliseSelector(value.selector),
        current: value.current,
        versions: [...value.versions].sort((a, b) => a.version - b.version),
      }));
  }
  const body = YAML.stringify({ version: 1, secrets }, { lineWidth: 0, blockQuote: "literal" });
  return `${HEADER}\n${body}`;
}
