import type { EnvType } from "../project/env-types";
import { emptyRecord } from "../project/records";
import { normaliseSelector, selectorKey, type Selector } from "./selector";

/** One encrypted version of a value. */
export interface StoredVersion {
  version: number;
  /** ISO 8601 time it was set. */
  created: string;
  /** The age recipients it is encrypted to. */
  recipients: string[];
  /** An armored age file. */
  ciphertext: string;
  /** The recipient (public key) of the identity that wrote it, when the writer had one. */
  writer?: string;
}

/** A value of a secret: the environments it serves and its versions. */
export interface StoredValue {
  selector: Selector;
  /**
   * The type each specific environment of the selector had when the value was written: its
   * readers are fixed by that, whatever keystash.yaml says later. Missing for values written
   * before keystash recorded it.
   */
  envTypes?: Record<string, EnvType>;
  /** The version in use (the newest, unless rolled back). */
  current: number;
  versions: StoredVersion[];
}

/** The whole store: secret name -> values. */
export interface StoreData {
  secrets: Record<string, StoredValue[]>;
}

/**
 * The store's canonical text, written by hand so its layout never depends on a YAML
 * library's version, plus a strict line reader for exactly that layout. The general YAML
 * parser reads anything else (hand edits, merges); both must agree, which tests check.
 * Reading this layout takes a few milliseconds where a general YAML parser takes ~200 ms
 * for 100 secrets, and the runtime reads the store at start-up.
 */

const HEADER = [
  "# keystash encrypted store. Metadata is plaintext; every ciphertext is an armored age file.",
  "# Change it with `keystash secret ...` and `keystash access ...`; commit it to share values.",
];

// YAML 1.2 would read these keys as null or booleans: quote them.
const RESERVED_KEY = /^(null|true|false)$/i;

const key = (name: string): string => (RESERVED_KEY.test(name) ? JSON.stringify(name) : name);

function list(indent: string, label: string, items: readonly string[], quote: boolean): string[] {
  if (items.length === 0) return [`${indent}${label}: []`];
  return [`${indent}${label}:`, ...items.map((item) => `${indent}  - ${quote ? JSON.stringify(item) : item}`)];
}

/** The store file's bytes: sorted names, values ordered by selector, versions ascending. */
export function serializeStore(data: StoreData): string {
  const lines = [...HEADER, "version: 1"];
  const names = Object.keys(data.secrets).filter((name) => data.secrets[name]!.length > 0).sort();
  if (names.length === 0) lines.push("secrets: {}");
  else lines.push("secrets:");
  for (const name of names) {
    lines.push(`  ${key(name)}:`);
    const values = [...data.secrets[name]!].sort((a, b) => (selectorKey(a.selector) < selectorKey(b.selector) ? -1 : 1));
    for (const value of values) {
      const selector = normaliseSelector(value.selector);
      lines.push("    - selector:", ...list("        ", "types", selector.types, false), ...list("        ", "envs", selector.envs, true));
      const envTypes = value.envTypes;
      if (envTypes && selector.envs.length > 0) lines.push(...list("        ", "envTypes", selector.envs.filter((env) => Object.hasOwn(envTypes, env)).map((env) => `${env}=${envTypes[env]}`), true));
      lines.push(`      current: ${value.current}`, "      versions:");
      for (const version of [...value.versions].sort((a, b) => a.version - b.version)) {
        lines.push(`        - version: ${version.version}`, `          created: ${JSON.stringify(version.created)}`);
        if (version.writer !== undefined) lines.push(`          writer: ${version.writer}`);
        lines.push(...list("          ", "recipients", version.recipients, false));
        const body = version.ciphertext.endsWith("\n") ? version.ciphertext.slice(0, -1) : version.ciphertext;
        lines.push(`          ciphertext: |${version.ciphertext.endsWith("\n") ? "" : "-"}`, ...body.split("\n").map((l) => `            ${l}`));
      }
    }
  }
  return `${lines.join("\n")}\n`;
}

// The canonical layout, one sticky pattern per part, matched against the whole text: a store of
// 100 secrets is ~4,600 lines, and the runtime reads it at start-up (bench group 4). Every line
// ends in "\n" and holds no other line terminator, so nothing here can read across lines.
const TYPE = "(?:production|development|preview|local)";
const RECIPIENT = "age1[0-9a-z]+";
/** A JSON string without escapes or control characters (what serializeStore writes for envs and times). */
const PLAIN_STRING = '"[^"\\\\\\x00-\\x1f\\u2028\\u2029]*"';
/**
 * `label: []` (group `name` matches empty), or `label:` and one `- item` line per item (group
 * `name` holds those lines).
 */
