#!/usr/bin/env node
"use strict";
// `npm run demo`: keystash's whole loop on a temporary copy of examples/shop, with a
// temporary identity: the code declares, the store holds, the deploy check guards, the app reads.
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const repo = path.resolve(__dirname, "..");
const work = fs.mkdtempSync(path.join(os.tmpdir(), "keystash-demo-"));
const app = path.join(work, "shop");
const env = { ...process.env, XDG_CONFIG_HOME: path.join(work, "config") };
for (const key of Object.keys(env)) if (key.startsWith("KEYSTASH_")) delete env[key];

fs.cpSync(path.join(repo, "examples/shop"), app, { recursive: true });
fs.mkdirSync(path.join(app, "node_modules/@types"), { recursive: true });
fs.symlinkSync(repo, path.join(app, "node_modules/keystash"), "dir");
fs.symlinkSync(path.join(repo, "node_modules/@types/node"), path.join(app, "node_modules/@types/node"), "dir");

const tty = process.stdout.isTTY && !("NO_COLOR" in process.env);
const bold = (s) => (tty ? `\u001b[1m${s}\u001b[22m` : s);
const dim = (s) => (tty ? `\u001b[2m${s}\u001b[22m` : s);

function step(title) {
  console.log(`\n${bold(`== ${title}`)}`);
}

/** Runs a command in the app as a user would and shows it; fails the demo on an unexpected exit code. */
function sh(label, file, args, { input, expect = 0 } = {}) {
  console.log(`${bold(`$ ${label}`)}${input === undefined ? "" : dim("   # value on stdin, never in argv")}`);
  const result = spawnSync(file, args, { cwd: app, env, input: input ?? "", stdio: ["pipe", "inherit", "inherit"] });
  if (result.status !== expect) {
    console.error(`demo: '${label}' exited ${result.status}, expected ${expect}`);
    process.exit(1);
  }
  if (expect !== 0) console.log(dim(`(exit ${result.status}, as expected)`));
}

const keystash = (args, options) => sh(`keystash ${args.join(" ")}`, process.execPath, [path.join(repo, "bin/keystash.js"), ...args], options);
const checkSecrets = (args, options) => sh(`check-secrets ${args.join(" ")}`, process.execPath, [path.join(repo, "bin/check-secrets.js"), ...args], options);

// eslint-disable-next-line keystash/no-hardcoded-secret -- a made-up, truncated key: the demo needs a multi-line value
const PEM = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAAB\n-----END OPENSSH PRIVATE KEY-----\n";

try {
  console.log(`keystash demo on a copy of examples/shop in ${app}`);

  step("1. The code declares its secrets; the analyzer finds them");
  keystash(["manifest"]);

  step("2. A new team member sets up (identity + access for dev/preview/local)");
  keystash(["init"]);
  const identity = fs.readFileSync(path.join(work, "config/keystash/identity.txt"), "utf8");
  const recipient = /# public key: (age1\w+)/.exec(identity)[1];
  console.log(dim("(in a real team only production key holders are production recipients; here the demo user is both)"));
  keystash(["access", "add", "--type", "production", recipient]);

  step("3. Set development values (encrypted in .keystash/store.yaml)");
  keystash(["secret", "set", "--dev", "GitHubAPIToken"], { input: "ghp_dev_0123456789\n" });
  keystash(["secret", "set", "--dev", "StripeSecretKey"], { input: "sk_test_51Hdev\n" });
  keystash(["secret", "set", "--dev", "SSHPrivateKey"], { input: PEM });

  step("4. Local check: missing secrets are warnings (exit 0)");
  checkSecrets(["--env", "local"]);

  step("5. The deploy pipeline checks production: it refuses, and says how to fix it");
  checkSecrets(["--env", "prod"], { expect: 1 });

  step("6. A production key holder sets the production values");
  keystash(["secret", "set", "--prod", "GitHubAPIToken"], { input: "ghp_prod_9876543210\n" });
  keystash(["secret", "set", "--prod", "StripeSecretKey"], { input: "sk_live_51Hprod\n" });
  keystash(["secret", "set", "--prod", "StripeWebhookSecret"], { input: "whsec_prod\n" });
  keystash(["secret", "set", "--prod", "SMTPPassword"], { input: "smtp-prod-password\n" });
  keystash(["secret", "set", "--type", "production", "SSHPrivateKey"], { input: PEM });
  keystash(["secret", "list"]);

  step("7. Now the production check passes");
  checkSecrets(["--env", "prod"]);

  step("8. Build with tsc + the keystash transformer (writes the manifest into dist/)");
  sh("tspc -p tsconfig.json", process.execPath, [path.join(repo, "node_modules/ts-patch/bin/tspc.js"), "-p", "tsconfig.json"]);

  step("9. Run the app with its production secrets injected (it prints them masked)");
  keystash(["run", "--env", "prod", "--", "node", "dist/src/main.js"]);

  step("10. Run it locally: missing secrets warn and read as \"\"");
  keystash(["run", "--", "node", "dist/src/main.js"]);

  console.log(`\n${bold("Done.")} The store holds only ciphertext:`);
  const store = fs.readFileSync(path.join(app, ".keystash/store.yaml"), "utf8");
  console.log(dim(store.split("\n").slice(0, 18).join("\n")));
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
