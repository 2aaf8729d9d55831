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
const yamlLibrary = lazy(() => require("yaml") as typeof import("yaml"));
const jsYamlLibrary = lazy(() => require("js-yaml") as typeof import("js-yaml"));

/** Parses config text as a YAML document (comments kept, for rewrites). */
export function parseConfigDocument(text: string): { doc: Document.Parsed; lines: LineCounter } {
  const YAML = yamlLibrary();
  const lines = new YAML.LineCounter();
  const doc = YAML.parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
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
 * YAML library (src/project/simple-yaml.ts); anything else goes to js-yaml (a third of the
 * `yaml` library's load time). Only when something is wrong does the comment-aware `yaml`
 * parser run, to name the line.
 * @throws UserError naming the file, line and key when it is invalid.
 */
export function parseConfig(text: string): Config {
  let raw: unknown = readSimpleYaml(text);
  if (raw === undefined) raw = parseWithJsYaml(text);
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

function parseWithJsYaml(text: string): unknown {
  const jsYaml = jsYamlLibrary();
  try {
    return jsYaml.load(text, { schema: jsYaml.CORE_SCHEMA, filename: CONFIG_FILE });
  } catch (error) {
    parseConfigDocument(text); // names the line in the same words as every other YAML error
    const mark = (error as { mark?: { line: number } }).mark;
    throw new UserError(`${CONFIG_FILE}:${(mark?.line ?? 0) + 1}: ${(error as { reason?: string }).reason ?? "invalid YAML"}`, "fix the YAML syntax at that line");
  }
}

/**
 * Loads `keystash.yaml` from the app root (defaults when absent).
 * @throws UserError naming the file, line and key when the file is invalid.
 */
export function loadConfig(root: string): Config {
  const text = readConfigText(root);
  return text === null ? defaultConfig() : parseConfig(text);
}
