import * as fs from "node:fs";
import * as path from "node:path";
import { runCli, tempDir, writeFiles } from "../helpers/cli";
import { sharedApp } from "../helpers/keystash-app";

const SOURCE = 'import { secret } from "keystash";\nexport const token = secret("Token");\n';

describe("commands fail closed", () => {
  const user = sharedApp({
    "keystash.yaml": "app: x\nservices:\n  api: services/api\n  billing: services/billing\nenvironments:\n  staging: development\n  prod: production\n",
    "services/api/index.ts": SOURCE,
    "services/billing/index.ts": 'import { secret } from "keystash";\nexport const stripe = secret("Stripe");\n',
    // The child prints what it got: the secrets, where it runs, and whether the key came along.
    "show.js": "console.log(JSON.stringify({ Token: process.env.Token, env: process.env.KEYSTASH_ENV, type: process.env.KEYSTASH_ENV_TYPE, service: process.env.KEYSTASH_SERVICE ?? null, identity: process.env.KEYSTASH_IDENTITY ?? null, identityFile: process.env.KEYSTASH_IDENTITY_FILE ?? null }));",
  }, (user) => {
    user.ks(["secret", "set", "--type", "development", "Token"], "dev-token");
    user.ks(["secret", "set", "--type", "local", "Token"], "local-token");
    user.ks(["secret", "set", "--dev", "Stripe"], "stripe-dev");
  });

  test("run without --env takes KEYSTASH_ENV from its own environment, and passes it on", () => {
    const result = runCli(["run", "--", process.execPath, "show.js"], { cwd: user.app, env: { ...user.env, KEYSTASH_ENV: "staging" } });
    expect(result.stderr).toBe("");
    expect(JSON.parse(result.stdout)).toEqual({ Token: "dev-token", env: "staging", type: "development", service: null, identity: null, identityFile: null });
  });

  test("run refuses --env and a different KEYSTASH_ENV, and a non-local type with no environment named", () => {
    const both = runCli(["run", "--env", "prod", "--", process.execPath, "show.js"], { cwd: user.app, env: { ...user.env, KEYSTASH_ENV: "staging" } });
    expect(both.status).toBe(2);
    expect(both.stderr).toBe("error: --env prod contradicts KEYSTASH_ENV=staging in this shell\nhint: unset KEYSTASH_ENV, or drop --env\n");
    const typeOnly = runCli(["run", "--", process.execPath, "show.js"], { cwd: user.app, env: { ...user.env, KEYSTASH_ENV_TYPE: "production" } });
    expect(typeOnly.status).toBe(2);
    expect(typeOnly.stderr).toContain("error: KEYSTASH_ENV_TYPE is 'production' but KEYSTASH_ENV is not set");
    const nodeEnv = runCli(["run", "--", process.execPath, "show.js"], { cwd: user.app, env: { ...user.env, NODE_ENV: "production" } });
    expect(nodeEnv.status).toBe(2);
    const wrongType = runCli(["export", "--env", "staging"], { cwd: user.app, env: { ...user.env, KEYSTASH_ENV_TYPE: "production" } });
    expect(wrongType.status).toBe(2);
    expect(wrongType.stderr).toContain("error: environment staging is development, but KEYSTASH_ENV_TYPE=production in this shell");
    expect(wrongType.stdout).toBe("");
  });

  test("the child of run gets values, never the identity that decrypts them", () => {
    const key = fs.readFileSync(user.identityFile, "utf8").split("\n").find((line) => line.startsWith("AGE-SECRET-KEY-1"))!;
    for (const env of [{ KEYSTASH_IDENTITY: key }, { KEYSTASH_IDENTITY_FILE: user.identityFile }]) {
      const result = runCli(["run", "--env", "staging", "--", process.execPath, "show.js"], { cwd: user.app, env: { ...user.env, ...env } });
      expect(JSON.parse(result.stdout)).toMatchObject({ Token: "dev-token", identity: null, identityFile: null });
    }
  });

  test("an unknown --service is exit 2 listing the services; a known one narrows and is passed on", () => {
    for (const command of [["export", "--env", "staging", "--service", "typo"], ["run", "--env", "staging", "--service", "typo", "--", process.execPath, "show.js"]]) {
      const result = user.ks(command);
      expect(result.status).toBe(2);
      expect(result.stdout).toBe("");
      expect(result.stderr).toBe("error: --service: unknown service 'typo'\nhint: services: api, billing\n");
    }
    expect(user.ks(["export", "--env", "staging", "--service", "billing", "--format", "json"]).stdout).toBe('{\n  "KEYSTASH_ENV": "staging",\n  "KEYSTASH_ENV_TYPE": "development",\n  "Stripe": "stripe-dev"\n}\n');
    const run = user.ks(["run", "--env", "staging", "--service", "api", "--", process.execPath, "show.js"]);
    expect(JSON.parse(run.stdout)).toMatchObject({ Token: "dev-token", service: "api" });
  });

  test("with no app root every command exits 2 naming where it looked, and writes nothing", () => {
    const nowhere = tempDir("keystash-nowhere-");
    writeFiles(nowhere, { "src/app.ts": SOURCE });
    const commands = [
      ["manifest"], ["check", "--env", "prod"], ["run", "--", process.execPath, "-e", "0"], ["export", "--env", "prod"],
      ["secret", "list"], ["secret", "set", "--dev", "Token"], ["init"],
    ];
    for (const args of commands) {
      const result = runCli(args, { cwd: path.join(nowhere, "src"), env: user.env, input: "x" });
      expect({ args, status: result.status, stdout: result.stdout }).toEqual({ args, status: 2, stdout: "" });
      expect(result.stderr).toBe(
        `error: no app root: no keystash.yaml or package.json in ${path.join(nowhere, "src")} or any folder above it\n` +
          "hint: run keystash inside your app (the folder with package.json), or pass --root DIR\n",
      );
    }
    const check = runCli(["check", "--env", "prod"], { cwd: nowhere, env: user.env, bin: path.join(__dirname, "../../bin/check-secrets.js") });
    expect(check.status).toBe(2);
    expect(fs.readdirSync(nowhere).sort()).toEqual(["src"]);
  });

  test("a cloud check that finds no source file is exit 2 (wrong folder); a local one says so and never claims all is set", () => {
    const empty = tempDir("keystash-empty-");
    writeFiles(empty, { "package.json": "{}" });
    const cloud = runCli(["check", "--env", "production"], { cwd: empty, env: user.env });
    expect(cloud.status).toBe(2);
    expect(cloud.stderr).toContain(`error: no source files found in ${empty} (include: **/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}); nothing to check for production`);
    const local = runCli(["check", "--env", "local"], { cwd: empty, env: user.env });
    expect(local.status).toBe(0);
    expect(local.stdout).toBe(`no secrets declared (0 source files analysed in ${empty}); nothing to check for local (local)\n`);
  });
});

