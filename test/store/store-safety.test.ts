import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import type * as TS from "typescript";
import { linkKeystash } from "../helpers/app";
import { KEYSTASH_BIN, cleanEnv, runCli, tempDir } from "../helpers/cli";
import { tsp } from "../helpers/front-ends";
import { initApp, storeText, sharedApp } from "../helpers/keystash-app";
import { parseStore, serializeStore } from "../../src/store/store-file";
import { updateStore } from "../../src/store/transaction";
import { generateIdentity } from "../../src/store/age-encrypt";

const SOURCE = 'import { secret } from "keystash";\nexport const t = secret("Token");\n';

describe("a damaged store is one clear line, exit 2, never a wrong value", () => {
  const user = sharedApp({ "src/app.ts": SOURCE }, (user) => {
    user.ks(["secret", "set", "--dev", "Token"], "v1");
    user.ks(["secret", "set", "--dev", "Token"], "v2");
  });
  let file: string;
  let good: string;
  beforeAll(() => {
    file = path.join(user.app, ".keystash/store.yaml");
    good = storeText(user);
  });
  afterEach(() => fs.writeFileSync(file, good));

  test("git conflict markers: says what they are and how to keep both sides (never `git checkout --`)", () => {
    fs.writeFileSync(file, good.replace(/^secrets:$/m, "<<<<<<< HEAD\nsecrets:\n=======\nsecrets:\n>>>>>>> feature"));
    const result = user.ks(["secret", "list"]);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      "error: store: .keystash/store.yaml:4: git conflict markers (<<<<<<< ======= >>>>>>>): a merge left both branches' entries in the file\n" +
        "hint: keep every secret and version from both sides and delete only the marker lines (never check out one side: that drops the other branch's values), then run `keystash secret list`\n",
    );
  });

  test("YAML aliases (a billion-laughs bomb) are refused without expanding them", () => {
    const bomb = ["version: 1", "a: &a [x, x, x, x, x, x, x, x, x]", "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]", "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]", "secrets: {}", ""].join("\n");
    fs.writeFileSync(file, bomb);
    const result = user.ks(["secret", "list"]);
    expect(result.status).toBe(2);
    expect(result.stderr.split("\n")[0]).toBe("error: store: .keystash/store.yaml: uses YAML aliases (*name), which a store never has");
  });

  test("a store larger than any real one is refused before it is read", () => {
    fs.writeFileSync(file, "#".repeat(65 * 1024 * 1024));
    const result = user.ks(["secret", "list"]);
    expect(result.status).toBe(2);
    expect(result.stderr.split("\n")[0]).toBe("error: store: .keystash/store.yaml: is larger than 64 MiB, far more than any store holds");
  });

  test("a current pointer moved back by hand is tampering: the current version is always the newest", () => {
    fs.writeFileSync(file, good.replace("      current: 2", "      current: 1"));
    const result = user.ks(["secret", "get", "Token", "--env", "local"]);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr.split("\n")[0]).toBe("error: store: .keystash/store.yaml: secret 'Token' value 1 is tampered: its current version 1 is not its newest version 2");
  });

  test("rollback needs an identity that reads the value: without one, exit 2 and nothing written", () => {
    const result = runCli(["secret", "rollback", "Token", "--type", "development,preview,local", "--to", "1"], { cwd: user.app, env: { XDG_CONFIG_HOME: tempDir() } });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("error: identity: none found");
    expect(storeText(user)).toBe(good);
  });
});

