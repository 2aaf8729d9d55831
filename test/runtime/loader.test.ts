import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { linkKeystash } from "../helpers/app";
import { cleanEnv, tempDir, writeFiles } from "../helpers/cli";
import { grantProduction, sharedApp } from "../helpers/keystash-app";

// A small app: services api (GitHubAPIToken, LocalOnly) and billing (StripeSecretKey, Missing).
const APP = {
  "keystash.yaml": "app: shop\nservices:\n  api: services/api\n  billing: services/billing\nenvironments:\n  prod: production\n  staging: development\n",
  "services/api/index.js": [
    'const { secret } = require("keystash");',
    'const github = secret("GitHubAPIToken");',
    'const localOnly = secret("LocalOnly");',
    "module.exports = { github, localOnly };",
  ].join("\n"),
  "services/billing/index.js": [
    'const { secret } = require("keystash");',
    'const stripe = secret("StripeSecretKey");',
    'const missing = secret("Missing");',
    "module.exports = { stripe, missing };",
  ].join("\n"),
  "main.js": [
    "const util = require('node:util');",
    "const which = process.argv[2] || 'all';",
    "const mods = which === 'api' ? [require('./services/api')] : [require('./services/api'), require('./services/billing')];",
    "for (const mod of mods) for (const s of Object.values(mod)) {",
    "  let value; try { value = JSON.stringify(s()); } catch (e) { value = 'THROWS ' + e.message; }",
    "  console.log(s.name, value, String(s), JSON.stringify({ s }), util.inspect(s));",
    "}",
    "const loaded = Object.keys(require.cache);",
    "console.log('loaded yaml:', loaded.some((k) => k.includes('/node_modules/yaml/')), 'store:', loaded.some((k) => k.endsWith('/dist/runtime/store-tier.js')));",
  ].join("\n"),
};