describe("values the OS cannot carry are refused, never echoed or altered", () => {
  const user = sharedApp({ "src/app.ts": SOURCE });

  test.each([
    ["a NUL character", Buffer.from("sup3r\u0000s3cret"), "error: secret set: the value for Token contains a NUL character, which no environment variable can carry\n"],
    ["invalid UTF-8", Buffer.from([0x73, 0x75, 0x70, 0x33, 0x72, 0xff, 0xfe, 0x73]), "error: secret set: the value on stdin is not valid UTF-8\n"],
    ["more bytes than an environment variable takes", Buffer.alloc(128 * 1024, "s"), "error: secret set: the value for Token is 131079 bytes, more than an environment variable can carry (131072)\n"],
  ])("%s: exit 2, nothing stored", (_label, input, message) => {
    const result = user.ks(["secret", "set", "--dev", "Token"], input);
    expect(result.status).toBe(2);
    expect(result.stderr.startsWith(message)).toBe(true);
    expect(result.stderr).not.toContain("sup3r");
    expect(fs.existsSync(path.join(user.app, ".keystash/store.yaml"))).toBe(false);
  });

  test("a NUL from .secrets.local.cue is refused by run and export, naming the file, never the value", () => {
    fs.writeFileSync(path.join(user.app, ".secrets.local.cue"), 'Token: "sup3r\\u0000s3cret"\n');
    for (const args of [["export", "--env", "local"], ["run", "--", process.execPath, "-e", "0"]]) {
      const result = user.ks(args);
      expect(result.status).toBe(2);
      expect(result.stderr).toContain("error: .secrets.local.cue: the value for Token contains a NUL character");
      expect(result.stderr + result.stdout).not.toContain("sup3r");
    }
    fs.rmSync(path.join(user.app, ".secrets.local.cue"));
  });
});

describe("unexpected errors", () => {
  const user = sharedApp({ "src/app.ts": SOURCE }, (user) => {
    // A file where the store's folder should be: the kind of failure no command foresees.
    fs.rmSync(path.join(user.app, ".keystash"), { recursive: true, force: true });
    fs.writeFileSync(path.join(user.app, ".keystash"), "not a folder");
  });

  test("print one line without the error's message; the stack only with KEYSTASH_DEBUG=1", () => {
    const result = user.ks(["secret", "set", "--dev", "Token"], "sup3r-s3cret");
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      `error: keystash failed unexpectedly (Error EEXIST mkdir ${path.join(user.app, ".keystash")})\n` +
        "hint: run again with KEYSTASH_DEBUG=1 to see where it failed, and report it\n",
    );
    const debug = runCli(["secret", "set", "--dev", "Token"], { cwd: user.app, env: { ...user.env, KEYSTASH_DEBUG: "1" }, input: "sup3r-s3cret" });
    expect(debug.stderr).toContain("    at ");
    expect(debug.stderr).not.toContain("file already exists"); // frames only, never the message
    expect(debug.stderr).not.toContain("sup3r");
  });
});
