import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { linkKeystash } from "../helpers/app";
import { REPO_ROOT, runCli, tempDir } from "../helpers/cli";
import { appUser, git, initApp, storeText, type AppUser } from "../helpers/keystash-app";
import { parseStore } from "../../src/store/store-file";

/** A repository with the store committed on main, the merge driver registered by a keystash command. */
function repo(): AppUser {
  const user = initApp();
  git(user.app, "init", "-q");
  user.ks(["secret", "set", "--dev", "Bravo"], "b1");
  user.ks(["secret", "set", "--dev", "Delta"], "d1");
  git(user.app, "add", "-A");
  git(user.app, "commit", "-qm", "base");
  return user;
}

/** Makes a change on a branch and another on main, then merges the branch; returns git's exit code and output. */
function mergeBranches(user: AppUser, onBranch: () => void, onMain: () => void): { status: number | null; output: string } {
  git(user.app, "checkout", "-qb", "feature");
  onBranch();
  git(user.app, "commit", "-qam", "feature");
  git(user.app, "checkout", "-q", "main");
  onMain();
  git(user.app, "commit", "-qam", "main");
  const result = spawnSync("git", ["-c", "user.name=Test", "-c", "user.email=test@example.com", "merge", "--no-edit", "feature"], { cwd: user.app, encoding: "utf8" });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

const read = (user: AppUser, name: string, env = "local") => user.ks(["secret", "get", name, "--env", env]).stdout;

describe("the store's git merge driver", () => {
  test("init registers it through .gitattributes and the repository's git config; in a fresh clone, reading commands leave .git/config alone and the first store write registers it", () => {
    const user = repo();
    expect(fs.readFileSync(path.join(user.app, ".gitattributes"), "utf8")).toBe(".keystash/store.yaml merge=keystash\n");
    expect(git(user.app, "config", "merge.keystash.driver")).toContain("merge-driver %O %A %B %P");
    const clone = path.join(tempDir(), "clone");
    git(path.dirname(clone), "clone", "-q", user.app, clone);
    expect(spawnSync("git", ["config", "merge.keystash.driver"], { cwd: clone }).status).toBe(1); // clones do not copy config
    const config = fs.readFileSync(path.join(clone, ".git/config"), "utf8");
    fs.writeFileSync(path.join(clone, "new.env"), "Fresh=1\n");
    for (const args of [["secret", "list"], ["check", "--env", "local"], ["verify"], ["access", "audit", user.recipient()], ["import", "new.env", "--dev", "--dry-run"]]) expect([args, appUser(clone).ks(args).status]).toEqual([args, 0]);
    expect(fs.readFileSync(path.join(clone, ".git/config"), "utf8")).toBe(config); // a CI check writes nothing
    expect(appUser(clone).ks(["secret", "set", "--dev", "Echo"], "e").status).toBe(0);
    expect(git(clone, "config", "merge.keystash.driver")).toContain("merge-driver %O %A %B %P");
  });

  test("two branches adding secrets with adjacent names merge without a conflict", () => {
    const user = repo();
    const merge = mergeBranches(user, () => user.ks(["secret", "set", "--dev", "Charlie"], "c"), () => user.ks(["secret", "set", "--dev", "Charly"], "y"));
    expect(merge.status).toBe(0);
    expect(git(user.app, "status", "--porcelain")).toBe("");
    expect([read(user, "Bravo"), read(user, "Charlie"), read(user, "Charly"), read(user, "Delta")]).toEqual(["b1", "c", "y", "d1"]);
  });

  test("the driver is the app's own node_modules/.bin/keystash, found relative to the repository: a moved repository still merges", () => {
    const user = repo();
    linkKeystash(user.app);
    expect(user.ks(["secret", "set", "--dev", "Echo"], "e1").status).toBe(0); // a store write registers the driver again
    git(user.app, "commit", "-qam", "echo");
    expect(git(user.app, "config", "merge.keystash.driver")).toMatch(/^if \[ -x 'node_modules\/\.bin\/keystash' \]; then 'node_modules\/\.bin\/keystash' merge-driver %O %A %B %P; else /);
    const moved = appUser(`${user.app}-moved`);
    fs.renameSync(user.app, moved.app);
    // The app's keystash, standing in for the installed one, records that git ran it.
    const bin = path.join(moved.app, "node_modules/.bin/keystash");
    fs.rmSync(bin);
    fs.writeFileSync(bin, `#!/bin/sh\necho "$1" >> "${path.join(moved.app, "driver.log")}"\nexec "${process.execPath}" "${path.join(REPO_ROOT, "bin/keystash.js")}" "$@"\n`, { mode: 0o755 });
    fs.appendFileSync(path.join(moved.app, ".git/info/exclude"), "driver.log\n");
    const merge = mergeBranches({ ...moved, env: user.env, ks: (args, input) => runCli(args, { cwd: moved.app, env: user.env, input }) }, () => runCli(["secret", "set", "--dev", "Bravo"], { cwd: moved.app, env: user.env, input: "b2" }), () => runCli(["secret", "set", "--dev", "Delta"], { cwd: moved.app, env: user.env, input: "d2" }));
    expect([merge.status, merge.output]).toEqual([0, expect.not.stringContaining("CONFLICT")]);
    const get = (name: string) => runCli(["secret", "get", name, "--env", "local"], { cwd: moved.app, env: user.env }).stdout;
    expect([get("Bravo"), get("Delta"), get("Echo")]).toEqual(["b2", "d2", "e1"]);
    expect(fs.readFileSync(path.join(moved.app, "driver.log"), "utf8")).toBe("merge-driver\n");
  });

  test("branches changing different secrets merge cleanly", () => {
    const user = repo();
    const merge = mergeBranches(user, () => user.ks(["secret", "set", "--dev", "Bravo"], "b2"), () => user.ks(["secret", "set", "--dev", "Delta"], "d2"));
    expect(merge.status).toBe(0);
    expect([read(user, "Bravo"), read(user, "Delta")]).toEqual(["b2", "d2"]);
    expect(parseStore(storeText(user)).secrets.Bravo![0]!.versions.map((v) => v.version)).toEqual([1, 2]);
  });

  test("a re-encryption (access add) on one branch and a new version on the other merge cleanly", () => {
    const user = repo();
    const reader = "age1zvkyg2lqzraa2lnjvqej32nkuu0ues2s82hzrye869xeexvn73equnujwj";
    const merge = mergeBranches(user, () => expect(user.ks(["access", "add", "--type", "local", reader]).status).toBe(0), () => user.ks(["secret", "set", "--dev", "Bravo"], "b2"));
    expect(merge.status).toBe(0);
    const bravo = parseStore(storeText(user)).secrets.Bravo![0]!;
    expect(bravo.versions.map((v) => [v.version, v.recipients.includes(reader)])).toEqual([[1, true], [2, false]]);
    expect(read(user, "Bravo")).toBe("b2");
    // The new version predates the grant on the other branch: drift, which one sync settles.
    expect(user.ks(["access", "sync"]).stdout).toBe("Re-encrypted 1 secret for every env type: Bravo.\n");
  });

  test("concurrent new versions of one value are a real conflict that names the secret; the file stays a valid store", () => {
    const user = repo();
    const merge = mergeBranches(user, () => user.ks(["secret", "set", "--dev", "Bravo"], "theirs"), () => user.ks(["secret", "set", "--dev", "Bravo"], "ours"));
    expect(merge.status).not.toBe(0);
    expect(merge.output).toContain("conflict: .keystash/store.yaml: a secret was changed on both branches (the file keeps our side and stays a valid store):\n");
    expect(merge.output).toContain("  Bravo (--type development,preview,local): both branches set a new value (version 2); set it again after the merge to keep one\n");
    expect(storeText(user)).not.toMatch(/^(<<<<<<<|=======|>>>>>>>)/m);
    expect(read(user, "Bravo")).toBe("ours");
    expect(read(user, "Delta")).toBe("d1");
  });

  test("a deletion against an update is a conflict that names the secret", () => {
    const user = repo();
    const merge = mergeBranches(user, () => user.ks(["secret", "delete", "--yes", "Bravo"]), () => user.ks(["secret", "set", "--dev", "Bravo"], "b2"));
    expect(merge.status).not.toBe(0);
    expect(merge.output).toContain("  Bravo: deleted on one branch and changed on the other; delete it or set it again after the merge\n");
    expect(read(user, "Bravo")).toBe("b2");
  });
});
