import * as fs from "node:fs";
import * as path from "node:path";
import { CHECK_SECRETS_BIN, runCli } from "../helpers/cli";
import { git, grantProduction, initApp, sharedApp } from "../helpers/keystash-app";

const SOURCES = {
  "keystash.yaml": "app: shop\nservices:\n  api: services/api\n  billing: services/billing\nenvironments:\n  prod: production\n  staging: development\n  pr-*: preview\n",
  "services/api/github.ts": 'import { secret } from "keystash";\n\nexport const githubToken = secret("GitHubAPIToken");\n',
  "services/billing/stripe.ts": 'import { secret } from "keystash";\nexport const stripe = secret("StripeSecretKey");\n',
};

describe("check-secrets", () => {
  const user = sharedApp(SOURCES, (user) => {
    grantProduction(user);
    user.ks(["secret", "set", "--dev", "GitHubAPIToken"], "dev-token");
    user.ks(["secret", "set", "--prod", "OldSecret"], "x");
  });
  const check = (args: string[]) => runCli(args, { cwd: user.app, env: user.env, bin: CHECK_SECRETS_BIN });

  test("local: missing secrets are warnings with where and how to fix, exit 0", () => {
    const result = check(["--env", "local"]);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(
      [
        "warning: StripeSecretKey is not set for local (local): never set",
        "  declared at services/billing/stripe.ts:2:23",
        "  fix: keystash secret set --type local StripeSecretKey",
        "note: OldSecret is set but no longer declared in the code (keystash secret delete OldSecret)",
        `1 of 2 declared secrets missing for local (local); 2 source files analysed in ${user.app}`,
        "",
      ].join("\n"),
    );
  });

  test("prod: missing secrets are errors, exit 1, with the reason (set only for other types)", () => {
    const result = check(["--env", "prod"]);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain("error: GitHubAPIToken is not set for prod (production): set only for env types development, preview, local\n  declared at services/api/github.ts:3:28\n  fix: keystash secret set --type production GitHubAPIToken\n");
    expect(result.stdout).toContain("2 of 2 declared secrets missing for prod (production)");
  });

  test("--json has the documented shape", () => {
    const result = check(["--env", "pr-12", "--json"]);
    expect(result.status).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(Object.keys(report)).toEqual(["env", "type", "ok", "missing", "unused", "diagnostics", "files", "drift"]);
    expect(report).toMatchObject({ env: "pr-12", type: "preview", ok: false, unused: ["OldSecret"], diagnostics: [], files: 2 });
    expect(report.missing).toEqual([
      {
        name: "StripeSecretKey",
        declarations: [{ file: "services/billing/stripe.ts", line: 2, column: 23, binding: "stripe", service: "billing" }],
        reason: "never set",
        fix: "keystash secret set --type preview StripeSecretKey",
      },
    ]);
  });

  test("--format github prints annotations at the declaration lines", () => {
    const result = check(["--env", "staging", "--format", "github"]);
    expect(result.stdout.split("\n")[0]).toBe(
      "::error file=services/billing/stripe.ts,line=2,col=23,title=keystash::StripeSecretKey is not set for staging (development): never set. Fix: keystash secret set --type development StripeSecretKey",
    );
  });

  test("invalid secret() usage fails the check with the diagnostics", () => {
    fs.writeFileSync(path.join(user.app, "services/api/bad.ts"), 'import { secret } from "keystash";\nexport function f() { return secret("Late"); }\n');
    try {
      const result = check(["--env", "local"]);
      expect(result.status).toBe(1);
      expect(result.stdout).toContain("services/api/bad.ts:2:30 - error KS1001:");
    } finally {
      fs.rmSync(path.join(user.app, "services/api/bad.ts"));
    }
  });

  test("--manifest uses a build's manifest instead of the source", () => {
    const manifest = path.join(user.app, "m.json");
    fs.writeFileSync(manifest, JSON.stringify({ version: 1, secrets: [{ name: "OnlyInManifest", services: [], declarations: [{ file: "x.ts", line: 1, column: 1, binding: "x", service: null }] }] }));
    const result = check(["--env", "prod", "--manifest", manifest, "--json"]);
    expect(JSON.parse(result.stdout).missing.map((m: { name: string }) => m.name)).toEqual(["OnlyInManifest"]);
    expect(check(["--env", "prod", "--manifest", "nope.json"]).status).toBe(2);
  });

  test("unknown environment and bad format are usage errors (exit 2)", () => {
    expect(check(["--env", "qa"]).stderr).toContain("--env: unknown environment 'qa'");
    expect(check(["--env", "qa"]).status).toBe(2);
    expect(check(["--env", "prod", "--format", "xml"]).status).toBe(2);
  });

  test("warns when git tracks .secrets.local.cue", () => {
    git(user.app, "init", "-q");
    fs.writeFileSync(path.join(user.app, ".secrets.local.cue"), 'GitHubAPIToken: "x"\n');
    try {
      git(user.app, "add", "-f", ".secrets.local.cue");
      const result = check(["--env", "local"]);
      expect(result.stderr).toContain("warning: git tracks .secrets.local.cue");
    } finally {
      fs.rmSync(path.join(user.app, ".git"), { recursive: true });
      fs.rmSync(path.join(user.app, ".secrets.local.cue"));
    }
  });
});

