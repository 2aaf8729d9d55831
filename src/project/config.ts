import * as fs from "node:fs";
import * as path from "node:path";
import type { Document, LineCounter, Node as YamlNode } from "yaml";
import { checkConfigValue, ConfigProblem, type Config } from "./config-check";
import { UserError } from "./errors";
import { emptyRecord } from "./records";
import { readSimpleYaml } from "./simple-yaml";
import { lazy } from "../lazy";

import { CONFIG_FILE } from "./file-names";

export { CONFIG_FILE };
export type { Config };

/** Default source globs (README, "keystash.yaml"). */
export const DEFAULT_INCLUDE = ["**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}"];


export { RECIPIENT_PATTERN } from "./config-check";

/** The config an app has when it has no keystash.yaml. */
export function defaultConfig(): Config {
  return {
    app: null,
    include: [...DEFAULT_INCLUDE],
    services: emptyRecord(),
    environments: emptyRecord(),
    access: { production: [], development: [], preview: [], local: [] },
    recipientNames: emptyRecord(),
    scan: { ignore: [] },
  };
}

// The comment-aware parser (rewrites and error lines) and the general one (files outside the plain subset).
const yamlLibrary = lazy(() => require("../vendor/yaml") as typeof import("yaml"));

/** Parses config text as a YAML document (comments kept, for rewrites). */
export function parseConfigDocument(text: string): { doc: Document.Parsed; lines: LineCounter } {
  const YAML = yamlLibrary();
  const lines = new YAML.LineCounter();
  const doc = YAML.parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true, schema: "core" });
  const [error] = doc.errors;
  if (error) {
    const line = lines.linePos(error.pos[0]).line;
    throw new UserError(`${CONFIG_FILE}:${line}: ${error.message.split("\n")[0]}`, "fix the YAML syntax at that line");
  }
  return { doc, lines };
}

/** The config file's text; null when there is none. */
function readConfigText(root: string): string | null {
  try {
    return fs.readFileSync(path.join(root, CONFIG_FILE), "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw new UserError(`config: cannot read ${CONFIG_FILE}: ${(error as Error).message}`);
  }
}

/**
 * Parses and checks config text. The plain subset keystash writes is read without loading a
 * YAML library (src/project/simple-yaml.ts); anything else goes to the `yaml` library (core
 * schema), which also names the line of what is wrong.
 * @throws UserError naming the file, line and key when it is invalid.
 */
export function parseConfig(text: string): Config {
  let raw: unknown = readSimpleYaml(text);
  if (raw === undefined) raw = parseWithYaml(text);
  try {
    return checkConfigValue(raw, defaultConfig());
  } catch (error) {
    if (!(error instanceof ConfigProblem)) throw error;
    const { doc, lines } = parseConfigDocument(text);
    const node = (doc.getIn(error.path, true) ?? doc.getIn(error.path.slice(0, -1), true) ?? doc.contents) as YamlNode | null;
    const line = node?.range ? lines.linePos(node.range[0]).line : 1;
    throw new UserError(`${CONFIG_FILE}:${line}: ${error.message}`, "see the keystash.yaml reference in the README");
  }
}

/** Anything outside the plain subset: the one YAML library keystash depends on, with the core schema. */
function parseWithYaml(text: string): unknown {
  return parseConfigDocument(text).doc.toJS();
}

/**
 * Loads `keystash.yaml` from the app root (defaults when absent).
 * @throws UserError naming the file, line and key when the file is invalid.
 */
export function loadConfig(root: string): Config {
  const text = readConfigText(root);
  return text === null ? defaultConfig() : parseConfig(text);
}
