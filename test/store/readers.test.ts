import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { bech32Encode } from "../../src/project/bech32";
import { generateIdentity } from "../../src/store/age-encrypt";
import { parseStore, serializeStore } from "../../src/store/store-file";
import { appContext } from "../../src/cli/context";
import { actions } from "../../src/ui/actions";
import { buildState } from "../../src/ui/state";
import { linkKeystash } from "../helpers/app";
import { cleanEnv } from "../helpers/cli";
import { appUser, git, grantProduction, initApp, storeText, type AppUser } from "../helpers/keystash-app";

// Who may read what is decided by authenticated data only. Each test plays an attacker with
// write access to the repository (a teammate's branch) or a careless operator, with real git
// and two real identities, and checks that no value reaches a reader it was not meant for.

const SOURCE = 'import { secret } from "keystash";\nexport const a = secret("ProdKey");\n';
const storeFile = (user: AppUser) => path.join(user.app, ".keystash/store.yaml");
const configFile = (user: AppUser) => path.join(user.app, "keystash.yaml");
const short = (recipient: string) => `${recipient.slice(0, 12)}…`;

/** A second person: their own identity file (as `keystash init` writes it), working in `app`. */
function secondUser(app: string): AppUser & { key: string } {
  const user = appUser(app);
  const { secretKey, recipient } = generateIdentity();
  fs.mkdirSync(path.dirname(user.identityFile), { recursive: true });
  fs.writeFileSync(user.identityFile, `# public key: ${recipient}\n${secretKey}\n`, { mode: 0o600 });
  return { ...user, key: recipient };
}

const editStore = (user: AppUser, change: (data: ReturnType<typeof parseStore>) => void) => {
  const data = parseStore(storeText(user));
  change(data);
  fs.writeFileSync(storeFile(user), serializeStore(data));
};

const commitAll = (user: AppUser, message: string) => {
  git(user.app, "add", "-A");
  git(user.app, "commit", "-qm", message);
};

/** `git merge BRANCH` into the current branch, with git's exit code and output (a conflict is not an exception). */
const mergeBranch = (user: AppUser, branch: string) =>
  spawnSync("git", ["-c", "user.name=T", "-c", "user.email=t@e", "merge", "--no-edit", branch], { cwd: user.app, encoding: "utf8" });

