import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT, cleanEnv, tempDir } from "../helpers/cli";
import { linkKeystash } from "../helpers/app";
import { grantProduction, initApp, type AppUser } from "../helpers/keystash-app";

// Where apps run: started by `keystash run` (which must not stay behind holding the key), from
// another working directory, in an image that holds the build and not the sources, with a
// deploy config that sets a variable empty or names a service that does not exist.

const SOURCE = 'import { secret } from "keystash";\nexport const token = secret("Token");\n';
const PRINT = 'const { secret } = require("keystash");\nconst token = secret("Token");\nprocess.stdout.write(token());\n';

function productionApp(): AppUser {
  const user = initApp({ "src/app.ts": SOURCE, "main.js": PRINT });
  grantProduction(user);
  expect(user.ks(["secret", "set", "--prod", "Token"], "prod-token").status).toBe(0);
  expect(user.ks(["secret", "set", "--type", "local", "Token"], "local-token").status).toBe(0);
  linkKeystash(user.app);
  expect(user.ks(["manifest"]).status).toBe(0);
  return user;
}

const node = (user: AppUser, args: string[], env: NodeJS.ProcessEnv, cwd = user.app) =>
  spawnSync(process.execPath, args, { cwd, env: { ...cleanEnv(), ...user.env, ...env }, encoding: "utf8" });

describe("keystash run leaves no process holding the key", () => {
  const probe = [
    "const fs = require('node:fs');",
    "const read = (pid) => { try { return fs.readFileSync(`/proc/${pid}/environ`, 'latin1'); } catch { return ''; } };",
    "const seen = [process.pid, process.ppid].map(read).join('\\n');",
    "process.stdout.write(JSON.stringify({ pid: process.pid, token: process.env.Token, key: /AGE-SECRET-KEY-1/.test(seen), identity: /KEYSTASH_IDENTITY=/.test(seen) }));",
  ].join("\n");

  test("with the identity in KEYSTASH_IDENTITY, neither the app's nor its parent's environment holds it (the app is keystash's own process)", () => {
    if (typeof (process as unknown as { execve?: unknown }).execve !== "function") return console.log(`skipped: process.execve needs Node 22.15+ (this is ${process.version})`);
    const user = productionApp();
    const key = fs.readFileSync(user.identityFile, "utf8").split("\n").find((line) => line.startsWith("AGE-SECRET-KEY-"))!;
    fs.writeFileSync(path.join(user.app, "probe.js"), probe);
    const result = spawnSync(process.execPath, [path.join(REPO_ROOT, "bin/keystash.js"), "run", "--env", "production", "--", process.execPath, "probe.js"], {
      cwd: user.app, env: { ...cleanEnv(), KEYSTASH_IDENTITY: key, XDG_CONFIG_HOME: tempDir("keystash-nohome-") }, encoding: "utf8",
    });
    expect(result.stderr).toBe("");
    const seen = JSON.parse(result.stdout) as { pid: number; token: string; key: boolean; identity: boolean };
    expect(seen).toEqual({ pid: result.pid, token: "prod-token", key: false, identity: false });
  });
});

