import * as fs from "node:fs";
import * as path from "node:path";
import { CHECK_SECRETS_BIN, runCli } from "../helpers/cli";
import { git, initApp, sharedApp } from "../helpers/keystash-app";

const SOURCE = 'import { secret } from "keystash";\nexport const s = secret("StripeSecretKey");\nexport const g = secret("GitHubAPIToken");\n';

describe("one resolution path: the local file is what local reads, for every command", () => {
  const user = sharedApp({ "src/app.ts": SOURCE }, (user) => {
    fs.writeFileSync(path.join(user.app, ".secrets.local.cue"), 'StripeSecretKey: "from-the-file"\nGithubApiToken: "typo"\n');
  });

  test("get, export and check agree that local reads the file; unknown keys get one warning with the closest name", () => {
    expect(user.ks(["secret", "get", "StripeSecretKey", "--env", "local"]).stdout).toBe("from-the-file");
    const exported = user.ks(["export", "--env", "local", "--format", "json"]);
    expect(JSON.parse(exported.stdout)).toEqual({ KEYSTASH_ENV: "local", KEYSTASH_ENV_TYPE: "local", StripeSecretKey: "from-the-file" });
    const warning = "warning: .secrets.local.cue sets GithubApiToken (did you mean GitHubAPIToken?), which the code does not declare\n";
    expect(exported.stderr.startsWith(warning)).toBe(true);
    const check = user.ks(["check", "--env", "local"]);
    expect(check.stderr).toBe(warning);
    expect(check.stdout).toContain("warning: GitHubAPIToken is not set for local (local): never set\n");
    expect(check.stdout).not.toContain("StripeSecretKey is not set");
    const list = JSON.parse(user.ks(["secret", "list", "--json"]).stdout) as { secrets: { name: string; local: boolean; localFile: boolean }[] };
    expect(list.secrets.map((s) => [s.name, s.local, s.localFile])).toEqual([["GitHubAPIToken", false, false], ["StripeSecretKey", true, true]]);
  });
});

describe("friendlier writes", () => {
  const user = sharedApp({ "keystash.yaml": "app: x\nenvironments:\n  staging: development\n", "src/app.ts": SOURCE });

  test("the success line says what was set; an undeclared name warns with the closest declared name", () => {
    const set = user.ks(["secret", "set", "--dev", "StripeSecretKey"], "v1");
    expect([set.status, set.stdout, set.stderr]).toEqual([0, "Successfully created secret value for StripeSecretKey (development, preview, local).\n", ""]);
    const env = user.ks(["secret", "set", "--env", "staging", "--prod", "GitHubAPIToken"], "v");
    expect(env.stdout).toBe("Successfully created secret value for GitHubAPIToken (production, environment staging).\n");
    const typo = user.ks(["secret", "set", "--dev", "StripeSecretKy"], "v");
    expect([typo.status, typo.stderr]).toEqual([0, "warning: the code does not declare StripeSecretKy; did you mean StripeSecretKey?\n"]);
  });

  test("--type and --env typos suggest the closest name", () => {
    const type = user.ks(["secret", "set", "--type", "prodution", "StripeSecretKey"], "v");
    expect([type.status, type.stderr]).toEqual([2, "error: --type: 'prodution' is not an env type\nhint: did you mean production? use production, development, preview, local (or prod, dev, pr)\n"]);
    const env = user.ks(["secret", "set", "--env", "stagin", "StripeSecretKey"], "v");
    expect(env.stderr).toBe("error: --env: unknown environment 'stagin'\nhint: did you mean staging? name it under `environments` in keystash.yaml, e.g. \"stagin: development\"\n");
    const check = user.ks(["check", "--env", "stagign"]);
    expect(check.stderr).toBe("error: --env: unknown environment 'stagign'\nhint: did you mean staging? use an env type (production, development, preview, local) or one of: staging\n");
  });

  test("rollback, unset and history take --dev and --prod; history shows who wrote each version and the commit", () => {
    const user = initApp({ "src/app.ts": SOURCE });
    user.ks(["secret", "set", "--dev", "StripeSecretKey"], "v1");
    user.ks(["secret", "set", "--dev", "StripeSecretKey"], "v2");
    git(user.app, "init", "-q");
    git(user.app, "add", "-A");
    git(user.app, "commit", "-qm", "values");
    expect(user.ks(["secret", "rollback", "--dev", "--to", "1", "StripeSecretKey"]).stdout).toBe("Rolled back StripeSecretKey (--type development,preview,local) to version 1's value, as version 3.\n");
    const history = JSON.parse(user.ks(["secret", "history", "--dev", "StripeSecretKey", "--json"]).stdout) as { versions: { version: number; writer: string; commit: { author: string } | null }[] };
    expect(history.versions.map((v) => [v.version, v.writer, v.commit?.author ?? null])).toEqual([
      [1, user.recipient(), "Test"], [2, user.recipient(), "Test"], [3, user.recipient(), null], // not committed yet
    ]);
    expect(user.ks(["secret", "unset", "--dev", "StripeSecretKey"]).stdout).toBe("Removed --type development,preview,local from StripeSecretKey.\n");
  });

  test("check-secrets speaks as check-secrets in --help and --version", () => {
    const help = runCli(["--help"], { cwd: user.app, bin: CHECK_SECRETS_BIN });
    expect(help.stdout.split("\n")[0]).toBe("Usage: check-secrets [options]");
    expect(runCli(["--version"], { cwd: user.app, bin: CHECK_SECRETS_BIN }).stdout).toBe(`${require("../../package.json").version}\n`);
  });
});
