import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { findingFingerprint, legacyFingerprint } from "../../src/scan/detect";
import { runCli, tempDir } from "../helpers/cli";
import { initApp } from "../helpers/keystash-app";

// What scan reads and how it names what it finds: the bare secret words, UTF-16 files, links
// out of the repository, any folder, and fingerprints that cannot be used to test guesses.

const random = (length: number, seed: number) => Array.from({ length }, (_, i) => "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"[(i * 13 + seed * 7 + i * i) % 55]).join("");
const V = random(28, 3);

const findings = (result: { stdout: string }) => (JSON.parse(result.stdout) as { findings: { file: string; line: number; kind: string }[] }).findings.map((f) => `${f.file}:${f.line} ${f.kind}`);

test("a bare secret word is a secret-looking name: apiKey, password, API_KEY, token, object keys", () => {
  const user = initApp({
    "src/config.js": [`apiKey = "${V}";`, `password = '${V}x';`, `API_KEY="${V}y"`, `const o = { token: "${V}z", apiKey: "${V}w" };`, 'password = "changeme-placeholder";', ""].join("\n"),
  });
  expect(findings(user.ks(["scan", "src", "--json"]))).toEqual([
    "src/config.js:1 hard-coded apiKey", "src/config.js:2 hard-coded password", "src/config.js:3 hard-coded API_KEY", "src/config.js:4 hard-coded token", "src/config.js:4 hard-coded apiKey",
  ]);
});

test("a UTF-16 .env (PowerShell's default) is decoded and scanned; a binary file is counted as skipped", () => {
  const user = initApp();
  const text = `STRIPE_KEY=sk_live_${random(24, 5)}\r\n`;
  fs.writeFileSync(path.join(user.app, "le-bom.env"), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]));
  fs.writeFileSync(path.join(user.app, "le.env"), Buffer.from(text, "utf16le"));
  fs.writeFileSync(path.join(user.app, "be-bom.env"), Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, "utf16le").swap16()]));
  fs.writeFileSync(path.join(user.app, "image.png"), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1, 7, 0, 9, 9, 0, 0, 0]));
  const result = user.ks(["scan", "le-bom.env", "le.env", "be-bom.env", "image.png", "--json"]);
  expect(findings(result)).toEqual(["be-bom.env:1 Stripe live secret key", "le-bom.env:1 Stripe live secret key", "le.env:1 Stripe live secret key"]);
  expect((JSON.parse(result.stdout) as { skipped: { binary: number } }).skipped.binary).toBe(1);
});

test("a tracked link out of the repository is never followed: it is named as skipped", () => {
  const user = initApp();
  const outside = tempDir("keystash-outside-");
  fs.writeFileSync(path.join(outside, "credentials"), `aws_secret_access_key = ${random(40, 9)}\npassword = "${V}"\n`);
  fs.symlinkSync(path.join(outside, "credentials"), path.join(user.app, "notes.txt"));
  const result = user.ks(["scan", "notes.txt"]);
  expect([result.status, result.stdout]).toEqual([0, "✓ no credentials found in 0 files (skipped: 1 link out of the repo (notes.txt))\n"]);
});

test("scan works in any folder, inside an app or not", () => {
  const folder = tempDir("keystash-plain-");
  fs.writeFileSync(path.join(folder, "deploy.sh"), `export GITHUB_TOKEN=ghp_${random(36, 4)}\n`);
  const result = runCli(["scan", "--json", "."], { cwd: folder });
  expect([result.status, findings(result)]).toEqual([1, ["deploy.sh:1 GitHub token"]]);
});

test("a fingerprint is a slow salted hash: not the plain SHA-256 earlier versions printed, the same for the team, honoured in scan.ignore either way", () => {
  const value = `ghp_${random(36, 6)}`;
  const user = initApp({ "keystash.yaml": "app: shop\n", "src/a.ts": `export const t = "${value}";\n` });
  const printed = (JSON.parse(user.ks(["scan", "src", "--json"]).stdout) as { findings: { fingerprint: string }[] }).findings[0]!.fingerprint;
  expect(printed).toBe(findingFingerprint(value, "shop"));
  expect(printed).not.toBe(crypto.createHash("sha256").update(value).digest("hex").slice(0, 16));
  expect(findingFingerprint(value, "another-app")).not.toBe(printed);
  for (const allowed of [printed, legacyFingerprint(value)]) {
    fs.writeFileSync(path.join(user.app, "keystash.yaml"), `app: shop\nscan:\n  ignore: [${allowed}]\n`);
    expect(user.ks(["scan", "src"]).status).toBe(0);
  }
});