describe("a plaintext edit cannot lower a value's readers", () => {
  test("staging was production when set; keystash.yaml and the store's envTypes edited back to development: refused as tampered, nothing re-encrypted", () => {
    const alice = initApp({ "src/app.ts": SOURCE, "keystash.yaml": "environments:\n  staging: production\n" });
    grantProduction(alice);
    expect(alice.ks(["secret", "set", "--env", "staging", "ProdKey"], "the-production-value").status).toBe(0);
    const bob = secondUser(alice.app);
    expect(alice.ks(["access", "add", "--type", "development", bob.key]).status).toBe(0);
    const before = storeText(alice);

    // The attack: two plaintext edits that agree with each other.
    fs.writeFileSync(configFile(alice), fs.readFileSync(configFile(alice), "utf8").replace("staging: production", "staging: development"));
    fs.writeFileSync(storeFile(alice), before.replace('"staging=production"', '"staging=development"'));
    const tamperedStore = storeText(alice);

    const sync = alice.ks(["access", "sync", "--yes"]);
    expect(sync.status).toBe(2);
    expect(sync.stderr).toContain("store: 'ProdKey' version 1 is tampered: the store says staging was development when it was set, its ciphertext says production");
    expect(storeText(alice)).toBe(tamperedStore); // nothing re-encrypted
    const get = alice.ks(["secret", "get", "ProdKey", "--env", "staging"]);
    expect([get.status, get.stdout]).toEqual([2, ""]);
    expect(get.stderr).toContain("is tampered");
    // Bob, the development key, still cannot read it.
    const bobGet = bob.ks(["secret", "get", "ProdKey", "--env", "staging"]);
    expect([bobGet.status, bobGet.stdout]).not.toEqual([0, "the-production-value"]);
  });

  test("the recipients a version lists are authenticated: a listed key it was not encrypted to, or a hidden extra reader, is tampering", () => {
    const alice = initApp({ "src/app.ts": SOURCE });
    const bob = secondUser(alice.app);
    expect(alice.ks(["secret", "set", "--dev", "ProdKey"], "dev-value").status).toBe(0);
    expect(alice.ks(["check", "--env", "development"]).status).toBe(0);
    editStore(alice, (d) => d.secrets.ProdKey![0]!.versions[0]!.recipients.push(bob.key)); // lists a reader it is not encrypted to
    const result = alice.ks(["check", "--env", "development"]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("store: 'ProdKey' is tampered: version 1 is encrypted to 1 keys but lists 2 recipients");
  });
});

describe("drift both ways: a removed key that still reads is reported", () => {
  test("rotate on a branch, remove Bob on main, merge: check fails for production naming the over-shared key; access sync fixes the store and says to rotate", () => {
    const alice = initApp({ "src/app.ts": SOURCE });
    grantProduction(alice);
    const bob = secondUser(alice.app);
    expect(alice.ks(["access", "add", "--type", "production", bob.key]).status).toBe(0);
    // The first production value: nobody read production before, so Bob's first read is said and confirmed.
    const first = alice.ks(["secret", "set", "--prod", "ProdKey", "--yes"], "v1");
    expect([first.status, first.stdout.split("\n")[0]]).toEqual([0, `${short(bob.key)} gains production: ProdKey`]);
    git(alice.app, "init", "-q");
    commitAll(alice, "secrets");
    git(alice.app, "checkout", "-qb", "rotate");
    expect(alice.ks(["secret", "set", "--prod", "ProdKey"], "v2-rotated").status).toBe(0); // encrypted to Alice and Bob
    commitAll(alice, "rotate");
    git(alice.app, "checkout", "-q", "main");
    expect(alice.ks(["access", "remove", "--type", "production", bob.key]).status).toBe(0);
    commitAll(alice, "remove bob");
    const merge = mergeBranch(alice, "rotate");
    expect(merge.status).toBe(0);
    expect(bob.ks(["secret", "get", "ProdKey", "--env", "production"]).stdout).toBe("v2-rotated"); // the hole the check must show

    const check = alice.ks(["check", "--env", "production"]);
    expect(check.status).toBe(1);
    expect(check.stdout).toContain(`warning: ProdKey is over-shared: still encrypted to 1 recipient keystash.yaml no longer lists (${short(bob.key)}); they hold a copy, so rotate it`);
    expect(check.stdout).toContain("error: 1 of 1 declared secret is over-shared in production (production)");
    const json = JSON.parse(alice.ks(["check", "--env", "production", "--json"]).stdout) as { ok: boolean; drift: { name: string; overShared: string[] }[] };
    expect([json.ok, json.drift]).toEqual([false, [{ name: "ProdKey", pending: [], overShared: [bob.key] }]]);
    // secret list, the dashboard and access audit say the same.
    const list = alice.ks(["secret", "list"]);
    expect(list.stdout).toContain(`${short(bob.key)} over-shared (rotate)`);
    const listJson = JSON.parse(alice.ks(["secret", "list", "--json"]).stdout) as { secrets: { name: string; overShared: string[] }[] };
    expect(listJson.secrets.map((r) => [r.name, r.overShared])).toEqual([["ProdKey", [bob.key]]]);
    const cell = buildState(appContext({ root: alice.app }), []).secrets[0]!.cells.production!;
    expect([cell.state, cell.reason]).toEqual(["overShared", "still encrypted to 1 recipient(s) no longer listed: rotate it"]);
    expect(buildState(appContext({ root: alice.app }), []).secrets[0]!.values.map((v) => v.overShared)).toEqual([[bob.key]]);
    const audit = alice.ks(["access", "audit", bob.key]);
    expect(audit.stdout).toContain(`  ProdKey (production): working tree, `);
    expect(audit.stdout).toContain(`ProdKey is still encrypted to ${short(bob.key)} now, though keystash.yaml no longer lists it: run \`keystash access sync\`, then rotate it`);

    expect(alice.ks(["access", "sync"]).status).toBe(0);
    expect(alice.ks(["check", "--env", "production"]).status).toBe(0);
    expect(bob.ks(["secret", "get", "ProdKey", "--env", "production"]).status).toBe(2);
  });
});

test("a value set only for a named environment is judged too: access audit names a removed key it is still encrypted to", () => {
  const alice = initApp({ "src/app.ts": SOURCE, "keystash.yaml": "environments:\n  staging: production\n" });
  grantProduction(alice);
  const bob = secondUser(alice.app);
  expect(alice.ks(["access", "add", "--type", "production", bob.key, "--yes"]).status).toBe(0);
  expect(alice.ks(["secret", "set", "--env", "staging", "ProdKey", "--yes"], "staging-value").status).toBe(0);
  // Bob taken out of keystash.yaml by hand: nothing re-encrypted yet.
  fs.writeFileSync(configFile(alice), fs.readFileSync(configFile(alice), "utf8").replace(`, ${bob.key}`, ""));
  expect(fs.readFileSync(configFile(alice), "utf8")).not.toContain(bob.key);
  const audit = alice.ks(["access", "audit", bob.key]);
  expect(audit.stdout).toContain(`ProdKey is still encrypted to ${short(bob.key)} now, though keystash.yaml no longer lists it`);
  const list = JSON.parse(alice.ks(["secret", "list", "--json"]).stdout) as { secrets: { name: string; overShared: string[] }[] };
  expect(list.secrets.map((r) => [r.name, r.overShared])).toEqual([["ProdKey", [bob.key]]]);
});

describe("history only grows", () => {
  const setUp = () => {
    const alice = initApp({ "src/app.ts": SOURCE });
    grantProduction(alice);
    expect(alice.ks(["secret", "set", "--prod", "ProdKey"], "old-leaked-value").status).toBe(0);
    git(alice.app, "init", "-q");
    commitAll(alice, "v1");
    // `secret list` is a keystash command: it registers the merge driver in this clone.
    expect(alice.ks(["secret", "list"]).status).toBe(0);
    return alice;
  };
  /** Version 2 lands on main; branch `evil` then drops it (self-consistently) plus `alsoOnBranch`, and main is checked out again. */
  const evilBranchDropsNewest = (alice: AppUser, alsoOnBranch: () => void) => {
    expect(alice.ks(["secret", "set", "--prod", "ProdKey"], "new-value").status).toBe(0);
    commitAll(alice, "v2");
    git(alice.app, "checkout", "-qb", "evil");
    editStore(alice, (d) => {
      const value = d.secrets.ProdKey![0]!;
      value.versions = value.versions.filter((v) => v.version === 1);
      value.current = 1;
    });
    alsoOnBranch();
    commitAll(alice, "drop v2");
    git(alice.app, "checkout", "-q", "main");
  };

  test("a branch that drops the newest version (self-consistent) does not merge through the driver, and production keeps the new value", () => {
    const alice = setUp();
    evilBranchDropsNewest(alice, () => fs.writeFileSync(path.join(alice.app, "README"), "unrelated\n"));
    fs.writeFileSync(path.join(alice.app, "NOTES"), "main moves on\n");
    commitAll(alice, "main moves on");
    // The evil branch's store is taken whole when main did not touch the store: git does not
    // even run the driver, so the deploy gate must catch it after the merge.
    const merge = mergeBranch(alice, "evil");
    expect(merge.status).toBe(0);
    const check = alice.ks(["check", "--env", "production"]);
    expect(check.status).toBe(2);
    expect(check.stderr).toContain("store: .keystash/store.yaml is tampered: it rewrites its own git history:");
    expect(check.stderr).toContain("ProdKey (--type production) version 2 was removed (history only grows; a rollback is a new version)");
    const verify = alice.ks(["verify"]);
    expect(verify.status).toBe(2);
  });

  test("when both sides changed the store, the merge driver refuses the side that removed a version", () => {
    const alice = setUp();
    evilBranchDropsNewest(alice, () => undefined);
    expect(alice.ks(["secret", "set", "--dev", "Other"], "x").status).toBe(0);
    commitAll(alice, "main sets another secret");
    const merge = mergeBranch(alice, "evil");
    expect(merge.status).not.toBe(0);
    expect(merge.stderr + merge.stdout).toContain("theirs: ProdKey (--type production) version 2 was removed");
  });

  test("an old version's ciphertext replaced with a fresh one to the same keys is reported by verify", () => {
    const alice = setUp();
    const fresh = initApp();
    fs.copyFileSync(path.join(alice.app, "keystash.yaml"), path.join(fresh.app, "keystash.yaml"));
    expect(fresh.ks(["secret", "set", "--prod", "ProdKey", "--yes"], "attacker-chosen").status).toBe(0);
    const forged = parseStore(storeText(fresh)).secrets.ProdKey![0]!.versions[0]!.ciphertext;
    editStore(alice, (d) => {
      d.secrets.ProdKey![0]!.versions[0]!.ciphertext = forged;
    });
    const verify = alice.ks(["verify"]);
    expect(verify.status).toBe(2);
    expect(verify.stderr).toContain("ProdKey (--type production) version 1 had its ciphertext replaced without a change of recipients");
  });

  test("deleting the secret in one commit and pasting its old version back as a new value in the next is found by verify and check", () => {
    const alice = setUp();
    expect(alice.ks(["secret", "set", "--prod", "ProdKey"], "new-value").status).toBe(0);
    commitAll(alice, "v2");
    const old = parseStore(storeText(alice)).secrets.ProdKey![0]!.versions[0]!;
    expect(alice.ks(["secret", "delete", "ProdKey", "--yes"]).status).toBe(0);
    commitAll(alice, "delete");
    editStore(alice, (d) => {
      d.secrets.ProdKey = [{ selector: { types: ["production"], envs: [] }, current: 1, versions: [{ ...old, created: "2030-01-01T00:00:00.000Z" }] }];
    });
    expect(alice.ks(["secret", "get", "ProdKey", "--env", "production"]).stdout).toBe("old-leaked-value"); // what the check must stop
    commitAll(alice, "set again");
    const problem = "ProdKey (--type production) version 1 reuses the ciphertext of ProdKey (--type production) version 1 (an old value brought back; history only grows)";
    const verify = alice.ks(["verify"]);
    expect(verify.status).toBe(2);
    expect(verify.stderr).toContain(problem);
    const check = alice.ks(["check", "--env", "production"]);
    expect(check.status).toBe(2);
    expect(check.stderr).toContain(problem);
  });

  test("verify passes on a store that only grew, re-encryptions included", () => {
    const alice = setUp();
    expect(alice.ks(["secret", "set", "--prod", "ProdKey"], "v2").status).toBe(0);
    commitAll(alice, "v2");
    const bob = secondUser(alice.app);
    expect(alice.ks(["access", "add", "--type", "production", bob.key]).status).toBe(0);
    expect(alice.ks(["secret", "unset", "--type", "production", "ProdKey"]).status).toBe(0);
    const verify = alice.ks(["verify"]);
    expect([verify.status, verify.stderr]).toEqual([0, ""]);
    expect(verify.stdout).toBe("✓ .keystash/store.yaml keeps every version of its history (2 revisions in git history checked).\n");
  });
});

describe("access changes say who gains what", () => {
  test("a named key appended to access.production in a commit is named, and syncing needs --yes", () => {
    const alice = initApp({ "src/app.ts": SOURCE });
    grantProduction(alice);
    expect(alice.ks(["secret", "set", "--prod", "ProdKey"], "p").status).toBe(0);
    const mallory = secondUser(alice.app);
    const config = fs.readFileSync(configFile(alice), "utf8");
    const edited = config.replace(/production: \[([^\]]*)\]/, (_all, list: string) => `production: [${list}, { mallory: ${mallory.key} }]`);
    expect(edited).not.toBe(config);
    fs.writeFileSync(configFile(alice), edited);
    const before = storeText(alice);

    const refused = alice.ks(["access", "sync"]);
    expect(refused.status).toBe(2);
    expect(refused.stdout).toBe(`mallory (${short(mallory.key)}) gains production: ProdKey\n`);
    expect(refused.stderr).toContain(`error: access: refusing to let mallory (${short(mallory.key)}) read production without confirmation; nothing was written`);
    expect(storeText(alice)).toBe(before);

    const granted = alice.ks(["access", "sync", "--yes"]);
    expect(granted.status).toBe(0);
    expect(granted.stdout).toBe(`mallory (${short(mallory.key)}) gains production: ProdKey\nRe-encrypted 1 secret for every env type: ProdKey.\n`);
    const whoami = JSON.parse(mallory.ks(["whoami", "--json"]).stdout) as { identities: unknown[] };
    expect(whoami.identities).toEqual([{ recipient: mallory.key, name: "mallory", access: ["production"] }]);
    // access add keeps the name when it rewrites the list.
    expect(alice.ks(["access", "add", "--type", "production", secondUser(alice.app).key, "--yes"]).status).toBe(0);
    expect(fs.readFileSync(configFile(alice), "utf8")).toContain(`mallory: ${mallory.key}`);
  });

  test("a key appended to access.production in a commit reads no newly written value until somebody says yes: secret set, rollback, import, the dashboard", async () => {
    const alice = initApp({ "src/app.ts": SOURCE, ".env.prod": "ProdKey=imported\n" });
    grantProduction(alice);
    expect(alice.ks(["secret", "set", "--prod", "ProdKey"], "p1").status).toBe(0);
    const mallory = secondUser(alice.app);
    fs.writeFileSync(configFile(alice), fs.readFileSync(configFile(alice), "utf8").replace(/production: \[([^\]]*)\]/, (_all, list: string) => `production: [${list}, { mallory: ${mallory.key} }]`));
    const before = storeText(alice);
    const gain = `mallory (${short(mallory.key)}) gains production: ProdKey\n`;

    for (const [command, input] of [[["secret", "set", "--prod", "ProdKey"], "p2"], [["secret", "rollback", "--prod", "ProdKey", "--to", "1"], undefined], [["import", ".env.prod", "--prod"], undefined]] as const) {
      const refused = alice.ks([...command], input);
      expect([command, refused.status]).toEqual([command, 2]);
      expect(refused.stdout.startsWith(gain)).toBe(true);
      expect(refused.stderr).toContain(`refusing to let mallory (${short(mallory.key)}) read production without confirmation; nothing was written`);
      expect(storeText(alice)).toBe(before);
    }
    // The dashboard refuses it too, naming who, and writes nothing.
    const context = appContext({ root: alice.app });
    await expect(actions.set(context, "ProdKey", { types: ["production"], value: "p3" })).rejects.toThrow(`set: this would let mallory (${short(mallory.key)}) read production for the first time; nothing was written`);
    expect(storeText(alice)).toBe(before);
    const locked = mallory.ks(["secret", "get", "--env", "production", "ProdKey"]);
    expect([locked.status, locked.stdout]).toEqual([2, ""]);
    expect(locked.stderr).toContain("set, but not re-encrypted for you yet");

    // Said yes to: Mallory reads the new value only (the old version stays encrypted to the old keys).
    const granted = alice.ks(["secret", "set", "--prod", "ProdKey", "--yes"], "p2");
    expect([granted.status, granted.stdout]).toEqual([0, `${gain}Successfully updated secret value for ProdKey (production).\n`]);
    const read = mallory.ks(["secret", "get", "--env", "production", "ProdKey"]);
    expect([read.stderr, read.stdout]).toEqual(["", "p2"]);
    // Once Mallory reads production, later writes say nothing more.
    const later = alice.ks(["secret", "set", "--prod", "ProdKey"], "p3");
    expect([later.status, later.stdout]).toEqual([0, "Successfully updated secret value for ProdKey (production).\n"]);
  });

  test("access add of the named production key itself needs no extra confirmation", () => {
    const alice = initApp({ "src/app.ts": SOURCE });
    grantProduction(alice);
    expect(alice.ks(["secret", "set", "--prod", "ProdKey"], "p").status).toBe(0);
    const bob = secondUser(alice.app);
    const add = alice.ks(["access", "add", "--type", "production", bob.key]);
    expect(add.status).toBe(0);
    expect(add.stdout).toContain(`${short(bob.key)} gains production: ProdKey\n`);
  });
});

