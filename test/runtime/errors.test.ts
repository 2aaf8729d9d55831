import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { linkKeystash } from "../helpers/app";
import { REPO_ROOT, cleanEnv, tempDir, writeFiles } from "../helpers/cli";
import { appUser, sharedApp } from "../helpers/keystash-app";
import { parseStore, serializeStore } from "../../src/store/store-file";

// An app catches keystash's errors by class (and by `code`), from either module system, and
// across two copies of keystash in one process (a bundle carries its own).

const MANIFEST = JSON.stringify({ version: 1, secrets: [{ name: "ApiKey", services: [], declarations: [] }] });

function app(files: Record<string, string>): string {
  const dir = tempDir("keystash-errors-");
  writeFiles(dir, { "package.json": "{}", "keystash.manifest.json": MANIFEST, ...files });
  linkKeystash(dir);
  return dir;
}
const node = (dir: string, file: string, env: NodeJS.ProcessEnv) => spawnSync(process.execPath, [file], { cwd: dir, env: { ...cleanEnv(), ...env }, encoding: "utf8" });

const PROBE = `
const report = (what, fn) => {
  try { fn(); console.log(what, "no error"); }
  catch (error) {
    console.log(what, error.name, error.code, error instanceof KeystashError, error instanceof KeystashStartupError, error instanceof SecretNotSetError, error instanceof InvalidSecretNameError, error.secret ?? "-", error.environment ?? "-");
  }
};
report("start-up", () => secret("ApiKey"));
report("bad name", () => secret("NODE_OPTIONS"));
`;

test("each failure has its class and code: start-up, a reserved name", () => {
  const dir = app({ "probe.cjs": `const { secret, KeystashError, KeystashStartupError, SecretNotSetError, InvalidSecretNameError } = require("keystash");\n${PROBE}` });
  const result = node(dir, "probe.cjs", { KEYSTASH_ENV: "production" });
  expect(result.stdout.split("\n")).toEqual([
    "start-up KeystashStartupError startup true true false false - -",
    "bad name InvalidSecretNameError invalid-name true false false true - -",
    "",
  ]);
});

test("a secret read where it is not set is a SecretNotSetError naming the secret and the environment", () => {
  const dir = app({
    "keystash.manifest.json": JSON.stringify({ version: 1, secrets: [] }),
    "probe.cjs": `const { secret, KeystashError, KeystashStartupError, SecretNotSetError, InvalidSecretNameError } = require("keystash");\nconst late = secret("LateKey");\nconst report = ${"(what, fn) => { try { fn(); } catch (error) { console.log(what, error.name, error.code, error instanceof KeystashError, error instanceof SecretNotSetError, error.secret, error.environment); } }"};\nreport("read", () => late());\n`,
  });
  const result = node(dir, "probe.cjs", { KEYSTASH_ENV: "production" });
  expect(result.stdout).toBe("read SecretNotSetError not-set true true LateKey production\n");
});

test("instanceof holds across copies: an error from the ES module build is an instance of the CommonJS build's classes", () => {
  const dir = app({
    "probe.mjs": [
      `import * as bundled from ${JSON.stringify(path.join(REPO_ROOT, "dist/runtime/index.mjs"))};`,
      'import { createRequire } from "node:module";',
      'const { KeystashError, KeystashStartupError, SecretNotSetError } = createRequire(import.meta.url)("keystash");',
      "try { bundled.secret(\"ApiKey\"); } catch (error) {",
      "  console.log(error instanceof KeystashError, error instanceof KeystashStartupError, error instanceof SecretNotSetError, error instanceof bundled.KeystashError, error instanceof Error);",
      "}",
    ].join("\n"),
  });
  const result = node(dir, "probe.mjs", { KEYSTASH_ENV: "production" });
  expect([result.stderr, result.stdout]).toEqual(["", "true true false true true\n"]);
  // Not every object with a code is one: the brand decides.
  expect(fs.existsSync(path.join(REPO_ROOT, "dist/runtime/errors.js"))).toBe(true);
  const { KeystashError } = require(path.join(REPO_ROOT, "dist/runtime/errors.js")) as typeof import("../../src/runtime/errors");
  expect({ code: "startup", message: "x" } instanceof KeystashError).toBe(false);
});

test("an uncaught start-up error prints one line, no keystash stack frames", () => {
  const dir = app({ "main.cjs": 'const { secret } = require("keystash");\nsecret("ApiKey");\n' });
  const result = node(dir, "main.cjs", { KEYSTASH_ENV: "production" });
  expect(result.status).not.toBe(0);
  expect(result.stderr).toContain("KeystashStartupError: keystash: 1 secret is not set in environment production (production):\n  ApiKey: never set");
  expect(result.stderr).not.toMatch(/at .*dist\/runtime/);
});

describe("a store problem reaches the app with its fix and the store's name for it (the store tier's fix, as data, worded at the edge)", () => {
  const user = sharedApp({ "keystash.manifest.json": MANIFEST }, (user) => {
    linkKeystash(user.app);
    user.ks(["secret", "set", "--type", "development", "ApiKey"], "dev-value");
    fs.writeFileSync(path.join(user.app, "main.cjs"), 'const { secret } = require("keystash");\ntry { secret("ApiKey")(); console.log("read"); } catch (error) { console.log(error.name, error.code, error.problem ?? "-", error.fix?.kind ?? "-", error.message); }\n');
  });
  const start = (env: NodeJS.ProcessEnv) => node(user.app, "main.cjs", { ...user.env, KEYSTASH_ENV: "staging", KEYSTASH_ENV_TYPE: "development", ...env });

  test("a value whose metadata contradicts its ciphertext: tampered, and how to restore the store", () => {
    const store = path.join(user.app, ".keystash/store.yaml");
    const original = fs.readFileSync(store, "utf8");
    try {
      const data = parseStore(original);
      data.secrets.ApiKey![0]!.versions[0]!.recipients.push(user.recipient().replace(/.$/, (c) => (c === "q" ? "p" : "q")));
      fs.writeFileSync(store, serializeStore(data));
      expect(start({}).stdout).toBe(
        "KeystashStoreError store tampered restoreStore store: 'ApiKey' is tampered: version 1 is encrypted to 1 keys but lists 2 recipients; restore .keystash/store.yaml from git and review who changed it (`git log -p -- .keystash/store.yaml`)\n",
      );
    } finally {
      fs.writeFileSync(store, original);
    }
  });

  test("a value a newly listed teammate cannot read yet: missing at start-up, with who re-encrypts it", () => {
    // The teammate's init lists their key in keystash.yaml; nobody has re-encrypted for it yet.
    const other = appUser(user.app);
    expect(other.ks(["init"]).status).toBe(0);
    const result = start(other.env);
    expect(result.stdout).toBe(`KeystashStartupError startup - - keystash: 1 secret is not set in environment staging (development):\n  ApiKey: set, but not re-encrypted for you yet (you are listed for development); ask someone who can read development to run \`keystash access sync\`\n`);
  });
});
