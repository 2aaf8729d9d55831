import * as fs from "node:fs";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { linkKeystash } from "../helpers/app";
import { cleanEnv, tempDir } from "../helpers/cli";
import { appUser, git, grantProduction, initApp, storeText, type AppUser } from "../helpers/keystash-app";

const SOURCE = 'import { secret } from "keystash";\nexport const a = secret("ProdKey");\nexport const b = secret("DevKey");\n';
const short = (recipient: string) => `${recipient.slice(0, 12)}…`;

// The story of a team of two, with real git: Alice sets values; Bob inits and pushes his
// recipient in a branch; Alice merges and runs one command; Bob reads development but not
// production; Alice removes Bob and gets the rotation list, history included. Each test
// starts from Alice's first commit and Bob's fresh clone, and first plays the steps it needs.
describe("working as a team", () => {
  let alice: AppUser;
  let bob: AppUser;
  let bobClone: string;
  let first: string;
  beforeEach(() => {
    alice = initApp({ "src/app.ts": SOURCE });
    grantProduction(alice);
    alice.ks(["secret", "set", "--prod", "ProdKey"], "prod-value");
    alice.ks(["secret", "set", "--dev", "DevKey"], "dev-value");
    git(alice.app, "init", "-q");
    git(alice.app, "add", "-A");
    git(alice.app, "commit", "-qm", "secrets");
    first = git(alice.app, "rev-parse", "--short", "HEAD").trim();
    bobClone = path.join(tempDir(), "bob");
    git(path.dirname(bobClone), "clone", "-q", alice.app, bobClone);
    bob = appUser(bobClone);
  });

  const bobInits = () => expect(bob.ks(["init"]).status).toBe(0);
  /** Bob pushes his recipient in a branch; Alice merges it and runs `access sync` (returned). */
  const aliceMergesBob = () => {
    git(bobClone, "checkout", "-qb", "bob-access");
    git(bobClone, "commit", "-qam", "bob's recipient");
    git(bobClone, "push", "-q", "origin", "bob-access");
    git(alice.app, "merge", "-q", "bob-access");
    return alice.ks(["access", "sync"]);
  };
  /** Bob is on main with Alice's sync pulled: he reads development. */
  const bobIsSynced = () => {
    bobInits();
    expect(aliceMergesBob().status).toBe(0);
    git(alice.app, "commit", "-qam", "sync for bob");
    git(bobClone, "checkout", "-q", "main");
    git(bobClone, "pull", "-q");
  };

  test("Bob's init lists him for development, preview and local, and says in one line who must run what", () => {
    const init = bob.ks(["init"]);
    expect(init.status).toBe(0);
    expect(init.stdout).toContain("Listed it for development, preview, local in keystash.yaml.\n");
    expect(init.stdout).toContain("Next: commit keystash.yaml and ask someone who can read development, preview, local to merge it and run `keystash access sync`; until then you cannot read those values.\n");
  });

  test("until then Bob is told exactly that: never to overwrite the team's value", () => {
    bobInits();
    const get = bob.ks(["secret", "get", "DevKey", "--env", "staging"]);
    expect([get.status, get.stdout]).toEqual([2, ""]);
    expect(get.stderr).toBe(
      "error: secret get: cannot read 'DevKey' for staging (development): set, but not re-encrypted for you yet (you are listed for development)\n" +
        "hint: ask someone who can read development to run `keystash access sync`\n",
    );
    const list = JSON.parse(bob.ks(["secret", "list", "--json"]).stdout) as { secrets: { name: string; pending: string[] }[] };
    expect(list.secrets.map((s) => [s.name, s.pending])).toEqual([["DevKey", [bob.recipient()]], ["ProdKey", []]]);
    const check = bob.ks(["check", "--env", "staging"]);
    expect(check.status).toBe(1); // ProdKey has no development value: that is an error; the drift only a warning
    expect(check.stdout).toContain(`warning: DevKey is not re-encrypted yet for 1 recipient keystash.yaml lists (${short(bob.recipient())}): someone who can read it runs \`keystash access sync\`\n`);
    expect(check.stdout).toContain("1 of 2 declared secrets missing for staging (development)");
    // The app itself says the same at start-up.
    linkKeystash(bobClone);
    bob.ks(["manifest"]);
    // With a manifest that declares nothing, the first read (not start-up) is what refuses.
    fs.writeFileSync(path.join(bobClone, "empty.manifest.json"), JSON.stringify({ version: 1, secrets: [] }));
    const app = spawnSync(process.execPath, ["-e", 'const { secret } = require("keystash"); secret("DevKey")();'], {
      cwd: bobClone, env: { ...cleanEnv(), ...bob.env, KEYSTASH_ENV: "staging", KEYSTASH_MANIFEST: path.join(bobClone, "empty.manifest.json") }, encoding: "utf8",
    });
    expect(app.status).not.toBe(0);
    expect(app.stderr).toContain("secret DevKey is not set in environment staging");
    const startup = spawnSync(process.execPath, ["-e", 'require("keystash").secret("DevKey")'], { cwd: bobClone, env: { ...cleanEnv(), ...bob.env, KEYSTASH_ENV: "staging" }, encoding: "utf8" });
    expect(startup.stderr).toContain("DevKey: set, but not re-encrypted for you yet (you are listed for development); ask someone who can read development to run `keystash access sync`");
    fs.rmSync(path.join(bobClone, "keystash.manifest.json"));
  });

  test("a developer can set a production value without being able to read production", () => {
    bobInits();
    const set = bob.ks(["secret", "set", "--env", "prod", "ProdOverride"], "bob-wrote-this");
    expect(set.status).toBe(0);
    expect(bob.ks(["secret", "get", "ProdOverride", "--env", "prod"]).status).toBe(2);
  });

  test("Bob pushes his recipient in a branch; Alice merges it and runs one command", () => {
    bobInits();
    const sync = aliceMergesBob();
    expect([sync.status, sync.stderr]).toEqual([0, ""]);
    // The plan says who gains what before it is done.
    const bobStart = short(bob.recipient());
    expect(sync.stdout).toBe(`${bobStart} gains development: DevKey\n${bobStart} gains local: DevKey\n${bobStart} gains preview: DevKey\nRe-encrypted 1 secret for every env type: DevKey.\n`);
    expect(alice.ks(["access", "sync"]).stdout).toBe("Every value of every env type is encrypted to exactly the recipients keystash.yaml lists.\n");
  });

  test("Bob reads development, but not production", () => {
    bobIsSynced();
    expect(bob.ks(["secret", "get", "DevKey", "--env", "staging"]).stdout).toBe("dev-value");
    const prod = bob.ks(["secret", "get", "ProdKey", "--env", "prod"]);
    expect(prod.status).toBe(2);
    expect(prod.stderr).toContain("hint: ask someone who can read production to run: keystash access add --type production");
  });

  test("Bob cannot grant himself production: he is listed, but nothing is re-encrypted (exit 1, who can)", () => {
    bobIsSynced();
    const add = bob.ks(["access", "add", "--type", "production", bob.recipient()]);
    expect(add.status).toBe(1);
    // Not a success line: the listing is durable, the access is not there yet.
    expect(add.stdout).toBe(`Listed ${bob.recipient()} for production in keystash.yaml; 1 value of production could not be re-encrypted for it yet (see the warnings).\n`);
    expect(add.stderr).toBe(`warning: not re-encrypted: ProdKey (--type production): this identity cannot read it; one of ${short(alice.recipient())} can run \`keystash access sync\`\n`);
    expect(bob.ks(["secret", "get", "ProdKey", "--env", "prod"]).status).toBe(2);
  });

  test("removing Bob from one type says precisely what he still reads through the others, then the rotation list", () => {
    bobIsSynced();
    const remove = alice.ks(["access", "remove", "--type", "local", bob.recipient()]);
    expect(remove.status).toBe(0);
    const lines = remove.stdout.split("\n");
    expect(lines[0]).toBe(`Removed ${bob.recipient()} from local.`);
    expect(remove.stdout).toContain("It still reads DevKey (--type development,preview,local): that value is shared with development, preview, where it is still listed.\n");
    for (const type of ["development", "preview"]) expect(alice.ks(["access", "remove", "--type", type, bob.recipient()]).status).toBe(0);
    git(alice.app, "commit", "-qam", "remove bob");
    const audit = alice.ks(["access", "audit", bob.recipient()]);
    expect(audit.stdout).toMatch(new RegExp(`could read these secrets in the store or its git history \\(\\d+ revisions checked\\); rotate them`));
    expect(audit.stdout).toContain("  DevKey (development, local, preview): ");
    expect(audit.stdout).not.toContain("ProdKey");
    expect(audit.stdout).not.toContain("working tree"); // no longer readable now, only in history
    expect(audit.stdout).not.toContain(first); // the first commit predates Bob
    expect(alice.ks(["secret", "get", "DevKey", "--env", "staging"]).stdout).toBe("dev-value");
    git(bobClone, "pull", "-q");
    expect(bob.ks(["secret", "get", "DevKey", "--env", "staging"]).status).toBe(2);
  });

  test("a bad recipient is refused", () => {
    const result = alice.ks(["access", "add", "--type", "prod", "age1notakey"]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("is not an age X25519 recipient");
    expect(storeText(alice)).toContain("DevKey");
    expect(fs.existsSync(path.join(alice.app, "keystash.yaml"))).toBe(true);
  });
});