describe("one answer everywhere", () => {
  test("after an environment's type is remapped, check, get, export, run and the runtime all refuse the old value", () => {
    const alice = initApp({ "src/app.ts": SOURCE, "keystash.yaml": "environments:\n  staging: development\n" });
    expect(alice.ks(["secret", "set", "--env", "staging", "ProdKey"], "dev-era-value").status).toBe(0);
    fs.writeFileSync(configFile(alice), fs.readFileSync(configFile(alice), "utf8").replace("staging: development", "staging: production"));
    const reason = "set when staging was development, but keystash.yaml now says production";
    const check = alice.ks(["check", "--env", "staging"]);
    expect(check.status).toBe(1);
    expect(check.stdout).toContain(reason);
    for (const args of [["secret", "get", "ProdKey", "--env", "staging"], ["export", "--env", "staging"], ["run", "--env", "staging", "--", process.execPath, "-e", "0"]]) {
      const result = alice.ks(args);
      expect([args[0], result.status, result.stdout]).toEqual([args[0], 1, ""]);
      expect(result.stderr).toContain(reason);
    }
    linkKeystash(alice.app);
    expect(alice.ks(["manifest"]).status).toBe(0);
    const app = spawnSync(process.execPath, ["-e", 'console.log(require("keystash").secret("ProdKey")())'], {
      cwd: alice.app, env: { ...cleanEnv(), ...alice.env, KEYSTASH_ENV: "staging" }, encoding: "utf8",
    });
    expect(app.status).not.toBe(0);
    expect(app.stdout).toBe("");
    expect(app.stderr).toContain(reason);
  });
});