describe("the app is found from the app, not from the working directory", () => {
  test("from / the app reads its local value from its own store; a secret missing from the manifest warns once", () => {
    const user = productionApp();
    const fromRoot = node(user, [path.join(user.app, "main.js")], { KEYSTASH_ENV: "local" }, "/");
    expect([fromRoot.status, fromRoot.stdout, fromRoot.stderr]).toEqual([0, "local-token", ""]);
    // Written after the manifest: a file the manifest does not know (a stale manifest).
    fs.writeFileSync(path.join(user.app, "other.js"), 'const { secret } = require("keystash");\nconst u = secret("Undeclared");\nu(); u();\nprocess.stdout.write("ok");\n');
    const undeclared = node(user, [path.join(user.app, "other.js")], { KEYSTASH_ENV: "local" }, "/");
    expect([undeclared.status, undeclared.stdout]).toEqual([0, "ok"]);
    expect(undeclared.stderr).toBe('keystash: Undeclared is not set in local and reads as ""; set it with: keystash secret set --type local Undeclared\n');
  });

  test("an image with the build, keystash.yaml and the store but no sources: run and export use the build's manifest", () => {
    const user = productionApp();
    const image = tempDir("keystash-image-");
    fs.mkdirSync(path.join(image, "dist"));
    fs.copyFileSync(path.join(user.app, "keystash.manifest.json"), path.join(image, "dist/keystash.manifest.json"));
    fs.copyFileSync(path.join(user.app, "main.js"), path.join(image, "dist/main.js"));
    fs.copyFileSync(path.join(user.app, "keystash.yaml"), path.join(image, "keystash.yaml"));
    fs.cpSync(path.join(user.app, ".keystash"), path.join(image, ".keystash"), { recursive: true });
    fs.writeFileSync(path.join(image, "package.json"), '{ "name": "app" }');
    linkKeystash(image);
    const run = spawnSync(process.execPath, [path.join(REPO_ROOT, "bin/keystash.js"), "run", "--env", "production", "--", process.execPath, "dist/main.js"], {
      cwd: image, env: { ...cleanEnv(), ...user.env }, encoding: "utf8",
    });
    expect([run.status, run.stdout, run.stderr]).toEqual([0, "prod-token", `keystash: no source files in ${image}; using the build's manifest dist/keystash.manifest.json\n`]);
    const exported = spawnSync(process.execPath, [path.join(REPO_ROOT, "bin/keystash.js"), "export", "--env", "production", "--format", "json"], { cwd: image, env: { ...cleanEnv(), ...user.env }, encoding: "utf8" });
    expect([exported.status, JSON.parse(exported.stdout)]).toEqual([0, { KEYSTASH_ENV: "production", KEYSTASH_ENV_TYPE: "production", Token: "prod-token" }]);
  });
});

describe("no silent defaults at start-up", () => {
  test("outside local an empty variable is a start-up error naming it, on one line and without keystash's stack", () => {
    const user = productionApp();
    const result = node(user, ["main.js"], { KEYSTASH_ENV: "production", Token: "" });
    expect([result.status === 0, result.stdout]).toEqual([false, ""]);
    expect(result.stderr).toContain("keystash: 1 secret is set to an empty environment variable in production (production): Token; give it a value, or unset it to read the store");
    expect(result.stderr).toContain("throw startupError(message);"); // Node's pointer to the throw: one short line
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(node(user, ["main.js"], { KEYSTASH_ENV: "production", Token: "", KEYSTASH_DEBUG: "1" }).stderr).toMatch(/\n\s+at /);
    // Locally an empty variable is a value like any other.
    expect(node(user, ["main.js"], { KEYSTASH_ENV: "local", Token: "" }).status).toBe(0);
  });

  test("a value set empty on purpose still reaches the app through keystash run", () => {
    const user = productionApp();
    expect(user.ks(["secret", "set", "--prod", "--allow-empty", "Token"], "").status).toBe(0);
    const run = user.ks(["run", "--env", "production", "--", process.execPath, "main.js"]);
    expect([run.status, run.stdout]).toEqual([0, ""]);
  });

  test("an unknown KEYSTASH_SERVICE is a start-up error listing the services", () => {
    const user = productionApp();
    fs.writeFileSync(path.join(user.app, "keystash.yaml"), fs.readFileSync(path.join(user.app, "keystash.yaml"), "utf8") + "services:\n  api: src\n  worker: worker\n");
    expect(user.ks(["manifest"]).status).toBe(0);
    const typo = node(user, ["main.js"], { KEYSTASH_ENV: "production", KEYSTASH_SERVICE: "apii" });
    expect(typo.status).not.toBe(0);
    expect(typo.stderr).toContain('keystash: KEYSTASH_SERVICE is "apii", which is not a service of this app (services: api, worker)');
    // A service keystash.yaml lists that declares no secret is not a typo.
    const worker = node(user, ["main.js"], { KEYSTASH_ENV: "production", KEYSTASH_SERVICE: "worker", Token: "t" });
    expect([worker.status, worker.stderr]).toEqual([0, ""]);
  });
});
