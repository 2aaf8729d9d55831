import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { linkKeystash } from "../helpers/app";
import { cleanEnv, tempDir, writeFiles } from "../helpers/cli";
import { appUser, git } from "../helpers/keystash-app";

// What keystash writes for git to run through sh (the pre-commit hook, the merge driver) holds the
// app's folder name as data: a folder named like shell syntax is a path, never a command.

const FOLDER = "we'ird $(touch pwned) `touch pwned2` \"x\"";

test("the pre-commit hook and the merge driver quote an app folder whose name is shell syntax", () => {
  const repo = tempDir("keystash-hook-paths-");
  git(repo, "init", "-q");
  const app = path.join(repo, FOLDER);
  writeFiles(app, { "package.json": '{ "name": "app" }', "src/a.ts": 'import { secret } from "keystash";\nexport const t = secret("Token");\n' });
  linkKeystash(app);
  const user = appUser(app);
  expect(user.ks(["init", "--hooks"]).status).toBe(0);
  expect(git(repo, "config", "merge.keystash.driver")).toContain(`'we'\\''ird $(touch pwned) \`touch pwned2\` "x"/node_modules/.bin/keystash'`);
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "base");

  const ghp = ["ghp", "_", "aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3z5A"].join("");
  fs.writeFileSync(path.join(app, "src/new.js"), `module.exports = "${ghp}";\n`);
  git(repo, "add", "-A");
  const commit = spawnSync("git", ["-c", "user.name=T", "-c", "user.email=t@example.com", "commit", "-m", "oops"], { cwd: repo, env: { ...cleanEnv(), ...user.env }, encoding: "utf8" });
  // The hook ran keystash in the app's folder and refused the token; nothing the name spells ran.
  expect(commit.status).not.toBe(0);
  expect(commit.stdout + commit.stderr).toContain("src/new.js:1:19 - GitHub token");
  for (const planted of ["pwned", "pwned2"]) expect([planted, fs.readdirSync(repo).includes(planted) || fs.readdirSync(app).includes(planted)]).toEqual([planted, false]);
});
