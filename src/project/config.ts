import * as fs from "node:fs";
import * as path from "node:path";
import type { Document, LineCounter, Node as YamlNode } from "yaml";
import { ENV_NAME_PATTERN, ENV_TYPES, parseEnvType, type EnvType } from "./env-types";
import { UserError } from "./errors";

/** The config file's name at the app root. */
export const CONFIG_FILE = "keystash.yaml";

/** Default source globs (SPEC 3). */
export const DEFAULT_INCLUDE = ["**/*.{ts,tsx,mts,cts,js,mjs,cjs}"];

/** `keystash.yaml`, checked and with defaults filled in. */
export interface Config {
  app: string | null;
  include: string[];
  services: Record<string, string>;
  /** Environment name or `prefix*` pattern -> type. */
  environments: Record<string, EnvType>;
  /** Recipients (age public keys) allowed to read each env type. */
  access: Record<EnvType, string[]>;
}

/** X25519 age recipient: `age1` and 58 bech32 characters. */
export const RECIPIENT_PATTERN = /^age1[02-9ac-hj-np-z]{58}$/;

/** The config an app has when it has no keystash.yaml. */
export function defaultConfig(): Config {
  return {
    app: null,
    include: [...DEFAULT_INCLUDE],
    services: {},
    environments: {},
    access: { production: [], development: [], preview: [], local: [] },
  };
}

function loadYaml(): typeof import("yaml") {
  return require("yaml") as typeof import("yaml");
}

/** Parses config text as a YAML document (comments kept, for rewrites). */
export function parseConfigDocument(text: string): { doc: Document.Parsed; lines: LineCounter } {
  const YAML = loadYaml();
  const lines = new YAML.LineCounter();
  const doc = YAML.parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const [error] = doc.errors;
  if (error) {
    const line = lines.linePos(error.pos[0]).line;
    throw new UserError(`${CONFIG_FILE}:${line}: ${error.message.split("\n")[0]}`, "fix the YAML syntax at that line");
  }
  return { doc, lines };
}

/** Reads and parses the config file; null when there is none. */
export function readConfigDocument(root: string): { doc: Document.Parsed; lines: LineCounter; file: string } | null {
  const file = path.join(root, CONFIG_FILE);
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw new UserError(`config: cannot read ${CONFIG_FILE}: ${(error as Error).message}`);
  }
  return { ...parseConfigDocument(text), file };
}

/**
 * Parses and checks config text.
 * @throws UserError naming the file, line and key when it is invalid.
 */
export function parseConfig(text: string): Config {
  const { doc, lines } = parseConfigDocument(text);
  return checkConfig(doc, lines);
}

/**
 * Loads `keystash.yaml` from the app root (defaults when absent).
 * @throws UserError naming the file, line and key when the file is invalid.
 */
export function loadConfig(root: string): Config {
  const parsed = readConfigDocument(root);
  if (!parsed) return defaultConfig();
  return checkConfig(parsed.doc, parsed.lines);
}

function checkConfig(doc: Document.Parsed, lines: LineCounter): Config {
  const YAML = loadYaml();
  const config = defaultConfig();
  const fail = (node: YamlNode | null | undefined, key: string, expected: string): never => {
    const line = node?.range ? lines.linePos(node.range[0]).line : 1;
    throw new UserError(`${CONFIG_FILE}:${line}: \`${key}\` ${expected}`, `see the keystash.yaml reference in the README`);
  };
  const root = doc.contents;
  if (root === null) return config;
  if (!YAML.isMap(root)) return fail(root, "(top level)", "must be a mapping of keys to values");

  const mapOf = (key: string): [string, YamlNode | null][] => {
    const node = root.get(key, true) as YamlNode | undefined;
    if (node === undefined || (YAML.isScalar(node) && node.value === null)) return [];
    if (!YAML.isMap(node)) return fail(node, key, "must be a mapping");
    return node.items.map((pair) => {
      const keyNode = pair.key as YamlNode;
      if (!YAML.isScalar(keyNode) || typeof keyNode.value !== "string") return fail(keyNode, key, "keys must be strings");
      return [keyNode.value, pair.value as YamlNode | null];
    });
  };
  const stringOf = (node: YamlNode | null | undefined, key: string, expected: string): string =>
    YAML.isScalar(node) && typeof node.value === "string" && node.value !== "" ? node.value : fail(node, key, expected);
  const stringsOf = (node: YamlNode | null, key: string, expected: string): string[] => {
    if (!YAML.isSeq(node)) return fail(node, key, `must be a list of ${expected}`);
    return node.items.map((item) => stringOf(item as YamlNode, key, `must list ${expected}`));
  };

  for (const pair of root.items) {
    const keyNode = pair.key as YamlNode;
    const key = YAML.isScalar(keyNode) ? String(keyNode.value) : "?";
    if (!["app", "include", "services", "environments", "access"].includes(key)) {
      fail(keyNode, key, "is not a keystash.yaml key (expected app, include, services, environments or access)");
    }
  }
  const app = root.get("app", true) as YamlNode | undefined;
  if (app !== undefined) config.app = stringOf(app, "app", "must be the app's name (a string)");
  const include = root.get("include", true) as YamlNode | undefined;
  if (include !== undefined) config.include = stringsOf(include, "include", "glob strings");

  for (const [name, value] of mapOf("services")) {
    config.services[name] = stringOf(value, `services.${name}`, "must be a directory relative to the app root");
  }
  for (const [name, value] of mapOf("environments")) {
    const typeWord = stringOf(value, `environments.${name}`, `must be an env type (${ENV_TYPES.join(", ")})`);
    const type = parseEnvType(typeWord);
    if (!type) fail(value, `environments.${name}`, `is '${typeWord}', not an env type (${ENV_TYPES.join(", ")}, or prod, dev, pr)`);
    if (!ENV_NAME_PATTERN.test(name.replace(/\*$/, "") || "x")) fail(value, `environments.${name}`, "has an invalid environment name");
    config.environments[name] = type as EnvType;
  }
  for (const [typeWord, value] of mapOf("access")) {
    const type = parseEnvType(typeWord);
    if (!type) return fail(value, `access.${typeWord}`, `is not an env type (${ENV_TYPES.join(", ")})`);
    if (value === null || (YAML.isScalar(value) && value.value === null)) continue;
    const recipients = stringsOf(value, `access.${typeWord}`, "age recipients (age1...)");
    recipients.forEach((recipient, index) => {
      if (!RECIPIENT_PATTERN.test(recipient)) {
        fail((value as { items: YamlNode[] }).items[index], `access.${typeWord}`, `lists '${recipient.slice(0, 12)}…', which is not an X25519 age recipient (age1...)`);
      }
    });
    config.access[type] = [...new Set([...config.access[type], ...recipients])];
  }
  return config;
}
