"use strict";
// A labelled corpus for comparing secret scanners: realistic files with planted credentials
// of each kind (positives, labelled by file and line) and many look-alikes that are not
// credentials (negatives): documentation examples, placeholders, UUIDs, hashes, base64 images,
// lock-file integrity, test fixtures named as such. Seeded: the same corpus every run.
const fs = require("node:fs");
const path = require("node:path");

function rng(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALNUM = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const HEX = "0123456789abcdef";

/** Generates the corpus in `dir`; returns the planted credentials [{file, line, kind}]. */
function generateScanCorpus(dir, files = 300) {
  const next = rng(4242);
  const pick = (list) => list[Math.floor(next() * list.length)];
  const random = (length, alphabet = ALNUM) => Array.from({ length }, () => alphabet[Math.floor(next() * alphabet.length)]).join("");
  const positives = [
    ["GitHub token", () => `ghp_${random(36)}`],
    ["GitLab token", () => `glpat-${random(20)}`],
    ["Stripe key", () => `sk_live_${random(24)}`],
    ["AWS access key", () => `AKIA${random(16, UPPER)}`],
    ["Slack token", () => `xoxb-${random(12, "0123456789")}-${random(12, "0123456789")}-${random(24)}`],
    ["Google API key", () => `AIza${random(35)}`],
    ["npm token", () => `npm_${random(36)}`],
    ["SendGrid key", () => `SG.${random(22)}.${random(43)}`],
    ["JWT", () => `eyJhbGciOiJIUzI1NiJ9.eyJ${random(40)}.${random(43)}`],
    ["private key", () => `-----BEGIN RSA PRIVATE KEY-----\\n${random(64)}\\n${random(64)}\\n-----END RSA PRIVATE KEY-----`],
    ["URL password", () => `postgres://app:${random(20)}@db.internal:5432/app`],
    ["generic API key", () => random(32, `${ALNUM}-_`)],
  ];
  const lookAlikes = [
    () => `const exampleKey = "AKIAIOSFODNN7EXAMPLE"; // from the AWS docs`,
    () => `const docs = "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx";`,
    () => `const requestId = "${random(8, HEX)}-${random(4, HEX)}-4${random(3, HEX)}-a${random(3, HEX)}-${random(12, HEX)}";`,
    () => `const commit = "${random(40, HEX)}";`,
    () => `const integrity = "sha512-${random(86)}==";`,
    () => `const logo = "data:image/png;base64,${random(120)}";`,
    () => `const url = "postgres://user:password@localhost:5432/dev";`,
    () => `const template = "postgres://app:\${DB_PASSWORD}@db/app";`,
    () => `const password = "please enter your password";`,
    () => `const tokenName = "${random(24)}"; // a name, not a credential`,
    () => `const className = "btn-primary-${random(12)}";`,
    () => `const checksum = "${random(64, HEX)}";`,
    () => `// Set STRIPE_KEY=sk_live_... in your environment`,
    () => `const placeholderToken = "<your-token-here>";`,
  ];
  const labels = [];
  fs.mkdirSync(dir, { recursive: true });
  for (let f = 0; f < files; f++) {
    const file = `src/module${f}.ts`;
    const lines = [`// module ${f}`, `import { helper } from "./helper";`];
    for (let l = 0; l < 20; l++) {
      const roll = next();
      if (roll < 0.12) {
        const [kind, make] = pick(positives);
        const name = pick(["apiKey", "token", "secretKey", "clientSecret", "authToken", "databaseUrl", "privateKey"]);
        // The forms code takes: a declaration, a bare assignment to the secret word, an object key.
        const form = pick(["const", "const", "bare", "object"]);
        if (form === "const") lines.push(`export const ${name}${l} = "${make()}";`);
        else if (form === "bare") lines.push(`${pick(["apiKey", "password", "API_KEY", "token"])} = "${make()}";`);
        else lines.push(`export const settings${l} = { ${pick(["apiKey", "token", "password"])}: "${make()}" };`);
        labels.push({ file, line: lines.length, kind });
      } else if (roll < 0.5) {
        lines.push(pick(lookAlikes)());
      } else {
        lines.push(`export function f${l}(x: number): number { return helper(x) + ${Math.floor(next() * 100)}; }`);
      }
    }
    fs.mkdirSync(path.join(dir, path.dirname(file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), `${lines.join("\n")}\n`);
  }
  // UTF-16 .env files (PowerShell's default), each with one planted key.
  for (let f = 0; f < 10; f++) {
    const file = `src/config/utf16-${f}.env`;
    fs.mkdirSync(path.join(dir, "src/config"), { recursive: true });
    fs.writeFileSync(path.join(dir, file), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`# settings\r\nSTRIPE_KEY=sk_live_${random(24)}\r\n`, "utf16le")]));
    labels.push({ file, line: 2, kind: "Stripe key (UTF-16)" });
  }
  // Links that lead out of the corpus, to a file full of credentials: never read, never reported.
  const outside = path.join(path.dirname(dir), `${path.basename(dir)}-outside.txt`);
  fs.writeFileSync(outside, `aws_secret_access_key = ${random(40)}\npassword = "${random(24)}"\n`);
  for (let f = 0; f < 3; f++) fs.symlinkSync(outside, path.join(dir, `src/notes-${f}.txt`));
  fs.writeFileSync(path.join(dir, "package.json"), '{ "name": "scan-corpus", "private": true }\n');
  fs.writeFileSync(path.join(dir, ".secretlintrc.json"), JSON.stringify({ rules: [{ id: "@secretlint/secretlint-rule-preset-recommend" }] }));
  return labels;
}

/** Recall and false positives of findings [{file, line}] against the labels. */
function score(labels, findings) {
  const planted = new Set(labels.map((l) => `${l.file}:${l.line}`));
  const reported = new Set(findings.map((f) => `${f.file}:${f.line}`));
  const found = [...planted].filter((key) => reported.has(key)).length;
  const falsePositives = [...reported].filter((key) => !planted.has(key)).length;
  const missedKinds = {};
  for (const l of labels) if (!reported.has(`${l.file}:${l.line}`)) missedKinds[l.kind] = (missedKinds[l.kind] ?? 0) + 1;
  return { recall: found / planted.size, found, planted: planted.size, falsePositives, missedKinds };
}

module.exports = { generateScanCorpus, score };
