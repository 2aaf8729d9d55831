import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { runCliAsync } from "../helpers/cli";
import { grantProduction, appPerTest } from "../helpers/keystash-app";
import { FAKE_AWS_ENV, startFakeAws, type FakeAws } from "./fake-aws";

const APP = {
  "keystash.yaml": "app: shop\nservices:\n  api: services/api\n  billing: services/billing\nenvironments:\n  prod: production\n",
  "services/api/github.ts": 'import { secret } from "keystash";\nexport const g = secret("GitHubAPIToken");\nexport const s = secret("SharedKey");\n',
  "services/billing/stripe.ts": 'import { secret } from "keystash";\nexport const s = secret("StripeSecretKey");\nexport const k = secret("SharedKey");\n',
};

describe("keystash sync --to aws-secrets-manager, through the official SDK against a loopback server", () => {
  const user = appPerTest(APP, (user) => {
    grantProduction(user);
    for (const [name, value] of [["GitHubAPIToken", "gh-1"], ["StripeSecretKey", "sk-1"], ["SharedKey", "shared-1"]] as const) user.ks(["secret", "set", "--prod", name], value);
  });
  // Each test starts from its own app and an empty account.
  let aws: FakeAws;
  beforeEach(async () => {
    aws = await startFakeAws();
  });
  afterEach(() => aws.close());

  const sync = (args: string[], env: NodeJS.ProcessEnv = FAKE_AWS_ENV) =>
    runCliAsync(["sync", "--env", "prod", "--to", "aws-secrets-manager", "--endpoint", aws.endpoint, ...args], { cwd: user.app, env: { ...user.env, ...env } });
  const valueOf = async (id: string) => {
    const client = new SecretsManagerClient({ endpoint: aws.endpoint, region: FAKE_AWS_ENV.AWS_REGION, credentials: { accessKeyId: FAKE_AWS_ENV.AWS_ACCESS_KEY_ID, secretAccessKey: FAKE_AWS_ENV.AWS_SECRET_ACCESS_KEY } });
    return (await client.send(new GetSecretValueCommand({ SecretId: id }))).SecretString;
  };

  test("--dry-run prints the plan per service and changes nothing", async () => {
    const result = await sync(["--dry-run"]);
    expect([result.status, result.stderr]).toEqual([0, ""]);
    expect(result.stdout).toBe([
      "Action  Secret           Service  Name in target",
      "------  ---------------  -------  ---------------------------------",
      "create  GitHubAPIToken   api      shop/prod/api/GitHubAPIToken",
      "create  SharedKey        api      shop/prod/api/SharedKey",
      "create  SharedKey        billing  shop/prod/billing/SharedKey",
      "create  StripeSecretKey  billing  shop/prod/billing/StripeSecretKey",
      "Plan for aws-secrets-manager (shop/prod): 4 create, 0 update, 0 delete, 0 unchanged, 0 blocked.",
      "",
    ].join("\n"));
    expect(aws.secrets.size).toBe(0);
    expect(result.stdout).not.toMatch(/gh-1|sk-1|shared-1/);
  });

  test("without a terminal and without --yes it refuses (exit 2)", async () => {
    const result = await sync([]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("error: sync: refusing to change the target without confirmation");
    expect(aws.secrets.size).toBe(0);
  });

  test("--yes creates exactly the declared secrets per service, tagged, with the right values", async () => {
    const result = await sync(["--yes"]);
    expect([result.status, result.stderr]).toEqual([0, ""]);
    expect(result.stdout).toContain("Applied 4 of 4 changes.");
    expect([...aws.secrets.keys()].sort()).toEqual(["shop/prod/api/GitHubAPIToken", "shop/prod/api/SharedKey", "shop/prod/billing/SharedKey", "shop/prod/billing/StripeSecretKey"]);
    expect(await valueOf("shop/prod/billing/StripeSecretKey")).toBe("sk-1");
    const tags = aws.secrets.get("shop/prod/api/GitHubAPIToken")!.tags;
    expect(tags.get("keystash-managed")).toBe("true");
    expect(tags.get("keystash-fingerprint")).toMatch(/^[0-9a-f]{48}$/);
    expect([...tags.values()].join(" ")).not.toContain("gh-1");
  });

  test("a second run is all unchanged and writes nothing; one changed value is one new version", async () => {
    expect((await sync(["--yes"])).status).toBe(0);
    const calls = aws.calls.length;
    const again = await sync(["--yes", "--json"]);
    expect(again.status).toBe(0);
    expect((JSON.parse(again.stdout) as { plan: { action: string }[] }).plan.map((e) => e.action)).toEqual(["unchanged", "unchanged", "unchanged", "unchanged"]);
    expect(aws.calls.slice(calls)).toEqual(["ListSecrets"]);
    user.ks(["secret", "set", "--prod", "StripeSecretKey"], "sk-2");
    const changed = await sync(["--yes"]);
    expect(changed.stdout).toContain("update     StripeSecretKey  billing  shop/prod/billing/StripeSecretKey");
    expect(await valueOf("shop/prod/billing/StripeSecretKey")).toBe("sk-2");
    expect(aws.secrets.get("shop/prod/billing/StripeSecretKey")!.versions.map((v) => v.stages)).toEqual([["AWSPREVIOUS"], ["AWSCURRENT"]]);
    expect(aws.secrets.get("shop/prod/api/GitHubAPIToken")!.versions).toHaveLength(1);
  });

  test("--prune deletes what keystash created and the code no longer declares, never a secret it did not create", async () => {
    expect((await sync(["--yes"])).status).toBe(0);
    aws.secrets.set("shop/prod/api/HandMade", { arn: "arn:aws:secretsmanager:eu-west-1:1:secret:x", tags: new Map(), versions: [{ id: "1", value: "theirs", stages: ["AWSCURRENT"] }] });
    const fs = require("node:fs") as typeof import("node:fs");
    fs.writeFileSync(`${user.app}/services/api/github.ts`, 'import { secret } from "keystash";\nexport const s = secret("SharedKey");\n');
    const noPrune = await sync(["--yes"]);
    expect(noPrune.stdout).toContain("0 delete");
    const pruned = await sync(["--yes", "--prune"]);
    expect(pruned.stdout).toContain("delete                               shop/prod/api/GitHubAPIToken");
    expect(aws.secrets.get("shop/prod/api/GitHubAPIToken")!.deleted).toBeInstanceOf(Date);
    expect(aws.secrets.get("shop/prod/api/HandMade")!.deleted).toBeUndefined();
  });

  test("throttling is retried with backoff", async () => {
    user.ks(["secret", "set", "--prod", "SharedKey"], "shared-2");
    aws.throttle = 2;
    const result = await sync(["--yes"]);
    expect([result.status, result.stderr]).toEqual([0, ""]);
    expect(await valueOf("shop/prod/api/SharedKey")).toBe("shared-2");
  });

  test("bad credentials: one line naming the target and what to do, exit 2, no value", async () => {
    const result = await sync(["--yes"], { ...FAKE_AWS_ENV, AWS_ACCESS_KEY_ID: "AKIAWRONGWRONGWRONG1" });
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      "error: aws-secrets-manager: listing secrets failed (UnrecognizedClientException)\n" +
        "hint: configure the target's credentials the way its own tools read them (environment variables, profile, workload identity); never on the command line\n",
    );
  });

  test("a server that dies mid-run: what landed and what did not is reported, exit 2, and a rerun converges", async () => {
    for (const [name, value] of [["GitHubAPIToken", "gh-3"], ["SharedKey", "shared-3"], ["StripeSecretKey", "sk-3"]] as const) user.ks(["secret", "set", "--prod", name], value);
    const fs = require("node:fs") as typeof import("node:fs");
    fs.writeFileSync(`${user.app}/services/api/github.ts`, 'import { secret } from "keystash";\nexport const g = secret("GitHubAPIToken");\nexport const s = secret("SharedKey");\n');
    aws.dieAfter = 2;
    const broken = await sync(["--yes"]);
    expect(broken.status).toBe(2);
    expect(broken.stdout).toMatch(/Applied [0-3] of 4 changes\./);
    expect(broken.stderr).toContain("did not land; run the same command again: sync converges");
    expect(broken.stderr).not.toMatch(/gh-3|shared-3|sk-3/);
    aws = await startFakeAws().then((fresh) => {
      for (const [name, secret] of aws.secrets) fresh.secrets.set(name, secret); // the same account, back up
      return fresh;
    });
    const rerun = await sync(["--yes"]);
    expect([rerun.status, rerun.stderr]).toEqual([0, ""]);
    for (const [id, value] of [["shop/prod/api/GitHubAPIToken", "gh-3"], ["shop/prod/api/SharedKey", "shared-3"], ["shop/prod/billing/SharedKey", "shared-3"], ["shop/prod/billing/StripeSecretKey", "sk-3"]]) {
      expect(await valueOf(id!)).toBe(value);
    }
    expect((await sync(["--yes", "--json"])).stdout).not.toContain('"action": "update"');
  });
});
