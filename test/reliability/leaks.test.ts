import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { KEYSTASH_BIN, cleanEnv } from "../helpers/cli";
import { grantProduction, sharedApp } from "../helpers/keystash-app";

// Made at run time so the literal never sits in this file or in jest's transform cache.
const VALUE = ["LEAK", "CANARY", randomBytes(8).toString("hex")].join("_");

/** Every process's command line on this machine, read from /proc. */
function allCommandLines(): string[] {
  return fs.readdirSync("/proc").filter((entry) => /^\d+$/.test(entry)).flatMap((pid) => {
    try {
      return [fs.readFileSync(`/proc/${pid}/cmdline`, "utf8")];
    } catch {
      return []; // the process ended meanwhile
    }
  });
}

/** Files under `dir` (modified since `since`) whose bytes contain `needle`. */
function filesContaining(dir: string, needle: string, since: number, skip: (file: string) => boolean): string[] {
  const found: string[] = [];
  const walk = (current: string, depth: number): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(current, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory() && depth < 6 && entry.name !== "node_modules") walk(full, depth + 1);
      else if (entry.isFile() && !skip(full)) {
        try {
          const stat = fs.statSync(full);
          if (stat.mtimeMs >= since && stat.size < 5_000_000 && fs.readFileSync(full).includes(needle)) found.push(full);
        } catch {
          // vanished or unreadable: not ours
        }
      }
    }
  };
  walk(dir, 0);
  return found;
}

describe("secret values never leak", () => {
  const started = Date.now() - 1000;
  const user = sharedApp({ "src/a.ts": 'import { secret } from "keystash";\nexport const a = secret("Canary");\n' }, (user) => {
    grantProduction(user);
    user.ks(["secret", "set", "--prod", "Canary"], VALUE); // each test finds it set, whichever runs first
  });

  test("not in any process's argv while `secret set` reads it or `run` hands it over", async () => {
    const setter = spawn(process.execPath, [KEYSTASH_BIN, "secret", "set", "--prod", "Canary"], { cwd: user.app, env: { ...cleanEnv(), ...user.env } });
    setter.stdin.write(VALUE);
    // Look while the setter is alive and holds the value (its stdin is still open), not after a guess of a delay.
    const ownLine = () => {
      try {
        return fs.readFileSync(`/proc/${setter.pid}/cmdline`, "utf8");
      } catch {
        return "";
      }
    };
    for (let i = 0; i < 1000 && !ownLine().includes("secret\0set"); i++) await new Promise((resolve) => setImmediate(resolve));
    expect(ownLine()).toContain("secret\0set");
    expect(allCommandLines().filter((line) => line.includes(VALUE))).toEqual([]);
    setter.stdin.end();
    expect(await new Promise((resolve) => setter.on("close", resolve))).toBe(0);

    const runner = spawn(process.execPath, [KEYSTASH_BIN, "run", "--env", "prod", "--", process.execPath, "-e", "console.log('up'); setTimeout(() => {}, 3000)"], {
      cwd: user.app,
      env: { ...cleanEnv(), ...user.env },
    });
    await new Promise<void>((resolve) => runner.stdout.once("data", () => resolve()));
    const leaked = allCommandLines().filter((line) => line.includes(VALUE));
    runner.kill("SIGTERM");
    await new Promise((resolve) => runner.on("close", resolve));
    expect(leaked).toEqual([]);
  });

  test("not in output or error text of list, history, check, a tampered get, a failed run", () => {
    const outputs = [
      user.ks(["secret", "list"]),
      user.ks(["secret", "history", "Canary"]),
      user.ks(["check", "--env", "prod"]),
      user.ks(["run", "--env", "prod", "--", "no-such-command-for-leak-test"]),
    ];
    const store = path.join(user.app, ".keystash/store.yaml");
    const original = fs.readFileSync(store, "utf8");
    // Every version damaged: whichever version is current, the get must fail.
    fs.writeFileSync(store, original.replace(/(BEGIN AGE ENCRYPTED FILE-----\n\s+)(\S)/g, (_m, p, c) => p + (c === "Q" ? "R" : "Q")));
    outputs.push(user.ks(["secret", "get", "Canary", "--env", "prod"]));
    outputs.push(user.ks(["export", "--env", "prod"]));
    fs.writeFileSync(store, original);
    for (const result of outputs) expect(`${result.stdout}\n${result.stderr}`).not.toContain(VALUE);
    expect(outputs[4]!.status).toBe(2);
  });

  test("not in any file written along the way (temp files, caches, the store), only where asked", () => {
    user.ks(["export", "--env", "prod", "--format", "json"]);
    user.ks(["access", "add", "--type", "production", "age1qyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqs3290gq"]);
    const skip = (file: string) => file.startsWith("/proc");
    const leaks = [
      ...filesContaining(user.app, VALUE, started, skip),
      ...filesContaining(user.home, VALUE, started, skip),
      ...filesContaining(os.tmpdir(), VALUE, started, (file) => skip(file) || file.startsWith(user.app)),
    ];
    expect(leaks).toEqual([]);
    // the value is still there, encrypted
    expect(user.ks(["secret", "get", "Canary", "--env", "prod"]).stdout).toBe(VALUE);
  });
});
