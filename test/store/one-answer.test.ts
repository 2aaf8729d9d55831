import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { appContext } from "../../src/cli/context";
import { generateIdentity } from "../../src/store/age-encrypt";
import { parseStore, serializeStore } from "../../src/store/store-file";
import { buildState } from "../../src/ui/state";
import { linkKeystash } from "../helpers/app";
import { cleanEnv } from "../helpers/cli";
import { initApp, type AppUser } from "../helpers/keystash-app";

// "Is NAME set for E, and to what?" has one answer (src/store/status.ts). Each row is a store
// state; each front end (check, secret get, secret list, export, run, the runtime, the
// dashboard) must give the same answer for it: the value, missing with the reason, or tampered.

const SOURCE = 'import { secret } from "keystash";\nexport const a = secret("Token");\n';
const CONFIG = "environments:\n  staging: development\n";

/** `drift`: served, and a recipient keystash.yaml lists is not re-encrypted for yet (`pending`) or one it no longer lists still is (`overShared`). */
type Expected = { serves: string; drift?: "pending" | "overShared" } | { missing: string } | { tampered: string };

interface Row {
  state: string;
  env: string;
  arrange: (user: AppUser) => void;
  expected: Expected;
}

const set = (user: AppUser, args: string[], value: string) => {
  const result = user.ks(["secret", "set", ...args, "Token"], value);
  if (result.status !== 0) throw new Error(result.stderr);
};
const editStore = (user: AppUser, change: (data: ReturnType<typeof parseStore>) => void) => {
  const file = path.join(user.app, ".keystash/store.yaml");
  const data = parseStore(fs.readFileSync(file, "utf8"));
  change(data);
  fs.writeFileSync(file, serializeStore(data));
};
const editConfig = (user: AppUser, from: string, to: string) => {
  const file = path.join(user.app, "keystash.yaml");
  fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace(from, to));
};

// A second reader of development, for the rows about who a value is encrypted to.
const teammate = generateIdentity().recipient;

const rows: Row[] = [
  { state: "set for the environment's type (inherited)", env: "staging", arrange: (u) => set(u, ["--type", "development"], "from-type"), expected: { serves: "from-type" } },
  { state: "set for the environment by name, beside its type's value", env: "staging", arrange: (u) => (set(u, ["--type", "development"], "from-type"), set(u, ["--env", "staging"], "by-name")), expected: { serves: "by-name" } },
  { state: "never set", env: "staging", arrange: () => undefined, expected: { missing: "never set" } },
  { state: "set for other types only", env: "staging", arrange: (u) => set(u, ["--type", "preview"], "p"), expected: { missing: "set only for env types preview" } },
  {
    state: "set when staging was another type",
    env: "staging",
    arrange: (u) => (set(u, ["--env", "staging"], "old"), editConfig(u, "staging: development", "staging: preview")),
    expected: { missing: "set when staging was development, but keystash.yaml now says preview" },
  },
  {
    state: "readable by nobody keystash.yaml lists",
    env: "staging",
    arrange: (u) => (set(u, ["--type", "development"], "orphan"), editConfig(u, u.recipient(), generateIdentity().recipient)),
    expected: { missing: "set, but not readable by any recipient keystash.yaml lists for development" },
  },
  {
    state: "a version lists more recipients than it is encrypted to",
    env: "staging",
    arrange: (u) => (set(u, ["--type", "development"], "v"), editStore(u, (d) => d.secrets.Token![0]!.versions[0]!.recipients.push(generateIdentity().recipient))),
    expected: { tampered: "version 1 is encrypted to 1 keys but lists 2 recipients" },
  },
  {
    state: "listed for its type but not re-encrypted for a new reader yet (drift)",
    env: "staging",
    arrange: (u) => (set(u, ["--type", "development"], "v"), editConfig(u, `development: [ ${u.recipient()}`, `development: [ ${u.recipient()}, ${teammate}`)),
    expected: { serves: "v", drift: "pending" },
  },
  {
    state: "still encrypted to a reader keystash.yaml no longer lists (over-shared)",
    env: "staging",
    arrange: (u) => {
      editConfig(u, `development: [ ${u.recipient()}`, `development: [ ${u.recipient()}, ${teammate}`);
      set(u, ["--type", "development"], "v");
      editConfig(u, `, ${teammate}`, "");
    },
    expected: { serves: "v", drift: "overShared" },
  },
  {
    state: "the local environment with .secrets.local.cue (it wins over the store)",
    env: "local",
    arrange: (u) => (set(u, ["--type", "local"], "from-store"), fs.writeFileSync(path.join(u.app, ".secrets.local.cue"), 'Token: "from-file"\n')),
    expected: { serves: "from-file" },
  },
];

