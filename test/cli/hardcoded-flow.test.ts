import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { linkKeystash } from "../helpers/app";
import { cleanEnv } from "../helpers/cli";
import { appPerTest, git } from "../helpers/keystash-app";

// What migrate leaves alone, each with why (a .env name that is not a secret name is configuration).
const SKIPPED = "skipped src/server.js:9: a dynamic process.env key\nskipped not-a-name (from .env): use letters, digits and underscores, not starting with a digit; it stays a process.env read\n";

// Made at run time: no credential-shaped literal sits in keystash's own sources.
const token = (prefix: string, length: number, seed: string) => prefix + Array.from({ length }, (_, i) => "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"[(i * 7 + seed.charCodeAt(i % seed.length)) % 55]).join("");
const STRIPE = token("sk_live_", 24, "stripe");
const GITHUB = token("ghp_", 36, "github");
const PASSWORD = token("", 18, "postgres");

// The way in for code that hard-codes secrets: scan finds them, import and migrate move them,
// check-secrets passes, the app runs with keystash run, and the hook blocks the next one.
describe("from hard-coded secrets to keystash", () => {
  const user = appPerTest({
    ".gitignore": ".env\nnode_modules/\n",
    ".env": `# local settings\nexport STRIPE_KEY=${STRIPE}\nDATABASE_URL="postgres://app:${PASSWORD}@db.internal/app"\nnot-a-name=1\n`,
    "src/server.js": [
      "const stripeKey = process.env.STRIPE_KEY;",
      "const { DATABASE_URL } = process.env;",
      `const githubToken = "${GITHUB}";`,
      "process.env.MODE = 'server';",
      "function connect() {",
      "  return [stripeKey, DATABASE_URL, githubToken].join(' ');",
      "}",
      "function setting(key) {",
      "  return process.env[key];",
      "}",
      "module.exports = { connect, setting };",
      "",
    ].join("\n"),
  }, (user) => {
    linkKeystash(user.app);
    git(user.app, "init", "-q");
    git(user.app, "add", "-A");
    git(user.app, "commit", "-qm", "app");
  });
  // Each step runs on its own copy of the app; a later step first does the earlier ones it needs.
  const importAndMigrate = () => {
    expect(user.ks(["import", ".env", "--dev"]).status).toBe(0);
    expect(user.ks(["migrate", "--write"]).status).toBe(0);
  };

  test("scan finds the hard-coded token (redacted, with its fingerprint), exit 1; the git-ignored .env is not tracked", () => {
    const scan = user.ks(["scan"]);
    expect(scan.status).toBe(1);
    expect(scan.stdout).toMatch(new RegExp(`^src/server\\.js:3:22 - GitHub token ghp_…\\(40 chars\\) \\(fingerprint [0-9a-f]{16}\\)$`, "m"));
    expect(scan.stdout).toContain("1 credential found in ");
    expect(scan.stdout).not.toContain(GITHUB);
    const explicit = user.ks(["scan", ".env", "--json"]);
    expect((JSON.parse(explicit.stdout) as { findings: { kind: string; line: number }[] }).findings.map((f) => [f.kind, f.line])).toEqual([["Stripe live secret key", 2], ["password in a connection URL", 3]]);
  });

  test("import .env loads every valid name into the store and says what it skipped", () => {
    const result = user.ks(["import", ".env", "--dev"]);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe("created DATABASE_URL (development, preview, local)\ncreated STRIPE_KEY (development, preview, local)\n2 created, 0 updated, 0 unchanged, 1 skipped from .env.\n");
    expect(result.stderr).toBe("skipped not-a-name: not a valid secret name (use letters, digits and underscores, not starting with a digit)\n");
    expect(user.ks(["import", ".env", "--dev"]).stdout).toContain("0 created, 0 updated, 2 unchanged, 1 skipped");
    expect(user.ks(["secret", "get", "STRIPE_KEY", "--env", "dev"]).stdout).toBe(STRIPE);
  });

  test("migrate shows a diff that never prints the credential, and lists what it cannot rewrite", () => {
    const result = user.ks(["migrate"]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("\n-const stripeKey = process.env.STRIPE_KEY;\n");
    expect(result.stdout).toContain("\n+const stripeKey = stripeKeySecret();\n");
    expect(result.stdout).toContain('+const githubToken = secret("GithubToken");');
    expect(result.stdout).not.toContain(GITHUB);
    expect(result.stderr).toBe(SKIPPED);
    expect(fs.readFileSync(path.join(user.app, "src/server.js"), "utf8")).toContain(GITHUB); // nothing written without --write
  });

  test("migrate --write rewrites to secret(), stores the hard-coded value, and proves the result with the analyzer", () => {
    const result = user.ks(["migrate", "--write"]);
    expect([result.status, result.stderr]).toEqual([0, SKIPPED]);
    expect(result.stdout).toContain("Stored GithubToken (development, preview, local) from src/server.js:3; rotate it: it was committed in the source.\n");
    expect(result.stdout).toContain("Migrated 1 file, 3 secrets (DATABASE_URL, GithubToken, STRIPE_KEY); the analyzer accepts the result and declares each of them.\n");
    expect(fs.readFileSync(path.join(user.app, "src/server.js"), "utf8")).toBe([
      'const { secret } = require("keystash");',
      'const stripeKeySecret = secret("STRIPE_KEY");',
      'const databaseUrl = secret("DATABASE_URL");',
      "const stripeKey = stripeKeySecret();",
      'const githubToken = secret("GithubToken");',
      "process.env.MODE = 'server';",
      "function connect() {",
      "  return [stripeKey, databaseUrl(), githubToken()].join(' ');",
      "}",
      "function setting(key) {",
      "  return process.env[key];",
      "}",
      "module.exports = { connect, setting };",
      "",
    ].join("\n"));
    expect(user.ks(["scan"]).status).toBe(0);
  });

  test("check-secrets passes and the app runs with keystash run", () => {
    importAndMigrate();
    expect(user.ks(["check", "--env", "dev"]).status).toBe(0);
    const run = user.ks(["run", "--env", "dev", "--", process.execPath, "-e", "console.log(require('./src/server').connect())"]);
    expect([run.status, run.stderr]).toEqual([0, ""]);
    expect(run.stdout).toBe(`${STRIPE} postgres://app:${PASSWORD}@db.internal/app ${GITHUB}\n`);
  });

  test("the pre-commit hook blocks a new hard-coded token in a real git commit, also after the repository moved", () => {
    importAndMigrate();
    const init = user.ks(["init", "--hooks"]);
    expect(init.stdout).toContain("Installed the pre-commit hook (keystash scan --staged) in .git/hooks/pre-commit.");
    const hook = fs.readFileSync(path.join(user.app, ".git/hooks/pre-commit"), "utf8");
    expect(hook).not.toContain(user.app); // nothing absolute: no app path, no Node path
    expect(hook).not.toContain(process.execPath);
    git(user.app, "add", "-A");
    git(user.app, "commit", "-qm", "migrated");
    // The repository moves (a new clone folder, another machine's layout).
    const moved = `${user.app}-moved`;
    fs.renameSync(user.app, moved);
    try {
      fs.writeFileSync(path.join(moved, "src/new.js"), `module.exports = "${token("ghp_", 36, "second")}";\n`);
      git(moved, "add", "src/new.js");
      const commit = spawnSync("git", ["-c", "user.name=T", "-c", "user.email=t@example.com", "commit", "-m", "oops"], { cwd: moved, env: { ...cleanEnv(), ...user.env }, encoding: "utf8" });
      expect(commit.status).not.toBe(0);
      expect(commit.stdout + commit.stderr).toContain("src/new.js:1:19 - GitHub token");
      expect(git(moved, "log", "--format=%s", "-1").trim()).toBe("migrated");
    } finally {
      fs.renameSync(moved, user.app);
    }
  });
});
