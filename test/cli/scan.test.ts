import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { KEYSTASH_BIN, cleanEnv } from "../helpers/cli";
import { git, grantProduction, sharedApp } from "../helpers/keystash-app";

const random = (length: number, seed: number) => Array.from({ length }, (_, i) => "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"[(i * 13 + seed * 7 + i * i) % 55]).join("");

describe("keystash scan beyond the working tree", () => {
  const stripe = `sk_live_${random(24, 1)}`;
  const user = sharedApp({ "src/app.ts": 'import { secret } from "keystash";\nexport const s = secret("StripeSecretKey");\n' }, (user) => {
    grantProduction(user);
    user.ks(["secret", "set", "--prod", "StripeSecretKey"], stripe);
  });

  test("--values: a current store value copied into build output is reported by name and environment", () => {
    fs.mkdirSync(path.join(user.app, "dist"), { recursive: true });
    fs.writeFileSync(path.join(user.app, "dist/main.js"), `var a=1;var key="${stripe}";\n`);
    fs.writeFileSync(path.join(user.app, ".gitignore"), "dist/\n");
    const result = user.ks(["scan", "--values"]);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain("dist/main.js:1:18 - store value: your production StripeSecretKey sk_l…(32 chars)");
    expect(result.stdout).not.toContain(stripe);
  });

  test("--history finds a credential removed since, with the commit that added it", () => {
    const github = `ghp_${random(36, 2)}`;
    git(user.app, "init", "-q");
    fs.writeFileSync(path.join(user.app, "src/old.ts"), `export const t = "${github}";\n`);
    git(user.app, "add", "src/old.ts");
    git(user.app, "commit", "-qm", "oops");
    const commit = git(user.app, "rev-parse", "--short", "HEAD").trim();
    fs.rmSync(path.join(user.app, "src/old.ts"));
    git(user.app, "commit", "-qam", "remove it");
    expect(user.ks(["scan", "src"]).status).toBe(0);
    const history = user.ks(["scan", "--history", "--json"]);
    expect(history.status).toBe(1);
    expect((JSON.parse(history.stdout) as { findings: object[] }).findings).toEqual([
      { file: "src/old.ts", line: 1, column: 19, kind: "GitHub token", preview: "ghp_…(40 chars)", fingerprint: expect.stringMatching(/^[0-9a-f]{16}$/), commit },
    ]);
    // On a terminal (util-linux `script`), a status line says what the long read is doing, then goes.
    const onTty = spawnSync("script", ["-qfec", `${process.execPath} ${KEYSTASH_BIN} scan --history`, "/dev/null"], { cwd: user.app, env: { ...cleanEnv(), ...user.env, NO_COLOR: "1" }, encoding: "utf8" });
    expect(onTty.stdout).toContain("\r\u001b[Kscan: reading every commit of every branch…\r\u001b[Kscan: checking ");
    expect(onTty.stdout).toMatch(/checking \d+ added hunks in \d+ commits…\r\u001b\[K/);
    expect(onTty.stdout).toContain("src/old.ts:1:19 - GitHub token");
  });

  test("scan.ignore allow-lists a finding by fingerprint, never by value", () => {
    fs.writeFileSync(path.join(user.app, "src/fixture.ts"), `export const fake = "ghp_${random(36, 3)}";\n`);
    const found = JSON.parse(user.ks(["scan", "src", "--json"]).stdout) as { findings: { fingerprint: string }[] };
    expect(found.findings).toHaveLength(1);
    fs.appendFileSync(path.join(user.app, "keystash.yaml"), `scan:\n  ignore: [${found.findings[0]!.fingerprint}]\n`);
    const after = user.ks(["scan", "src"]);
    expect([after.status, after.stdout.trim().split("\n").pop()]).toEqual([0, "✓ no credentials found in 2 files"]);
  });
});

describe("keystash import from JSON and dotenvx files", () => {
  const user = sharedApp();

  test("a JSON object of strings", () => {
    fs.writeFileSync(path.join(user.app, "secrets.json"), JSON.stringify({ ApiKey: "a-1", Nested: "n" }));
    expect(user.ks(["import", "secrets.json", "--type", "local"]).stdout).toBe("created ApiKey (local)\ncreated Nested (local)\n2 created, 0 updated, 0 unchanged, 0 skipped from secrets.json.\n");
    fs.writeFileSync(path.join(user.app, "bad.json"), JSON.stringify({ Deep: { x: 1 } }));
    expect(user.ks(["import", "bad.json", "--type", "local"]).stderr.split("\n")[0]).toBe("error: import: bad.json: the value of Deep is not a string");
  });

  test("a dotenvx-encrypted file, with DOTENV_PRIVATE_KEY from the environment", () => {
    const dotenvx = path.join(__dirname, "../../node_modules/.bin/dotenvx");
    fs.writeFileSync(path.join(user.app, ".env.production"), "DB_PASSWORD=hunter2-but-longer\n");
    execFileSync(dotenvx, ["encrypt", "-f", ".env.production"], { cwd: user.app, stdio: "ignore" });
    expect(fs.readFileSync(path.join(user.app, ".env.production"), "utf8")).toMatch(/DB_PASSWORD="?encrypted:/);
    const key = /DOTENV_PRIVATE_KEY_PRODUCTION="?([0-9a-f]+)/.exec(fs.readFileSync(path.join(user.app, ".env.keys"), "utf8"))![1]!;
    const without = user.ks(["import", ".env.production", "--type", "local"]);
    expect([without.status, without.stderr.split("\n")[0]]).toEqual([2, "error: import: .env.production holds dotenvx-encrypted values"]);
    const imported = require("../helpers/cli").runCli(["import", ".env.production", "--type", "local"], { cwd: user.app, env: { ...user.env, DOTENV_PRIVATE_KEY: key } });
    expect(imported.stdout).toContain("created DB_PASSWORD (local)");
    expect(user.ks(["secret", "get", "DB_PASSWORD", "--env", "local"]).stdout).toBe("hunter2-but-longer");
  });
});
