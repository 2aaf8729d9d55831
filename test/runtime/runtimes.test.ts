import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { chachaSeal } from "../../src/store/aead";
import { REPO_ROOT, cleanEnv, tempDir } from "../helpers/cli";
import { linkKeystash } from "../helpers/app";
import { initApp, type AppUser } from "../helpers/keystash-app";

// Bun and Deno (from this repository's devDependencies) run the runtime loader and `keystash
// run` on a real store: Bun's node:crypto has no chacha20-poly1305, so values decrypt through
// @noble/ciphers there; a missing primitive is never reported as a tampered store.

const BIN = path.join(REPO_ROOT, "node_modules/.bin");
const RUNTIMES: [name: string, run: string[]][] = [
  ["bun", [path.join(BIN, "bun")]],
  ["deno", [path.join(BIN, "deno"), "run", "-A"]],
];
const MAIN = 'const { secret } = require("keystash");\nconst token = secret("Token");\nprocess.stdout.write(token());\n';

let user: AppUser;
beforeAll(() => {
  user = initApp({ "main.cjs": MAIN });
  expect(user.ks(["secret", "set", "--type", "local", "Token"], "from-the-store").status).toBe(0);
  expect(user.ks(["secret", "set", "--type", "development", "Token"], "dev-from-the-store").status).toBe(0);
  linkKeystash(user.app);
  expect(user.ks(["manifest"]).status).toBe(0);
});

// Deno's own cache (DENO_DIR, ~/.cache/deno) kept a stale store tier across a rebuild here: each run gets a fresh one.
let denoDir: string;
beforeAll(() => (denoDir = tempDir("keystash-deno-dir-")));
const env = (extra: NodeJS.ProcessEnv = {}) => ({ ...cleanEnv(), ...user.env, NO_COLOR: "1", DENO_DIR: denoDir, ...extra });

describe.each(RUNTIMES)("%s", (name, [runtime, ...flags]) => {
  test("the runtime decrypts a value from the store", () => {
    const result = spawnSync(runtime!, [...flags, "main.cjs"], { cwd: user.app, env: env(), encoding: "utf8" });
    expect([result.status, result.stdout]).toEqual([0, "from-the-store"]);
    expect(result.stderr).not.toMatch(/tamper|corrupt/i);
  });

  test("keystash run, itself on this runtime, hands the value to an app on this runtime", () => {
    const result = spawnSync(runtime!, [...flags, path.join(REPO_ROOT, "bin/keystash.js"), "run", "--env", "development", "--", runtime!, ...flags, "main.cjs"], { cwd: user.app, env: env(), encoding: "utf8" });
    expect([name, result.status, result.stdout]).toEqual([name, 0, "dev-from-the-store"]);
  });

  test("a production start-up without the value fails closed", () => {
    const result = spawnSync(runtime!, [...flags, "main.cjs"], { cwd: user.app, env: env({ KEYSTASH_ENV: "production" }), encoding: "utf8" });
    expect(result.status).not.toBe(0);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("keystash: 1 secret is not set in environment production (production)");
  });
});

test("the pure-JavaScript cipher and node:crypto's agree byte for byte", async () => {
  const crypto = await import("node:crypto");
  const { chacha20poly1305 } = (await import("@noble/ciphers/chacha.js")) as { chacha20poly1305: (k: Uint8Array, n: Uint8Array) => { encrypt(p: Uint8Array): Uint8Array } };
  for (const size of [0, 1, 64, 65536]) {
    const key = crypto.randomBytes(32);
    const nonce = crypto.randomBytes(12);
    const plain = crypto.randomBytes(size);
    expect(Buffer.from(chacha20poly1305(key, nonce).encrypt(plain)).equals(chachaSeal(key, nonce, plain))).toBe(true);
  }
});

test("the runtimes are the ones this repository installs", () => {
  expect(fs.existsSync(path.join(BIN, "bun")) && fs.existsSync(path.join(BIN, "deno"))).toBe(true);
});
