import * as fs from "node:fs";
import * as path from "node:path";
import { tempDir } from "../helpers/cli";
import { appUser, git, grantProduction, initApp, storeText } from "../helpers/keystash-app";

describe("access: another clone with another identity reads exactly what it was granted", () => {
  const alice = initApp({ "src/app.ts": 'import { secret } from "keystash";\nexport const a = secret("ProdKey");\nexport const b = secret("DevKey");\n' });
  grantProduction(alice);
  alice.ks(["secret", "set", "--prod", "ProdKey"], "prod-value");
  alice.ks(["secret", "set", "--dev", "DevKey"], "dev-value");
  git(alice.app, "init", "-q");
  git(alice.app, "add", "-A");
  git(alice.app, "commit", "-qm", "secrets");

  const bobClone = path.join(tempDir(), "bob");
  git(path.dirname(bobClone), "clone", "-q", alice.app, bobClone);
  const bob = appUser(bobClone);
  const bobInit = bob.ks(["init"]); // creates Bob's identity; grants dev/preview/local only in his working copy
  if (bobInit.status !== 0) throw new Error(`bob init failed: ${bobInit.stderr}`);
  git(bobClone, "checkout", "-q", "--", "keystash.yaml");

  test("without access, get exits 2 naming the env type and how to be granted it; no value printed", () => {
    const result = bob.ks(["secret", "get", "DevKey", "--env", "dev"]);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(
      "error: store: cannot decrypt 'DevKey' for development: no identity matches its recipients\n" +
        `hint: ask someone who can read development to run: keystash access add --type development ${bob.recipient()}\n`,
    );
  });

  test("a developer can set a production value without being able to read production", () => {
    // Bob has no production access but writing needs only public keys.
    const set = bob.ks(["secret", "set", "--env", "prod", "ProdOverride"], "bob-wrote-this");
    expect(set.status).toBe(0);
    expect(bob.ks(["secret", "get", "ProdOverride", "--env", "prod"]).status).toBe(2);
    git(bobClone, "checkout", "-q", "--", ".keystash/store.yaml");
  });

  test("access add by Alice re-encrypts development for Bob; production stays closed", () => {
    const add = alice.ks(["access", "add", "--type", "development", bob.recipient()]);
    expect(add.status).toBe(0);
    expect(add.stdout).toBe(`Granted ${bob.recipient()} development access; 1 secret re-encrypted.\n`);
    git(alice.app, "commit", "-qam", "grant bob");
    git(bobClone, "pull", "-q");
    expect(bob.ks(["secret", "get", "DevKey", "--env", "staging"]).stdout).toBe("dev-value");
    expect(bob.ks(["secret", "get", "ProdKey", "--env", "prod"]).status).toBe(2);
    // local was not granted: same value (it is one value for dev,preview,local), but Bob reads it through any type it serves
    expect(bob.ks(["secret", "get", "DevKey", "--env", "local"]).stdout).toBe("dev-value");
  });

  test("access add without being able to read the type fails and changes nothing", () => {
    const configBefore = fs.readFileSync(path.join(bobClone, "keystash.yaml"), "utf8");
    const storeBefore = storeText(bob);
    const result = bob.ks(["access", "add", "--type", "production", bob.recipient()]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("cannot decrypt 'ProdKey' for production");
    expect(fs.readFileSync(path.join(bobClone, "keystash.yaml"), "utf8")).toBe(configBefore);
    expect(storeText(bob)).toBe(storeBefore);
  });

  test("access remove lists what the recipient could read; new versions are closed to it", () => {
    const result = alice.ks(["access", "remove", "--type", "development", bob.recipient()]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("It could read: DevKey.");
    expect(result.stdout).toContain("Rotate these secrets");
    alice.ks(["secret", "set", "--dev", "DevKey"], "rotated");
    git(alice.app, "commit", "-qam", "rotate");
    git(bobClone, "pull", "-q");
    expect(bob.ks(["secret", "get", "DevKey", "--env", "staging"]).status).toBe(2);
    expect(alice.ks(["secret", "get", "DevKey", "--env", "staging"]).stdout).toBe("rotated");
  });

  test("a bad recipient is refused", () => {
    const result = alice.ks(["access", "add", "--type", "prod", "age1notakey"]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("is not an age X25519 recipient");
  });
});
