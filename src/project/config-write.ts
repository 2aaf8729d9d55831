import * as fs from "node:fs";
import * as path from "node:path";
import { CONFIG_FILE, parseConfig, parseConfigDocument } from "./config";
import type { EnvType } from "./env-types";
import { writeFileAtomic } from "./write-file-atomic";
import { lazy } from "../lazy";

const yamlLibrary = lazy(() => require("../vendor/yaml") as typeof import("yaml"));

const INITIAL_CONFIG = (app: string) => `# keystash: which secrets this app needs lives in the code; this file says where they live.
app: ${JSON.stringify(app)}
# include: ["**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}"]   # the default
# services:            # name -> directory, for the manifest
#   api: services/api
# environment name (or prefix*) -> type: production, development, preview, local
environments:
  prod: production
  staging: development
  pr-*: preview
# age recipients (public keys) allowed to read each env type
access:
  production: []
  development: []
  preview: []
  local: []
`;

/** Writes a starter keystash.yaml unless one exists. @returns whether it was written. */
export function writeInitialConfig(root: string): boolean {
  const file = path.join(root, CONFIG_FILE);
  if (fs.existsSync(file)) return false;
  writeFileAtomic(file, INITIAL_CONFIG(path.basename(root)));
  return true;
}

/**
 * Config text (null: no file yet) with `access.<type>` replaced by `recipients`, comments
 * and the rest of the file kept; a recipient with a name in `names` is written `name: age1...`.
 * @throws UserError when the result is not a valid config (nothing is written by this function).
 */
export function withAccess(text: string | null, type: EnvType, recipients: readonly string[], names: Readonly<Record<string, string>>): string {
  const YAML = yamlLibrary();
  const doc = text === null ? new YAML.Document({}) : parseConfigDocument(text).doc;
  // Names stay with their recipients: `- alice: age1...`.
  const list = doc.createNode(recipients.map((recipient) => (Object.hasOwn(names, recipient) ? { [names[recipient]!]: recipient } : recipient)));
  list.flow = true;
  doc.setIn(["access", type], list);
  const next = doc.toString({ lineWidth: 0 });
  parseConfig(next);
  return next;
}

/** Appends lines to the app's .gitignore unless already there. @returns the lines added. */
export function ensureGitignore(root: string, lines: readonly string[]): string[] {
  const file = path.join(root, ".gitignore");
  const existing = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
  const present = new Set(existing.split(/\r?\n/).map((l) => l.trim()));
  const added = lines.filter((line) => !present.has(line));
  if (added.length === 0) return [];
  const separator = existing === "" || existing.endsWith("\n") ? "" : "\n";
  writeFileAtomic(file, `${existing}${separator}${added.join("\n")}\n`);
  return added;
}