const listPattern = (indent: number, label: string, item: string, name: string): string =>
  `${" ".repeat(indent)}${label}:(?: \\[\\]\\n(?<${name}Empty>)|\\n(?<${name}>(?:${" ".repeat(indent + 2)}- ${item}\\n)+))`;
const HEAD = /(?:#[^\n]*\n)*version: 1\nsecrets:(?<empty> \{\})?\n/y;
const SECRET = /  (?:(?<plain>[A-Za-z_][A-Za-z0-9_]*)|"(?<quoted>[A-Za-z_][A-Za-z0-9_]*)"):\n/y;
const VALUE = new RegExp(
  "    - selector:\\n" +
    listPattern(8, "types", TYPE, "types") +
    listPattern(8, "envs", PLAIN_STRING, "envs") +
    `(?:${listPattern(8, "envTypes", `"[^"\\\\=\\x00-\\x1f\\u2028\\u2029]+=${TYPE}"`, "envTypes")})?` +
    "      current: (?<current>\\d+)\\n      versions:\\n",
  "y",
);
const VERSION = new RegExp(
  "        - version: (?<version>\\d+)\\n" +
    `          created: (?<created>${PLAIN_STRING})\\n` +
    `(?:          writer: (?<writer>${RECIPIENT})\\n)?` +
    listPattern(10, "recipients", RECIPIENT, "recipients") +
    "          ciphertext: \\|(?<chomp>-?)\\n(?<body>(?:            \\S[^\\n\\r\\u2028\\u2029]*\\n)+)",
  "y",
);

/** The items of a list block captured by `listPattern()`: each line after its `- `. */
function items(block: string | undefined, indent: number): string[] {
  if (block === undefined) return [];
  return block.slice(0, -1).split("\n").map((line) => line.slice(indent + 4));
}

/**
 * Reads text in exactly the canonical layout; null for anything else (the caller then uses
 * the general YAML parser). Never throws.
 */
export function readCanonicalStore(text: string): StoreData | null {
  let at = 0;
  const match = (pattern: RegExp): Record<string, string | undefined> | null => {
    pattern.lastIndex = at;
    const found = pattern.exec(text);
    if (!found) return null;
    at = pattern.lastIndex;
    return found.groups!;
  };
  try {
    const head = match(HEAD);
    if (!head) return null;
    const secrets = emptyRecord<StoredValue[]>();
    if (head.empty !== undefined) return at === text.length ? { secrets } : null;
    while (at < text.length) {
      const secret = match(SECRET);
      if (!secret) return null;
      const name = secret.plain ?? secret.quoted!;
      if (secrets[name] || (secret.plain !== undefined && RESERVED_KEY.test(name))) return null;
      const values: StoredValue[] = [];
      for (let value = match(VALUE); value; value = match(VALUE)) {
        const types = items(value.types, 8) as EnvType[];
        const envs = items(value.envs, 8).map((env) => JSON.parse(env) as string);
        let envTypes: Record<string, EnvType> | undefined;
        if (value.envTypes !== undefined || value.envTypesEmpty !== undefined) {
          envTypes = emptyRecord<EnvType>();
          for (const entry of items(value.envTypes, 8)) {
            const [env, type] = (JSON.parse(entry) as string).split("=") as [string, EnvType];
            if (!envs.includes(env)) return null;
            envTypes[env] = type;
          }
        }
        const current = Number(value.current);
        const versions: StoredValue["versions"] = [];
        for (let v = match(VERSION); v; v = match(VERSION)) {
          const body = v.body!.replace(/^ {12}/gm, "");
          const entry = { version: Number(v.version), created: JSON.parse(v.created!) as string, recipients: items(v.recipients, 10), ciphertext: v.chomp === "-" ? body.slice(0, -1) : body };
          versions.push(v.writer === undefined ? entry : { ...entry, writer: v.writer });
        }
        if (versions.length === 0) return null;
        values.push(envTypes ? { selector: { types, envs }, envTypes, current, versions } : { selector: { types, envs }, current, versions });
      }
      if (values.length === 0) return null;
      secrets[name] = values;
    }
    return { secrets };
  } catch {
    return null;
  }
}
