import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { parseStore, serializeStore } from "../../src/store/store-file";
import { KEYSTASH_BIN, cleanEnv } from "../helpers/cli";
import { appUser, git, initApp, storeText, type AppUser, sharedApp } from "../helpers/keystash-app";

const storeFile = (user: AppUser) => path.join(user.app, ".keystash/store.yaml");

describe("tampering is detected, never a wrong value", () => {
  const user = sharedApp({}, (user) => {
    user.ks(["secret", "set", "--type", "development", "Alpha"], "alpha-dev");
    user.ks(["secret", "set", "--type", "local", "Alpha"], "alpha-local");
    user.ks(["secret", "set", "--type", "development", "Beta"], "beta-dev");
    user.ks(["secret", "set", "--type", "development", "Beta"], "beta-dev-v2");
  });
  let original: string;
  beforeAll(() => (original = storeText(user)));
  afterEach(() => fs.writeFileSync(storeFile(user), original));

  const edit = (change: (data: ReturnType<typeof parseStore>) => void) => {
    const data = parseStore(original);
    change(data);
    fs.writeFileSync(storeFile(user), serializeStore(data));
  };
  const expectTampered = (name: string, env: string) => {
    const result = user.ks(["secret", "get", name, "--env", env]);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/tampered|corrupted/);
  };

  test("the serializer round-trips the file byte for byte (no churn)", () => {
    expect(serializeStore(parseStore(original))).toBe(original);
  });

  test("a ciphertext swapped across names", () => {
    edit((d) => {
      const [alpha, beta] = [d.secrets.Alpha![0]!.versions[0]!, d.secrets.Beta![0]!.versions[0]!];
      [alpha.ciphertext, beta.ciphertext] = [beta.ciphertext, alpha.ciphertext];
    });
    expectTampered("Alpha", "development");
  });

  test("a ciphertext swapped across selectors of one secret", () => {
    edit((d) => {
      const [dev, local] = d.secrets.Alpha!;
      [dev!.versions[0]!.ciphertext, local!.versions[0]!.ciphertext] = [local!.versions[0]!.ciphertext, dev!.versions[0]!.ciphertext];
    });
    expectTampered("Alpha", "local");
  });

  test("a ciphertext swapped across versions", () => {
    edit((d) => {
      const [v1, v2] = d.secrets.Beta![0]!.versions;
      [v1!.ciphertext, v2!.ciphertext] = [v2!.ciphertext, v1!.ciphertext];
    });
    expectTampered("Beta", "development");
  });

  test("a selector widened by hand to a type this identity reads is tampering; to one nobody reads, it is not served", () => {
    edit((d) => d.secrets.Alpha![1]!.selector.types.push("preview"));
    expectTampered("Alpha", "preview");
    edit((d) => d.secrets.Alpha![1]!.selector.types.push("production"));
    const result = user.ks(["secret", "get", "Alpha", "--env", "production"]);
    expect([result.status, result.stdout]).toEqual([1, ""]);
    expect(result.stderr).toContain("not readable by any recipient keystash.yaml lists for production");
  });

  test("a value moved to another name wholesale", () => {
    edit((d) => {
      d.secrets.Gamma = d.secrets.Beta!;
    });
    expectTampered("Gamma", "development");
  });

  test.each([
    ["a flipped base64 character", (t: string) => t.replace(/(ciphertext: \|\n\s+-----BEGIN AGE ENCRYPTED FILE-----\n\s+)(\S)/, (_m, p, c) => p + (c === "A" ? "B" : "A"))],
    ["a deleted armor line", (t: string) => t.replace(/(-----BEGIN AGE ENCRYPTED FILE-----\n)\s+\S+\n/, "$1")],
    ["a truncated file", (t: string) => t.slice(0, Math.floor(t.length * 0.6))],
    ["broken YAML", (t: string) => t.replace("secrets:", "secrets: [")],
    ["a missing current version", (t: string) => t.replace(/current: 1/, "current: 7")],
  ])("%s", (_label, mutate) => {
    fs.writeFileSync(storeFile(user), mutate(original));
    const results = [user.ks(["secret", "get", "Alpha", "--env", "development"]), user.ks(["secret", "get", "Beta", "--env", "development"])];
    const values = new Map([["Alpha", "alpha-dev"], ["Beta", "beta-dev-v2"]]);
    // Each read is either the right value (the damage was elsewhere) or a clear exit-2 error.
    results.forEach((result, i) => {
      const name = i === 0 ? "Alpha" : "Beta";
      if (result.status === 0) expect(result.stdout).toBe(values.get(name));
      else {
        expect(result.status).toBe(2);
        expect(result.stderr).toMatch(/^error: store: /);
        expect(result.stderr).not.toMatch(/\n\s+at /);
      }
    });
    expect(results.some((r) => r.status === 2)).toBe(true);
  });
});

describe("concurrency and merges", () => {
  test("parallel `secret set` processes all land", async () => {
    const user = initApp();
    const runs = Array.from({ length: 12 }, (_, i) =>
      new Promise<number | null>((resolve) => {
        const child = spawn(process.execPath, [KEYSTASH_BIN, "secret", "set", "--dev", i % 3 === 0 ? "Shared" : `Name${i}`], {
          cwd: user.app,
          env: { ...cleanEnv(), ...user.env },
        });
        child.stdin.end(`value-${i}`);
        child.on("close", resolve);
      }),
    );
    expect(await Promise.all(runs)).toEqual(Array(12).fill(0));
    const data = parseStore(storeText(user));
    expect(Object.keys(data.secrets).sort()).toEqual(["Name1", "Name10", "Name11", "Name2", "Name4", "Name5", "Name7", "Name8", "Shared"]);
    expect(data.secrets.Shared![0]!.versions.map((v) => v.version)).toEqual([1, 2, 3, 4]);
    expect(fs.readdirSync(path.join(user.app, ".keystash"))).toEqual(["store.yaml"]);
  });

  test("two branches that set different secrets merge cleanly in git and both read", () => {
    const user = initApp();
    user.ks(["secret", "set", "--dev", "Middle"], "m");
    git(user.app, "init", "-q");
    git(user.app, "add", "-A");
    git(user.app, "commit", "-qm", "base");
    git(user.app, "checkout", "-qb", "feature-a");
    user.ks(["secret", "set", "--dev", "Aardvark"], "a");
    user.ks(["secret", "set", "--type", "local", "Middle"], "ignored-overlap"); // refused: overlaps
    git(user.app, "commit", "-qam", "a");
    git(user.app, "checkout", "-q", "main");
    user.ks(["secret", "set", "--dev", "Zebra"], "z");
    git(user.app, "commit", "-qam", "z");
    git(user.app, "merge", "-q", "--no-edit", "feature-a");
    expect(git(user.app, "status", "--porcelain")).toBe("");
    for (const [name, value] of [["Aardvark", "a"], ["Middle", "m"], ["Zebra", "z"]]) {
      expect(user.ks(["secret", "get", name!, "--env", "local"]).stdout).toBe(value);
    }
  });

  test("another user's store in a fresh clone needs no key to list", () => {
    const user = initApp();
    user.ks(["secret", "set", "--dev", "Listed"], "v");
    const other = appUser(user.app);
    const list = other.ks(["secret", "list", "--json"]);
    expect(list.status).toBe(0);
    expect(JSON.parse(list.stdout).secrets).toEqual([
      { name: "Listed", production: false, development: true, preview: true, local: true, envs: [], declared: false, status: "unused", missing: ["production"], localFile: false, pending: [], overShared: [], problem: null, description: null },
    ]);
  });
});
