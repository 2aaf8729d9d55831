import * as fs from "node:fs";
import * as path from "node:path";
import { linkKeystash } from "../helpers/app";
import { initApp } from "../helpers/keystash-app";

// The way in never changes what the code means: every check that can refuse a migration runs
// before anything is written, and text that is not UTF-8 is refused, never "repaired".

// Made at run time: no credential-shaped literal sits in keystash's own sources.
const token = (prefix: string, length: number, seed: string) => prefix + Array.from({ length }, (_, i) => "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"[(i * 7 + seed.charCodeAt(i % seed.length)) % 55]).join("");
const K1 = token("sk_live_", 24, "first");
const K2 = token("sk_live_", 24, "second");

const snapshot = (app: string) => Object.fromEntries(["src/a.ts", "src/b.ts", ".keystash/store.yaml"].filter((f) => fs.existsSync(path.join(app, f))).map((f) => [f, fs.readFileSync(path.join(app, f), "utf8")]));

describe("migrate --write refuses before writing", () => {
  test("two different keys under one name: exit 2 naming both places; no file and no store change", () => {
    const user = initApp({ "src/a.ts": `const stripeKey = "${K1}";\nexport const charge = () => stripeKey.length;\n`, "src/b.ts": `const stripeKey = "${K2}";\nexport const refund = () => stripeKey.length;\n` });
    linkKeystash(user.app);
    const before = snapshot(user.app);
    const result = user.ks(["migrate", "--write"]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("migrate: nothing was written:\n  StripeKey has different values in src/a.ts:1 and src/b.ts:1: rename one of the consts so each value gets its own secret");
    expect(snapshot(user.app)).toEqual(before);
  });

  test("the same key in two places is one secret", () => {
    const user = initApp({ "src/a.ts": `const stripeKey = "${K1}";\nexport const charge = () => stripeKey.length;\n`, "src/b.ts": `const stripeKey = "${K1}";\nexport const charge = () => stripeKey.length;\n` });
    linkKeystash(user.app);
    const result = user.ks(["migrate", "--write"]);
    expect(result.status).toBe(0);
    expect(result.stdout.match(/^Stored StripeKey/gm)).toHaveLength(1);
    expect(user.ks(["secret", "get", "StripeKey", "--env", "development"]).stdout).toBe(K1);
  });

  test("a name the store already holds is refused unless --overwrite", () => {
    const user = initApp({ "src/a.ts": `const stripeKey = "${K1}";\nexport const charge = () => stripeKey.length;\n` });
    linkKeystash(user.app);
    expect(user.ks(["secret", "set", "--dev", "StripeKey"], "the-team-value").status).toBe(0);
    const before = snapshot(user.app);
    const refused = user.ks(["migrate", "--write"]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain("StripeKey already has a value in the store for --type development,preview,local: pass --overwrite");
    expect(snapshot(user.app)).toEqual(before);
    expect(user.ks(["migrate", "--write", "--overwrite"]).status).toBe(0);
    expect(user.ks(["secret", "get", "StripeKey", "--env", "development"]).stdout).toBe(K1);
  });

  test("a reserved name in .env (NODE_ENV) is configuration: listed as skipped, its process.env read left as it is", () => {
    const user = initApp({ ".env": `NODE_ENV=production\nSTRIPE_KEY=${K1}\n`, "src/a.ts": "export const mode = process.env.NODE_ENV;\nexport const key = process.env.STRIPE_KEY;\n" });
    linkKeystash(user.app);
    const result = user.ks(["migrate", "--write"]);
    expect(result.status).toBe(0);
    expect(result.stderr).toContain("skipped NODE_ENV (from .env): it is a reserved environment variable");
    const code = fs.readFileSync(path.join(user.app, "src/a.ts"), "utf8");
    expect(code).toContain("process.env.NODE_ENV");
    expect(code).toContain('secret("STRIPE_KEY")');
  });
});

describe("migrate never changes what the code means", () => {
  test("every use in the file becomes a call (templates, shorthand properties); the app still reads the same string", () => {
    const user = initApp({ "src/a.ts": `const githubToken = "${token("ghp_", 36, "uses")}";\nexport const header = () => \`token \${githubToken}\`;\nexport const config = () => ({ githubToken, length: githubToken.length });\n` });
    linkKeystash(user.app);
    const result = user.ks(["migrate", "--write"]);
    expect(result.status).toBe(0);
    const code = fs.readFileSync(path.join(user.app, "src/a.ts"), "utf8");
    expect(code).toContain("`token ${githubToken()}`");
    expect(code).toContain("({ githubToken: githubToken(), length: githubToken().length })");
  });

  test("an exported credential, or one used from another file, is left as it is and listed as skipped with why", () => {
    const user = initApp({
      "src/exported.ts": `export const stripeKey = "${K1}";\n`,
      "src/shared.ts": `const apiToken = "${token("ghp_", 36, "shared")}";\nexport { apiToken };\n`,
      "src/db.ts": `export const url = "postgres://app:${token("", 18, "postgres")}@db.internal/app";\n`,
    });
    linkKeystash(user.app);
    const before = snapshotAll(user.app);
    const result = user.ks(["migrate", "--write"]);
    expect(result.status).toBe(0);
    expect(result.stderr).toContain("skipped src/exported.ts:1: a hard-coded Stripe live secret key in stripeKey: it is exported, so importers would get a Secret where they read a string; move it by hand");
    expect(result.stderr).toContain("skipped src/shared.ts:1: a hard-coded GitHub token in apiToken: it is exported or used as a type at src/shared.ts:2; move it by hand");
    expect(result.stderr).toContain("skipped src/db.ts:1: a password in a connection URL inside a longer string: move it by hand");
    expect(snapshotAll(user.app)).toEqual(before);
  });
});

const snapshotAll = (app: string) => Object.fromEntries(fs.readdirSync(path.join(app, "src")).map((f) => [f, fs.readFileSync(path.join(app, "src", f), "utf8")]));

describe("text that is not UTF-8 is refused with its line, never replaced by U+FFFD", () => {
  const invalid = Buffer.concat([Buffer.from("A=ok\nB=caf"), Buffer.from([0xe9]), Buffer.from("\n")]);

  test("import", () => {
    const user = initApp();
    fs.writeFileSync(path.join(user.app, "latin1.env"), invalid);
    const result = user.ks(["import", "latin1.env", "--dev"]);
    expect([result.status, result.stdout]).toEqual([2, ""]);
    expect(result.stderr.split("\n")[0]).toBe("error: import: latin1.env:2 is not valid UTF-8; nothing was imported");
    expect(fs.existsSync(path.join(user.app, ".keystash/store.yaml"))).toBe(false);
  });

  test(".secrets.local.cue", () => {
    const user = initApp({ "src/a.ts": 'import { secret } from "keystash";\nexport const b = secret("B");\n' });
    fs.writeFileSync(path.join(user.app, ".secrets.local.cue"), Buffer.concat([Buffer.from('A: "ok"\nB: "caf'), Buffer.from([0xe9]), Buffer.from('"\n')]));
    const result = user.ks(["check", "--env", "local"]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(".secrets.local.cue:2: not valid UTF-8");
    expect(result.stderr).not.toContain("\ufffd");
  });
});