describe("identities and recipients", () => {
  const user = sharedApp({ "src/app.ts": SOURCE }, (user) => {
    user.ks(["secret", "set", "--dev", "Token"], "v1");
  });

  test("an identity file other users can read is refused, with the chmod fix", () => {
    fs.chmodSync(user.identityFile, 0o644);
    const result = user.ks(["secret", "get", "Token", "--env", "local"]);
    fs.chmodSync(user.identityFile, 0o600);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(
      `error: identity: ${user.identityFile} is accessible by other users (mode 0644); keystash refuses private keys others can read or replace\nhint: chmod 600 ${user.identityFile}\n`,
    );
    expect(user.ks(["secret", "get", "Token", "--env", "local"]).stdout).toBe("v1");
  });

  test("a recipient with a bad checksum in keystash.yaml is a config error naming file, line and key", () => {
    const configFile = path.join(user.app, "keystash.yaml");
    const config = fs.readFileSync(configFile, "utf8");
    const recipient = user.recipient();
    const flipped = recipient.slice(0, -1) + (recipient.endsWith("q") ? "p" : "q");
    expect(config).toContain(`development: [ ${recipient} ]`);
    fs.writeFileSync(configFile, config.replace(`development: [ ${recipient} ]`, `development: [ ${flipped} ]`));
    const line = config.split("\n").findIndex((l) => l.includes("development: [")) + 1;
    try {
      for (const args of [["secret", "list"], ["secret", "set", "--dev", "Other"]]) {
        const result = user.ks(args, "x");
        expect(result.status).toBe(2);
        expect(result.stderr.split("\n")[0]).toBe(`error: keystash.yaml:${line}: \`access.development\` lists '${flipped.slice(0, 12)}…', which has a wrong checksum (a typo, or a truncated copy); paste the recipient again`);
      }
    } finally {
      fs.writeFileSync(configFile, config);
    }
  });

  test("a bad keystash.yaml under tspc is a TypeScript diagnostic naming the file, not a crash", () => {
    linkKeystash(user.app);
    const configFile = path.join(user.app, "keystash.yaml");
    const config = fs.readFileSync(configFile, "utf8");
    fs.writeFileSync(configFile, "app: x\nservicez: {}\n");
    let messages: unknown[];
    try {
      const program = tsp.createProgram([path.join(user.app, "src/app.ts")], {
        noEmit: true, module: tsp.ModuleKind.NodeNext, moduleResolution: tsp.ModuleResolutionKind.NodeNext, types: [],
        configFilePath: path.join(user.app, "tsconfig.json"), plugins: [{ transform: "keystash/transformer" } as unknown as TS.PluginImport],
      });
      messages = program.emit().diagnostics.map((d) => [d.code, tsp.flattenDiagnosticMessageText(d.messageText, "\n")]);
    } finally {
      fs.writeFileSync(configFile, config);
    }
    expect(messages).toEqual([[91000, "KS1000: keystash.yaml:2: `servicez` is not a keystash.yaml key (expected app, include, services, environments, access or scan)"]]);
  });
});

function runWith(cwd: string, env: NodeJS.ProcessEnv, args: string[], input = ""): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [KEYSTASH_BIN, ...args], { cwd, env: { ...cleanEnv(), ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d));
    child.stderr.on("data", (d: Buffer) => (stderr += d));
    child.on("close", (status) => resolve({ status, stdout, stderr }));
    child.stdin.end(input);
  });
}