describe("check-secrets once every declared secret is set for production", () => {
  const user = sharedApp(SOURCES, (user) => {
    grantProduction(user);
    user.ks(["secret", "set", "--prod", "GitHubAPIToken"], "p1");
    user.ks(["secret", "set", "--prod", "StripeSecretKey"], "p2");
  });
  const check = (args: string[]) => runCli(args, { cwd: user.app, env: user.env, bin: CHECK_SECRETS_BIN });

  test("the check passes, and it needs no identity", () => {
    const noIdentity = runCli(["--env", "prod"], { cwd: user.app, env: { XDG_CONFIG_HOME: "/nonexistent" }, bin: CHECK_SECRETS_BIN });
    expect(noIdentity.status).toBe(0);
    expect(noIdentity.stdout).toContain("✓ all 2 declared secrets are set for prod (production)");
  });

  test("a value not readable by any current recipient of the type counts as missing", () => {
    const config = fs.readFileSync(path.join(user.app, "keystash.yaml"), "utf8");
    fs.writeFileSync(path.join(user.app, "keystash.yaml"), config.replace(/production: \[.*\]/, "production: [ age1qyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqs3290gq ]"));
    try {
      const result = check(["--env", "prod", "--json"]);
      expect(result.status).toBe(1);
      // The fix is a sync by someone who can read it: never overwriting the team's value.
      expect(JSON.parse(result.stdout).missing.map((m: { reason: string; fix: string }) => [m.reason, m.fix])).toEqual([
        ["set, but not readable by any recipient keystash.yaml lists for production", "someone who can read it runs `keystash access sync`"],
        ["set, but not readable by any recipient keystash.yaml lists for production", "someone who can read it runs `keystash access sync`"],
      ]);
    } finally {
      fs.writeFileSync(path.join(user.app, "keystash.yaml"), config);
    }
  });
});

test("the doc comment above a declaration is its description in the manifest, check and secret list", () => {
  const user = initApp({ "src/app.ts": 'import { secret } from "keystash";\n/**\n * Token for deploy\n * bots.\n */\nexport const t = secret("DeployToken");\n' });
  const check = user.ks(["check", "--env", "prod"]);
  expect(check.stdout).toContain("error: DeployToken is not set for prod (production): never set\n  declared at src/app.ts:6:18\n  about: Token for deploy bots.\n");
  const list = JSON.parse(user.ks(["secret", "list", "--json"]).stdout) as { secrets: { name: string; description: string | null }[] };
  expect(list.secrets).toMatchObject([{ name: "DeployToken", description: "Token for deploy\nbots." }]);
  expect(user.ks(["secret", "list"]).stdout.split("\n")[2]).toMatch(/^DeployToken .* Token for deploy bots\.$/);
});