describe("the runtime loader", () => {
  const user = sharedApp(APP, (user) => {
    linkKeystash(user.app);
    grantProduction(user);
    user.ks(["manifest"]);
    user.ks(["secret", "set", "--type", "local", "StripeSecretKey"], "sk_local_from_store");
    user.ks(["secret", "set", "--prod", "StripeSecretKey"], "sk_prod_from_store");
    user.ks(["secret", "set", "--prod", "GitHubAPIToken"], "gh_prod_from_store");
    user.ks(["secret", "set", "--prod", "LocalOnly"], "lo_prod");
    fs.writeFileSync(path.join(user.app, ".secrets.local.cue"), 'LocalOnly: "from-cue"\nStripeSecretKey: "cue-wins-over-store"\n');
  });
  let bundle: string;
  beforeAll(() => {
    bundle = tempDir("keystash-bundle-");
    linkKeystash(bundle);
  });

  const start = (env: NodeJS.ProcessEnv, args: string[] = []) =>
    spawnSync(process.execPath, ["main.js", ...args], { cwd: user.app, env: { ...cleanEnv(), ...user.env, ...env }, encoding: "utf8" });

  test("local: env var, then .secrets.local.cue, then the store; one warning for what is missing, which reads \"\"", () => {
    const result = start({ GitHubAPIToken: "gh_from_env" });
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('keystash: 1 secret is not set in local and will read as "":\n  Missing: never set; set it with: keystash secret set --type local Missing\n');
    expect(result.stdout.split("\n")).toEqual([
      'GitHubAPIToken "gh_from_env" Secret<GitHubAPIToken>(*****) {"s":"Secret<GitHubAPIToken>(*****)"} Secret<GitHubAPIToken>(*****)',
      'LocalOnly "from-cue" Secret<LocalOnly>(*****) {"s":"Secret<LocalOnly>(*****)"} Secret<LocalOnly>(*****)',
      'StripeSecretKey "cue-wins-over-store" Secret<StripeSecretKey>(*****) {"s":"Secret<StripeSecretKey>(*****)"} Secret<StripeSecretKey>(*****)',
      'Missing "" Secret<Missing>(not set) {"s":"Secret<Missing>(not set)"} Secret<Missing>(not set)',
      "loaded yaml: false store: true", // the store tier was loaded; the store's canonical layout needs no YAML parser
      "",
    ]);
  });

  test("cloud: a missing secret stops start-up with one error listing all of them", () => {
    const result = start({ KEYSTASH_ENV: "prod" });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain("Error: keystash: 1 secret is not set in environment prod (production):\n  Missing: never set; set it with: keystash secret set --type production Missing");
    expect(result.stdout).toBe("");
  });

  test("cloud: values come from the store (decrypted with the process identity); .secrets.local.cue is ignored", () => {
    const result = start({ KEYSTASH_ENV: "prod", Missing: "m" });
    expect(result.stderr).toBe("");
    expect(result.stdout).toContain('StripeSecretKey "sk_prod_from_store"');
    expect(result.stdout).toContain('LocalOnly "lo_prod"');
    expect(result.stdout).toContain('GitHubAPIToken "gh_prod_from_store"');
  });

  test("KEYSTASH_SERVICE narrows the start-up check to one service", () => {
    const result = start({ KEYSTASH_ENV: "prod", KEYSTASH_SERVICE: "api" }, ["api"]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('GitHubAPIToken "gh_prod_from_store"');
  });

  test("with every value in the environment, neither YAML nor the store is loaded", () => {
    const result = start({ GitHubAPIToken: "a", LocalOnly: "b", StripeSecretKey: "c", Missing: "d" });
    expect(result.stderr).toBe("");
    expect(result.stdout).toContain("loaded yaml: false store: false");
  });

  test("an environment whose type cannot be found is a start-up error; KEYSTASH_ENV_TYPE supplies it", () => {
    const unknown = start({ KEYSTASH_ENV: "qa-box" });
    expect(unknown.status).not.toBe(0);
    expect(unknown.stderr).toContain("keystash: cannot tell the type of environment 'qa-box'");
    const typed = start({ KEYSTASH_ENV: "qa-box", KEYSTASH_ENV_TYPE: "dev", GitHubAPIToken: "a", LocalOnly: "b", StripeSecretKey: "c", Missing: "d" });
    expect(typed.status).toBe(0);
  });

  test("a secret that is missing when called throws `secret NAME is not set in environment E`", () => {
    // A bundle outside the app, with no manifest: nothing is checked at start-up, so the error comes at the call.
    writeFiles(bundle, { "app.js": 'const { secret } = require("keystash");\nconst s = secret("NotInManifest");\ntry { s(); } catch (e) { console.log(e.message); }\n' });
    const result = spawnSync(process.execPath, ["app.js"], { cwd: bundle, env: { ...cleanEnv(), KEYSTASH_ENV: "prod" }, encoding: "utf8" });
    expect(result.stdout).toBe("secret NotInManifest is not set in environment prod\n");
  });

  test("KEYSTASH_MANIFEST points a bundled app at its manifest", () => {
    writeFiles(bundle, {
      "deploy/keystash.manifest.json": JSON.stringify({ version: 1, secrets: [{ name: "Bundled", services: [], declarations: [] }] }),
      "b.js": 'const { secret } = require("keystash");\nconst b = secret("Bundled");\nconsole.log(b());\n',
    });
    const result = spawnSync(process.execPath, ["b.js"], {
      cwd: bundle,
      env: { ...cleanEnv(), KEYSTASH_ENV: "production", KEYSTASH_MANIFEST: path.join(bundle, "deploy/keystash.manifest.json") },
      encoding: "utf8",
    });
    expect(result.stderr).toContain("Bundled: never set");
  });

  test("a process started by `keystash run` reads its secrets from the injected environment", () => {
    const result = user.ks(["run", "--env", "prod", "--", process.execPath, "main.js"]);
    expect(result.status).toBe(1); // Missing is not set for prod: run refuses to start
    expect(result.stderr).toContain("1 secret not set for prod (production):\n  Missing: never set");
    user.ks(["secret", "set", "--prod", "Missing"], "now-set");
    try {
      const started = user.ks(["run", "--env", "prod", "--", process.execPath, "main.js"]);
      expect(started.status).toBe(0);
      expect(started.stdout).toContain('Missing "now-set"');
      expect(started.stdout).toContain("loaded yaml: false store: false"); // run injects values and KEYSTASH_ENV_TYPE: no YAML, no decryption
    } finally {
      expect(user.ks(["secret", "delete", "--yes", "Missing"]).status).toBe(0); // the other tests need it missing
    }
  });
});