describe("hostile recipients and files", () => {
  const zeroKey = bech32Encode("age", new Uint8Array(32));
  const orderEight = bech32Encode("age", Buffer.from("e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800", "hex"));
  // The same point with the top bit set (X25519 ignores it): refused by value, not by spelling.
  const orderEightHigh = bech32Encode("age", Buffer.from("e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b880", "hex"));

  test.each([["all zeros", zeroKey], ["an order-8 point", orderEight], ["an order-8 point, top bit set", orderEightHigh]])("access add refuses a low-order recipient (%s); keystash.yaml listing one is a config error", (_label, key) => {
    const alice = initApp({ "src/app.ts": SOURCE });
    const config = fs.readFileSync(configFile(alice), "utf8");
    const add = alice.ks(["access", "add", "--type", "development", key]);
    expect(add.status).toBe(2);
    expect(add.stderr).toContain("is a low-order X25519 point: anyone could decrypt what is encrypted to it");
    expect(fs.readFileSync(configFile(alice), "utf8")).toBe(config);
    fs.writeFileSync(configFile(alice), config.replace(/development: \[/, `development: [${key}, `));
    const list = alice.ks(["secret", "list"]);
    expect(list.status).toBe(2);
    expect(list.stderr).toMatch(/^error: keystash\.yaml:\d+: `access\.development` lists '.{12}…', which is a low-order X25519 point/);
  });

  test("a store that is a symlink to /dev/zero, or a FIFO, is one line and exit 2", () => {
    const alice = initApp({ "src/app.ts": SOURCE });
    fs.symlinkSync("/dev/zero", storeFile(alice));
    for (const args of [["secret", "list"], ["secret", "set", "--dev", "ProdKey"]]) {
      const result = alice.ks(args, "v");
      expect([result.status, result.stderr.split("\n")[0]]).toEqual([2, "error: store: .keystash/store.yaml is not a regular file"]);
    }
    fs.rmSync(storeFile(alice));
    spawnSync("mkfifo", [storeFile(alice)]);
    const result = alice.ks(["check", "--env", "local"]);
    expect([result.status, result.stderr.split("\n")[0]]).toEqual([2, "error: store: .keystash/store.yaml is not a regular file"]);
  });
});
