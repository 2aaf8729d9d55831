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

class Mismatch extends Error {}

/**
 * Reads text in exactly the canonical layout; null for anything else (the caller then uses
 * the general YAML parser). Never throws.
 */
export function readCanonicalStore(text: string): StoreData | null {
  const lines = text.split("\n");
  let i = 0;
  const peek = (): string | undefined => lines[i];
  const take = (pattern: RegExp): RegExpExecArray => {
    const match = pattern.exec(lines[i] ?? "");
    if (!match) throw new Mismatch();
    i++;
    return match;
  };
  const patterns = new Map<string, RegExp>();
  const pattern = (source: string): RegExp => {
    let compiled = patterns.get(source);
    if (!compiled) patterns.set(source, (compiled = new RegExp(source)));
    return compiled;
  };
  const takeList = (indent: string, label: string, item: RegExp): string[] => {
    const head = take(pattern(`^${indent}${label}:( \\[\\])?$`));
    if (head[1]) return [];
    const items: string[] = [];
    const itemLine = pattern(`^${indent}  - (.+)$`);
    while (itemLine.test(peek() ?? "")) {
      const raw = take(itemLine)[1]!;
      const match = item.exec(raw);
      if (!match) throw new Mismatch();
      items.push(match[1] !== undefined ? (JSON.parse(match[0]) as string) : raw);
    }
    if (items.length === 0) throw new Mismatch();
    return items;
  };
  try {
    while (peek()?.startsWith("#")) i++;
    take(/^version: 1$/);
    const secrets = emptyRecord<StoredValue[]>();
    if (take(/^secrets:( \{\})?$/)[1] === undefined) {
      while (i < lines.length - 1) {
        const head = take(/^ {2}(?:([A-Za-z_][A-Za-z0-9_]*)|"([A-Za-z_][A-Za-z0-9_]*)"):$/);
        const name = head[1] ?? head[2]!;
        if (secrets[name] || (head[1] !== undefined && RESERVED_KEY.test(name))) throw new Mismatch();
        const values: StoredValue[] = [];
        while (peek() === "    - selector:") {
          i++;
          const types = takeList(" {8}", "types", /^(?:production|development|preview|local)$/) as EnvType[];
          const envs = takeList(" {8}", "envs", /^"([^"\\]*)"$/);
          let envTypes: Record<string, EnvType> | undefined;
          if (/^ {8}envTypes:/.test(peek() ?? "")) {
            envTypes = emptyRecord<EnvType>();
            for (const entry of takeList(" {8}", "envTypes", /^"([^"\\=]+=(?:production|development|preview|local))"$/)) {
              const [env, type] = entry.split("=") as [string, EnvType];
              if (!envs.includes(env)) throw new Mismatch();
              envTypes[env] = type;
            }
          }
          const current = Number(take(/^ {6}current: (\d+)$/)[1]);
          take(/^ {6}versions:$/);
          const versions: StoredValue["versions"] = [];
          while (/^ {8}- version: \d+$/.test(peek() ?? "")) {
            const version = Number(take(/^ {8}- version: (\d+)$/)[1]);
            const created = JSON.parse(take(/^ {10}created: ("[^"\\]*")$/)[1]!) as string;
            const writer = /^ {10}writer: /.test(peek() ?? "") ? take(/^ {10}writer: (age1[0-9a-z]+)$/)[1] : undefined;
            const recipients = takeList(" {10}", "recipients", /^age1[0-9a-z]+$/);
            const chomp = take(/^ {10}ciphertext: \|(-?)$/)[1] === "-";
            const body: string[] = [];
            while (/^ {12}\S/.test(peek() ?? "")) body.push(lines[i++]!.slice(12));
            if (body.length === 0) throw new Mismatch();
            const entry = { version, created, recipients, ciphertext: body.join("\n") + (chomp ? "" : "\n") };
            versions.push(writer === undefined ? entry : { ...entry, writer });
          }
          if (versions.length === 0) throw new Mismatch();
          values.push(envTypes ? { selector: { types, envs }, envTypes, current, versions } : { selector: { types, envs }, current, versions });
        }
        if (values.length === 0) throw new Mismatch();
        secrets[name] = values;
      }
    }
    if (i !== lines.length - 1 || lines[i] !== "") throw new Mismatch();
    return { secrets };
  } catch {
    return null;
  }
}
