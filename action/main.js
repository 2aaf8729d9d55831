#!/usr/bin/env node
"use strict";
// The keystash GitHub Action (action.yml): runs the app's own keystash (installed with `npm ci`)
// in the working directory. Every value it hands to later steps is masked before it is written,
// and values travel through pipes and GITHUB_ENV only, never argv or the log.
const { spawnSync } = require("node:child_process");
const crypto = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");

const env = process.env.KEYSTASH_ACTION_ENV ?? "";
const scan = process.env.KEYSTASH_ACTION_SCAN || "none";
const exportValues = (process.env.KEYSTASH_ACTION_EXPORT || "false").trim().toLowerCase();

/** Stops the step: an error annotation and exit 2 (a usage or setup problem, as the CLI). */
function fail(message) {
  process.stdout.write(`::error title=keystash::${message}\n`);
  process.exit(2);
}

if (!env.trim()) fail("the `env` input is required (an environment name from keystash.yaml, or an env type)");
if (!["none", "staged", "values"].includes(scan)) fail(`the \`scan\` input is '${scan}'; use none, staged or values`);
if (!["true", "false"].includes(exportValues)) fail(`the \`export\` input is '${exportValues}'; use true or false`);

// The app's keystash, never one fetched at run time.
const bin = path.join(process.cwd(), "node_modules", ".bin", "keystash");
if (!fs.existsSync(bin)) fail(`no keystash in ${path.join(process.cwd(), "node_modules")}: install the app's dependencies (npm ci) before this step, or set working-directory`);

/** Runs keystash with its output shown in the log (annotations are workflow commands on stdout). */
function keystash(args) {
  const result = spawnSync(bin, args, { stdio: "inherit" });
  if (result.error) fail(`could not run keystash (${result.error.code ?? result.error.name})`);
  return result.status ?? 2;
}

let status = keystash(["check", "--env", env, "--format", "github"]);
if (scan === "staged") status = Math.max(status, keystash(["scan", "--staged", "--format", "github"]));
if (scan === "values") status = Math.max(status, keystash(["scan", "--values", "--format", "github"]));

if (exportValues === "true" && status === 0) {
  const result = spawnSync(bin, ["export", "--env", env, "--format", "json"], { stdio: ["ignore", "pipe", "inherit"], maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) process.exit(result.status ?? 2);
  const values = JSON.parse(result.stdout.toString("utf8"));
  const target = process.env.GITHUB_ENV;
  if (!target) fail("GITHUB_ENV is not set: `export: true` only works inside a GitHub Actions job");
  // Masked first, every line of each value (the runner masks line by line), then written. Where the
  // app runs (KEYSTASH_ENV, KEYSTASH_ENV_TYPE) is not a secret: masking "production" would blank the log.
  for (const [name, value] of Object.entries(values)) {
    if (name === "KEYSTASH_ENV" || name === "KEYSTASH_ENV_TYPE") continue;
    for (const line of String(value).split(/\r?\n/)) if (line.trim() !== "") process.stdout.write(`::add-mask::${line}\n`);
  }
  const lines = Object.entries(values).map(([name, value]) => {
    let delimiter;
    do delimiter = `ks_${crypto.randomBytes(12).toString("hex")}`;
    while (String(value).includes(delimiter));
    return `${name}<<${delimiter}\n${value}\n${delimiter}\n`;
  });
  fs.appendFileSync(target, lines.join(""), { mode: 0o600 });
  process.stdout.write(`keystash: ${Object.keys(values).length} variables for ${env} are in the job's environment, masked\n`);
}
process.exit(status);
