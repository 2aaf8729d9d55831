import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { parseStore } from "../../src/store/store-file";
import { KEYSTASH_BIN, cleanEnv } from "../helpers/cli";
import { initApp, storeText, type AppUser } from "../helpers/keystash-app";

function setInBackground(user: AppUser, name: string, value: string) {
  const child = spawn(process.execPath, [KEYSTASH_BIN, "secret", "set", "--dev", name], { cwd: user.app, env: { ...cleanEnv(), ...user.env } });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdin.end(value);
  const done = new Promise<{ code: number | null; stderr: string }>((resolve) => child.on("close", (code) => resolve({ code, stderr })));
  return { child, done };
}

describe("50 parallel writers", () => {
  test("every `secret set` on distinct and on the same names lands on a loaded machine; the store stays valid", async () => {
    const user = initApp();
    // Six busy processes beside the writers, as on a loaded 2-core machine (each stops itself after 60 s).
    const busy = Array.from({ length: 6 }, () => spawn(process.execPath, ["-e", "const end = Date.now() + 60000; while (Date.now() < end);"], { stdio: "ignore" }));
    const runs = Array.from({ length: 50 }, (_, i) => setInBackground(user, i % 2 === 0 ? `Distinct${i}` : "SameName", `value-${i}`));
    const results = await Promise.all(runs.map((r) => r.done)).finally(() => busy.forEach((child) => child.kill("SIGKILL")));
    expect(results.filter((r) => r.code !== 0).map((r) => r.stderr)).toEqual([]);
    const data = parseStore(storeText(user));
    expect(Object.keys(data.secrets).filter((n) => n.startsWith("Distinct"))).toHaveLength(25);
    expect(data.secrets.SameName![0]!.versions.map((v) => v.version)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    // The value each version holds is one of the values written, and the newest is current.
    const latest = user.ks(["secret", "get", "SameName", "--env", "dev"]).stdout;
    expect(latest).toMatch(/^value-\d+$/);
  }, 120_000);
});

describe("crash safety", () => {
  test("a writer killed with SIGKILL at random points leaves the old or the new store, never a broken one", async () => {
    const user = initApp();
    user.ks(["secret", "set", "--dev", "Base"], "base");
    let seed = 7;
    const nextDelay = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % 400;
    };
    const seen = new Set<string>();
    for (let i = 0; i < 12; i++) {
      const before = storeText(user);
      const { child, done } = setInBackground(user, `Crash${i}`, `v${i}`);
      await new Promise((resolve) => setTimeout(resolve, nextDelay()));
      child.kill("SIGKILL");
      await done;
      const after = storeText(user);
      const data = parseStore(after); // never throws: old or new, whole
      const names = Object.keys(data.secrets);
      expect(after === before || names.includes(`Crash${i}`)).toBe(true);
      seen.add(after === before ? "old" : "new");
      // A killed writer may leave its lock; the next writer waits for it to go stale.
      const lock = path.join(user.app, ".keystash/store.yaml.lock");
      if (fs.existsSync(lock)) {
        const recovered = user.ks(["secret", "set", "--dev", `After${i}`], "after");
        expect(recovered.status).toBe(0);
      }
    }
    expect(user.ks(["secret", "get", "Base", "--env", "dev"]).stdout).toBe("base");
    const final = user.ks(["secret", "set", "--dev", "Final"], "final");
    expect(final.status).toBe(0);
    expect(fs.readdirSync(path.join(user.app, ".keystash")).filter((f) => f.endsWith(".tmp"))).toEqual([]);
    expect(seen.has("old")).toBe(true); // some kills landed mid-write
  }, 180_000);
});