const printToken = 'process.stdout.write(require("keystash").secret("Token")())';

describe.each(rows)("$state", ({ env, arrange, expected }) => {
  let user: AppUser;
  beforeAll(() => {
    user = initApp({ "src/app.ts": SOURCE, "keystash.yaml": CONFIG });
    arrange(user);
    linkKeystash(user.app);
  });
  const problem = "serves" in expected ? undefined : "missing" in expected ? expected.missing : expected.tampered;
  const failExit = "tampered" in expected ? 2 : 1;

  test("check", () => {
    const check = user.ks(["check", "--env", env]);
    if ("serves" in expected) {
      expect([check.status, check.stderr]).toEqual([0, ""]);
      // Drift outside production warns (over-shared in production fails: test/cli/check.test.ts).
      const said = { pending: "is not re-encrypted yet for 1 recipient keystash.yaml lists", overShared: "is over-shared: still encrypted to 1 recipient keystash.yaml no longer lists" };
      for (const [kind, words] of Object.entries(said)) expect([kind, check.stdout.includes(words)]).toEqual([kind, kind === expected.drift]);
      return;
    }
    // A missing secret only warns for a local environment; every non-local env fails.
    expect(check.status).toBe("tampered" in expected ? 2 : env === "local" ? 0 : 1);
    expect(check.stdout + check.stderr).toContain(problem);
  });

  test("secret get", () => {
    const get = user.ks(["secret", "get", "Token", "--env", env]);
    if ("serves" in expected) return expect([get.status, get.stdout]).toEqual([0, expected.serves]);
    expect([get.status, get.stdout]).toEqual([failExit, ""]);
    expect(get.stderr).toContain(problem);
  });

  test("export and run", () => {
    const exported = user.ks(["export", "--env", env, "--format", "json"]);
    const run = user.ks(["run", "--env", env, "--", process.execPath, "-e", "process.stdout.write(process.env.Token ?? '<unset>')"]);
    if ("serves" in expected) {
      // Beside the value, where the app runs (every export format holds both: README, "Export formats").
      const { Token, ...place } = JSON.parse(exported.stdout) as Record<string, string>;
      expect([exported.status, Token, Object.keys(place)]).toEqual([0, expected.serves, ["KEYSTASH_ENV", "KEYSTASH_ENV_TYPE"]]);
      return expect([run.status, run.stdout]).toEqual([0, expected.serves]);
    }
    for (const result of [exported, run]) {
      expect([result.status, result.stdout]).toEqual([failExit, ""]);
      expect(result.stderr).toContain(problem);
    }
  });

  test("the runtime", () => {
    expect(user.ks(["manifest"]).status).toBe(0);
    const app = spawnSync(process.execPath, ["-e", printToken], { cwd: user.app, env: { ...cleanEnv(), ...user.env, KEYSTASH_ENV: env }, encoding: "utf8" });
    if ("serves" in expected) return expect([app.status, app.stdout]).toEqual([0, expected.serves]);
    expect(app.status).not.toBe(0);
    expect(app.stdout).toBe("");
    expect(app.stderr).toContain(problem);
  });

  test("secret list and the dashboard", () => {
    const state = buildState(appContext({ root: user.app }), []);
    const cell = state.secrets.find((s) => s.name === "Token")!.cells[env === "local" ? "local" : `env:${env}`]!;
    const checked = state.checks.find((c) => c.env === env)!;
    expect(checked.ok).toBe("serves" in expected);
    const list = JSON.parse(user.ks(["secret", "list", "--json"]).stdout) as { secrets: { name: string; status: string; problem: string | null; pending: string[]; overShared: string[] }[] };
    const row = list.secrets.find((s) => s.name === "Token")!;
    if ("serves" in expected) {
      const drift = expected.drift === "pending" ? { pending: [teammate], overShared: [] } : expected.drift === "overShared" ? { pending: [], overShared: [teammate] } : { pending: [], overShared: [] };
      // The list's status sums up every type (production is never set here); its drift is this value's.
      expect({ pending: row.pending, overShared: row.overShared }).toEqual(drift);
      return expect(cell.state).toBe(expected.drift === "pending" ? "drift" : (expected.drift ?? "set"));
    }
    if ("tampered" in expected) {
      expect([cell.state, cell.reason]).toEqual(["tampered", problem]);
      return expect([row.status, row.problem]).toEqual(["tampered", problem]);
    }
    expect([cell.state, cell.reason]).toEqual(["missing", problem]);
  });
});
