import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { linkKeystash } from "../helpers/app";
import { cleanEnv } from "../helpers/cli";
import { sharedApp } from "../helpers/keystash-app";

// Production must never silently become local (SPEC 9): every way of getting there fails start-up.
describe("the runtime fails closed", () => {
  const user = sharedApp({
    "keystash.yaml": "app: x\nenvironments:\n  staging: development\n  prod: production\n",
    "main.js": [
      'const { secret } = require("keystash");',
      'const token = secret("Token");',
      'const proto = secret("toString");',
      "for (const s of [token, proto]) { try { console.log(s.name, JSON.stringify(s())); } catch (e) { console.log(s.name, 'THROWS', e.message); } }",
    ].join("\n"),
  }, (user) => {
    linkKeystash(user.app);
    user.ks(["manifest"]);
  });
  const start = (env: NodeJS.ProcessEnv, file = "main.js") =>
    spawnSync(process.execPath, [file], { cwd: user.app, env: { ...cleanEnv(), ...user.env, ...env }, encoding: "utf8" });

  test.each([
    [{ KEYSTASH_ENV_TYPE: "production" }, "KEYSTASH_ENV_TYPE is 'production' but KEYSTASH_ENV is not set"],
    [{ KEYSTASH_ENV_TYPE: "preview" }, "KEYSTASH_ENV_TYPE is 'preview' but KEYSTASH_ENV is not set"],
    [{ NODE_ENV: "production" }, "NODE_ENV is 'production' but KEYSTASH_ENV is not set"],
    [{ NODE_ENV: "Production" }, "NODE_ENV is 'production' but KEYSTASH_ENV is not set"],
    [{ NODE_ENV: " PRODUCTION\n" }, "NODE_ENV is 'production' but KEYSTASH_ENV is not set"],
    [{ KEYSTASH_ENV: "" }, "KEYSTASH_ENV is set but empty"],
    [{ KEYSTASH_ENV: "staging", KEYSTASH_ENV_TYPE: "production" }, "environment 'staging' has contradicting types: KEYSTASH_ENV_TYPE says production, keystash.yaml says development"],
    [{ KEYSTASH_ENV: "local", KEYSTASH_ENV_TYPE: "production" }, "environment 'local' has contradicting types: KEYSTASH_ENV_TYPE says production, its name says local"],
    [{ KEYSTASH_ENV: "production", KEYSTASH_ENV_TYPE: "dev" }, "environment 'production' has contradicting types: KEYSTASH_ENV_TYPE says development, its name says production"],
  ])("%j stops start-up with one error and serves nothing", (env, message) => {
    const result = start(env);
    expect(result.status).not.toBe(0);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(`Error: keystash: ${message}`);
  });

  test("without any of those signals, an unset KEYSTASH_ENV is local (warning, values read as \"\")", () => {
    const result = start({ NODE_ENV: "development", KEYSTASH_ENV_TYPE: "local" });
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('Token ""\ntoString ""\n');
    expect(result.stderr).toContain("2 secrets are not set in local");
  });

  test("a name that shadows Object.prototype is an ordinary secret: never a function, set only from the environment", () => {
    const missing = start({ KEYSTASH_ENV: "prod", Token: "t" });
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toContain("keystash: 1 secret is not set in environment prod (production):\n  toString: never set");
    const set = start({ KEYSTASH_ENV: "prod", Token: "t", toString: "from-env" });
    expect(set.stderr).toBe("");
    expect(set.stdout).toBe('Token "t"\ntoString "from-env"\n');
  });

  test("a reserved or malformed name is refused by secret() itself, and a run-time argument is never echoed", () => {
    writeFileSync(
      `${user.app}/reserved.js`,
      'const { secret } = require("keystash");\n' +
        'for (const name of ["NODE_OPTIONS", "a-b", process.env.Token, "ghp_1234567890abcdefghijklmnopqrstuvwxyzAB", 42]) {\n' +
        '  try { secret(name); } catch (e) { console.log(e.message); }\n' +
        "}\n",
    );
    const result = start({ Token: ["sk-live", "sup3r-s3cret"].join("-"), toString: "x" }, "reserved.js");
    const notShown = (problem: string) => `keystash: the argument of secret() is not a valid secret name (${problem}); it is not shown, since it may be a value: declare each secret with a string literal, secret("GitHubToken")\n`;
    expect(result.stdout).toBe(
      'keystash: "NODE_OPTIONS" in secret() is not a valid secret name: it is a reserved environment variable that would change how the process runs; choose another name\n' +
        notShown("use letters, digits and underscores, not starting with a digit") +
        notShown("use letters, digits and underscores, not starting with a digit") +
        // A token-shaped string that is a well-formed name is an ordinary (undeclared) secret: no error to echo it in.
        notShown("it is not a string"),
    );
    expect(result.stdout).not.toMatch(/sup3r|ghp_/);
  });

  test("a manifest naming a reserved variable is refused at start-up", () => {
    writeFileSync(`${user.app}/evil.manifest.json`, JSON.stringify({ version: 1, secrets: [{ name: "LD_PRELOAD", services: [] }] }));
    const result = start({ KEYSTASH_MANIFEST: `${user.app}/evil.manifest.json`, Token: "t", toString: "x" });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain(`keystash: "LD_PRELOAD" in the manifest ${user.app}/evil.manifest.json is not a valid secret name: it is a reserved environment variable`);
  });
});