describe("writers never lose a write or encrypt to a removed key", () => {
  test("secret set racing access remove on a large store never encrypts to the removed recipient", async () => {
    const user = initApp({ "src/app.ts": SOURCE });
    const bob = generateIdentity().recipient;
    expect(user.ks(["access", "add", "--type", "local", bob]).status).toBe(0);
    // 300 values to re-encrypt keep `access remove` busy under the lock while `secret set` waits.
    await updateStore(user.app, ({ data, config }) => {
      const { encryptValue } = require("../../src/store/encrypt") as typeof import("../../src/store/encrypt");
      const recipients = [...config.access.local].sort();
      for (let i = 0; i < 300; i++) {
        const name = `Bulk${i}`;
        const selector = { types: ["local" as const], envs: [] };
        data.secrets[name] = [{ selector, current: 1, versions: [{ version: 1, created: new Date(0).toISOString(), recipients, ciphertext: encryptValue({ name, selector, version: 1, types: ["local"], envTypes: {}, recipients }, "x") }] }];
      }
    });
    const remove = runWith(user.app, user.env, ["access", "remove", "--type", "local", bob]);
    // The second writer starts only once the first holds the lock, so the two really race.
    const lock = path.join(user.app, ".keystash/store.yaml.lock");
    let removeDone = false;
    void remove.then(() => (removeDone = true));
    // Polled every 2 ms, not in a busy loop: on a loaded machine that would starve the writers.
    while (!fs.existsSync(lock)) {
      if (removeDone) throw new Error("access remove finished before it was seen holding the lock");
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    const set = runWith(user.app, user.env, ["secret", "set", "--type", "local", "Token"], "after");
    const [removed, written] = await Promise.all([remove, set]);
    expect([removed.status, removed.stderr, written.status, written.stderr]).toEqual([0, "", 0, ""]);
    const store = parseStore(storeText(user));
    expect(store.secrets.Token![0]!.versions[0]!.recipients).toEqual([user.recipient()]);
    expect(Object.values(store.secrets).every((values) => values.every((v) => v.versions.every((x) => !x.recipients.includes(bob))))).toBe(true);
    expect(fs.readFileSync(path.join(user.app, "keystash.yaml"), "utf8")).not.toContain(bob);
  }, 120_000);

  test("a writer whose lock was taken over re-applies its change on the new store instead of overwriting it", async () => {
    const user = initApp({ "src/app.ts": SOURCE });
    user.ks(["secret", "set", "--dev", "Token"], "v1");
    const file = path.join(user.app, ".keystash/store.yaml");
    let runs = 0;
    await updateStore(user.app, async ({ data }) => {
      runs++;
      if (runs === 1) {
        // Meanwhile another writer (which took the stale lock over) wrote a secret of its own.
        const other = parseStore(fs.readFileSync(file, "utf8"));
        other.secrets.FromOtherWriter = other.secrets.Token!;
        fs.writeFileSync(file, serializeStore(other));
      }
      delete data.secrets.Token;
    });
    expect(runs).toBe(2);
    expect(Object.keys(parseStore(fs.readFileSync(file, "utf8")).secrets)).toEqual(["FromOtherWriter"]);
  });
});

describe("a value's readers are fixed by what its selector meant when it was written", () => {
  const user = sharedApp({ "keystash.yaml": "app: x\nenvironments:\n  staging: development\n", "src/app.ts": SOURCE }, (user) => {
    user.ks(["secret", "set", "--env", "staging", "Token"], "staging-value");
  });
  const configFile = () => path.join(user.app, "keystash.yaml");

  test("the store records each specific environment's type", () => {
    expect(storeText(user)).toContain('        envs:\n          - "staging"\n        envTypes:\n          - "staging=development"\n');
    expect(parseStore(storeText(user)).secrets.Token![0]!.envTypes).toEqual(Object.assign(Object.create(null), { staging: "development" }));
  });

  test("when keystash.yaml later maps the environment to another type, re-encryption is refused (exit 2) and check says why", () => {
    fs.writeFileSync(configFile(), fs.readFileSync(configFile(), "utf8").replace("staging: development", "staging: production"));
    grantProductionTo(user);
    const before = storeText(user);
    const hint = "hint: set it again for staging as it is now: keystash secret unset --env staging Token, then keystash secret set --env staging Token\n";
    const message = "error: store: 'Token' (--env staging) was written when staging was development; keystash.yaml now says production for it, so keystash will not re-encrypt it for other readers\n";
    // A new development reader would need a re-encryption: refused for this value, reported, exit 1.
    const reencrypt = user.ks(["access", "add", "--type", "development", generateIdentity().recipient]);
    expect([reencrypt.status, reencrypt.stderr]).toEqual([1, "warning: not re-encrypted: Token (--env staging): one of its environments changed type in keystash.yaml since it was set; set it again\n"]);
    fs.writeFileSync(configFile(), fs.readFileSync(configFile(), "utf8").replace(/development: \[ (\S+), \S+ \]/, "development: [ $1 ]"));
    const newVersion = user.ks(["secret", "set", "--env", "staging", "Token"], "v2");
    expect([newVersion.status, newVersion.stderr]).toEqual([2, message + hint]);
    expect(storeText(user)).toBe(before);
    const check = user.ks(["check", "--env", "staging"]);
    expect(check.status).toBe(1);
    expect(check.stdout).toContain("error: Token is not set for staging (production): set when staging was development, but keystash.yaml now says production");
  });
});

/** Lists the user's own recipient for production in keystash.yaml (no values to re-encrypt are production). */
function grantProductionTo(user: ReturnType<typeof initApp>): void {
  const configFile = path.join(user.app, "keystash.yaml");
  fs.writeFileSync(configFile, fs.readFileSync(configFile, "utf8").replace("  production: []", `  production: [ ${user.recipient()} ]`));
}
