import { execFileSync, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { KEYSTASH_BIN, cleanEnv } from "../helpers/cli";
import { grantProduction, storeText, sharedApp } from "../helpers/keystash-app";
import { testWith } from "../helpers/system-tools";

// eslint-disable-next-line keystash/no-hardcoded-secret -- a made-up, truncated key: a multi-line fixture
const PEM = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n  indented line \\ with $dollar and \"quotes\"\n-----END OPENSSH PRIVATE KEY-----\n";

describe("keystash init", () => {
  const user = sharedApp();

  test("writes keystash.yaml, a 0600 identity, grants dev/preview/local, git-ignores overrides", () => {
    const config = fs.readFileSync(path.join(user.app, "keystash.yaml"), "utf8");
    const recipient = user.recipient();
    expect(config).toContain(`development: [ ${recipient} ]`);
    expect(config).toContain(`local: [ ${recipient} ]`);
    expect(config).toContain("production: []");
    expect(fs.statSync(user.identityFile).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(path.join(user.app, ".gitignore"), "utf8")).toBe(".secrets.local.cue\n.keystash/*.lock\n");
  });

  test("is idempotent", () => {
    const before = fs.readFileSync(path.join(user.app, "keystash.yaml"), "utf8");
    const again = user.ks(["init"]);
    expect(again.status).toBe(0);
    expect(again.stdout).toContain(`Using your identity at ${user.identityFile}`);
    expect(fs.readFileSync(path.join(user.app, "keystash.yaml"), "utf8")).toBe(before);
    expect(fs.readFileSync(path.join(user.app, ".gitignore"), "utf8")).toBe(".secrets.local.cue\n.keystash/*.lock\n");
  });
});

describe("keystash secret set / get", () => {
  const user = sharedApp({}, (user) => {
    grantProduction(user);
  });

  test("stdin values round-trip byte for byte: PEM, UTF-8, trailing newline stripped unless --keep-newlines", () => {
    expect(user.ks(["secret", "set", "--dev", "SSHPrivateKey"], PEM).stdout).toBe("Successfully created secret value for SSHPrivateKey (development, preview, local).\n");
    expect(user.ks(["secret", "get", "SSHPrivateKey", "--env", "local"]).stdout).toBe(PEM.replace(/\n$/, ""));
    expect(user.ks(["secret", "set", "--dev", "--keep-newlines", "SSHPrivateKey"], PEM).stdout).toBe("Successfully updated secret value for SSHPrivateKey (development, preview, local).\n");
    expect(user.ks(["secret", "get", "SSHPrivateKey", "--env", "staging"]).stdout).toBe(PEM);
    const unicode = "päss wörd ✓ 🔑 \u0001 tab\t\r\nend";
    expect(user.ks(["secret", "set", "--prod", "Unicode"], unicode).status).toBe(0);
    expect(user.ks(["secret", "get", "Unicode", "--env", "prod"]).stdout).toBe(unicode);
  });

  test("an empty value is refused unless --allow-empty", () => {
    const refused = user.ks(["secret", "set", "--dev", "Empty"], "\n");
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain("secret set: the value is empty");
    expect(user.ks(["secret", "set", "--dev", "--allow-empty", "Empty"], "").status).toBe(0);
    expect(user.ks(["secret", "get", "Empty", "--env", "dev"]).stdout).toBe("");
  });

  testWith("age", "the value never lands in the store as plaintext, and the real age CLI decrypts it", () => {
    const value = "sk_live_UNIQUE_PLAINTEXT_MARKER_42";
    user.ks(["secret", "set", "--type", "local", "--env", "staging", "Stripe"], value);
    const store = storeText(user);
    expect(store).not.toContain(value);
    expect(store).not.toContain(Buffer.from(value).toString("base64").slice(0, 20));
    const armored = /Stripe:[\s\S]*?ciphertext: \|\n([\s\S]*?-----END AGE ENCRYPTED FILE-----)/.exec(store)![1]!.replace(/^ +/gm, "");
    const plaintext = execFileSync("age", ["-d", "-i", user.identityFile], { input: armored }).toString("utf8");
    // The authenticated header: name, selector, version, the types it reaches, each environment's type, and its recipients' digest.
    const header = JSON.parse(plaintext.slice(0, plaintext.indexOf("\n"))) as Record<string, unknown>;
    expect(header).toEqual({ keystash: 2, name: "Stripe", selector: "type:local,env:staging", version: 1, types: ["development", "local"], envTypes: { staging: "development" }, recipients: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/) });
    expect(plaintext.slice(plaintext.indexOf("\n") + 1)).toBe(value);
  });

  test("an overlapping selector is refused with the conflict and the fix; the store is unchanged", () => {
    user.ks(["secret", "set", "--type", "dev,local", "Overlap"], "a");
    const before = storeText(user);
    const result = user.ks(["secret", "set", "--type", "local,preview", "Overlap"], "b");
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      "warning: the code does not declare Overlap (see `keystash check --env local`)\n" +
      "error: 'Overlap' already has a value for --type local (the value set with --type development,local)\n" +
        "hint: set that value with exactly --type development,local, or first remove the overlap: keystash secret unset --type local Overlap\n",
    );
    expect(storeText(user)).toBe(before);
    expect(user.ks(["secret", "unset", "--type", "local", "Overlap"]).status).toBe(0);
    expect(user.ks(["secret", "set", "--type", "local,preview", "Overlap"], "b").status).toBe(0);
    expect(user.ks(["secret", "get", "Overlap", "--env", "dev"]).stdout).toBe("a"); // narrowed value still reads
    expect(user.ks(["secret", "get", "Overlap", "--env", "local"]).stdout).toBe("b");
  });

  test("a specific environment wins over its type", () => {
    user.ks(["secret", "set", "--type", "development", "Precedence"], "for-dev");
    user.ks(["secret", "set", "--env", "staging", "Precedence"], "for-staging");
    expect(user.ks(["secret", "get", "Precedence", "--env", "staging"]).stdout).toBe("for-staging");
    expect(user.ks(["secret", "get", "Precedence", "--env", "development"]).stdout).toBe("for-dev");
    const missing = user.ks(["secret", "get", "Precedence", "--env", "prod"]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain("'Precedence' is not set for prod (production)");
  });

  test("versions: setting the same selector adds one, history lists them, rollback restores one", () => {
    for (const value of ["v1", "v2", "v3"]) user.ks(["secret", "set", "--type", "preview", "Versioned"], value);
    const history = JSON.parse(user.ks(["secret", "history", "Versioned", "--json"]).stdout);
    expect(history.versions.map((v: { version: number; current: boolean }) => [v.version, v.current])).toEqual([[1, false], [2, false], [3, true]]);
    // A rollback writes a new version holding the old value: the current version is always the newest.
    expect(user.ks(["secret", "rollback", "Versioned", "--type", "preview", "--to", "1"]).stdout).toBe("Rolled back Versioned (--type preview) to version 1's value, as version 4.\n");
    expect(user.ks(["secret", "get", "Versioned", "--env", "pr-7"]).stdout).toBe("v1");
    const after = JSON.parse(user.ks(["secret", "history", "Versioned", "--json"]).stdout);
    expect(after.versions.map((v: { version: number; current: boolean }) => [v.version, v.current])).toEqual([[1, false], [2, false], [3, false], [4, true]]);
    expect(user.ks(["secret", "rollback", "Versioned", "--type", "preview", "--to", "9"]).status).toBe(2);
  });

  test("bad flags name the flag and exit 2", () => {
    expect(user.ks(["secret", "set", "--type", "staging", "X"], "v").stderr).toContain("--type: 'staging' is not an env type");
    expect(user.ks(["secret", "set", "--env", "qa", "X"], "v").stderr).toContain("--env: unknown environment 'qa'");
    expect(user.ks(["secret", "set", "--env", "pr-42", "X"], "v").status).toBe(0); // matches pr-*
    const noSelector = user.ks(["secret", "set", "X"], "v");
    expect([noSelector.status, noSelector.stderr]).toEqual([2, "error: no environments selected\nhint: pass --type T[,T...] and/or --env E[,E...] (or --dev / --prod)\n"]);
    expect(user.ks(["secret", "set", "--dev", "bad-name"], "v").stderr).toContain("'bad-name' is not a valid secret name");
  });

  test("delete needs --yes without a terminal", () => {
    user.ks(["secret", "set", "--dev", "Doomed"], "v");
    expect(user.ks(["secret", "delete", "Doomed"]).status).toBe(2);
    expect(user.ks(["secret", "delete", "Doomed", "--yes"]).stdout).toBe("Deleted Doomed.\n");
    expect(storeText(user)).not.toContain("Doomed");
  });

  test("no command output ever contains a value, except get", () => {
    const marker = "VALUE_MARKER_NEVER_PRINTED";
    const outputs = [
      user.ks(["secret", "set", "--dev", "Marker"], marker),
      user.ks(["secret", "list"]),
      user.ks(["secret", "history", "Marker"]),
      user.ks(["secret", "set", "--type", "local", "Marker"], marker),
    ];
    for (const result of outputs) expect(result.stdout + result.stderr).not.toContain(marker);
  });
});

describe("hidden prompt on a real terminal", () => {
  const user = sharedApp();

  test("reads the value without echoing it", async () => {
    const child = spawn("script", ["-qfec", `${process.execPath} ${KEYSTASH_BIN} secret set --dev Prompted`, "/dev/null"], {
      cwd: user.app,
      env: { ...cleanEnv(), ...user.env },
    });
    let screen = "";
    child.stdout.on("data", (chunk: Buffer) => {
      screen += chunk.toString();
      if (screen.includes("Enter secret value: ") && !screen.includes("typed")) {
        screen += "(typed)";
        child.stdin.write("s3cr3t-typed\r");
      }
    });
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(code).toBe(0);
    expect(screen).toContain("Successfully created secret value for Prompted (development, preview, local).");
    expect(screen).not.toContain("s3cr3t-typed");
    expect(user.ks(["secret", "get", "Prompted", "--env", "local"]).stdout).toBe("s3cr3t-typed");
  });
});
