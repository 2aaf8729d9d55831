#!/usr/bin/env node
"use strict";
// `npm run demo`: keystash's main job on the bundled example app, on a temporary copy.
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const repo = path.resolve(__dirname, "..");
const work = fs.mkdtempSync(path.join(os.tmpdir(), "keystash-demo-"));
const app = path.join(work, "shop");
fs.cpSync(path.join(repo, "examples/shop"), app, { recursive: true });
fs.mkdirSync(path.join(app, "node_modules"), { recursive: true });
fs.symlinkSync(repo, path.join(app, "node_modules/keystash"), "dir");

const bold = (s) => (process.stdout.isTTY ? `\u001b[1m${s}\u001b[22m` : s);

/** Runs `keystash ARGS` in the app as a user would, shows it, returns its exit code. */
function keystash(args, { input, expect = 0 } = {}) {
  console.log(`\n${bold(`$ keystash ${args.join(" ")}`)}${input === undefined ? "" : "   # value from stdin"}`);
  const result = spawnSync(process.execPath, [path.join(repo, "bin/keystash.js"), ...args], {
    cwd: app,
    input: input ?? "",
    stdio: ["pipe", "inherit", "inherit"],
  });
  if (result.status !== expect) {
    console.error(`demo: expected exit ${expect}, got ${result.status}`);
    process.exit(1);
  }
  console.log(`(exit ${result.status})`);
}

try {
  console.log(`keystash demo on a copy of examples/shop in ${app}`);
  keystash(["manifest"]);
  console.log(fs.readFileSync(path.join(app, "keystash.manifest.json"), "utf8").split("\n").slice(0, 12).join("\n") + "\n  ...");
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
