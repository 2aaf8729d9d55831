import * as http from "node:http";
import { runCliAsync } from "../helpers/cli";
import { appPerTest, grantProduction } from "../helpers/keystash-app";
import { FAKE_AWS_ENV, startFakeAws, type FakeAws } from "./fake-aws";
import { startFakeVault, type FakeVault } from "./fake-vault";
import { listenOnLoopback } from "./loopback";

// `sync` holds production values and a cloud credential: every name it builds and every answer
// it gets is hostile until checked. Each test is an attack from issue #22 against the loopback
// servers (with their hostile modes), and checks that nothing lands outside the run's own path.

const CONFIG = "app: shop\nservices:\n  api: services/api\nenvironments:\n  prod: production\n  pr-*: preview\n";
const SOURCE = { "services/api/index.ts": 'import { secret } from "keystash";\nexport const a = secret("ApiKey");\n' };

describe("vault", () => {
  const user = appPerTest({ "keystash.yaml": CONFIG, ...SOURCE }, (user) => {
    grantProduction(user);
    user.ks(["secret", "set", "--prod", "ApiKey"], "api-prod");
    user.ks(["secret", "set", "--type", "preview", "ApiKey"], "api-preview");
  });
  let vault: FakeVault;
  beforeEach(async () => {
    vault = await startFakeVault();
  });
  afterEach(() => vault.close());
  const sync = (args: string[], env: NodeJS.ProcessEnv = {}) =>
    runCliAsync(["sync", "--to", "vault", "--yes", ...args], { cwd: user.app, env: { ...user.env, VAULT_ADDR: vault.address, VAULT_TOKEN: vault.token, ...env } });

  test.each([
    ["a service named with ../", ["--env", "prod"], "service", "../../../../other-team/data/x"],
    ["a --prefix that climbs out", ["--env", "prod", "--prefix", "../../cubbyhole/x"], "prefix part", ".."],
    ["a --mount with a slash", ["--env", "prod", "--mount", "secret/../sys"], "mount", "secret/../sys"],
  ])("%s is refused before any request, naming the field", async (_label, args, field, shown) => {
    if (field === "service") {
      const fs = require("node:fs") as typeof import("node:fs");
      fs.writeFileSync(`${user.app}/keystash.yaml`, fs.readFileSync(`${user.app}/keystash.yaml`, "utf8").replace("api: services/api", `"${shown}": services/api`));
    }
    const result = await sync(args);
    expect([result.status, result.stdout]).toEqual([2, ""]);
    expect(result.stderr.split("\n")[0]).toBe(`error: sync: the ${field} '${shown}' cannot be part of a name in the target`);
    expect(vault.calls).toEqual([]);
  });

  test("an --env that a pattern (pr-*) would match is still checked as a name", async () => {
    const result = await sync(["--env", "pr-1/../../../other-app/prod"]);
    expect([result.status, result.stderr.split("\n")[0]]).toEqual([2, "error: --env: 'pr-1/../../../other-app/prod' is not a valid environment name"]);
    const newline = await runCliAsync(["export", "--env", "pr-1\nLD_PRELOAD=/tmp/x.so", "--format", "env-file"], { cwd: user.app, env: user.env });
    expect([newline.status, newline.stdout]).toEqual([2, ""]);
    expect(newline.stderr.split("\n")[0]).toBe("error: --env: 'pr-1\\nLD_PRELOAD=/tmp/x.so' is not a valid environment name");
    expect(vault.calls).toEqual([]);
  });

  test("listing keys that climb out or loop are ignored with a warning; --prune and even --dry-run stay in scope and end", async () => {
    expect((await sync(["--env", "prod"])).status).toBe(0);
    vault.secrets.set("other-app/prod/_shared/Key", { versions: [{ value: "theirs" }], custom: { "keystash-managed": "true" } });
    vault.listingExtras.set("shop/prod/", ["../../../other-app/prod/_shared/", "a/../", "./", "", 42]);
    const dryRun = await sync(["--env", "prod", "--prune", "--dry-run"]);
    expect(dryRun.status).toBe(0);
    expect(dryRun.stderr).toContain("warning: vault: ignored a listing key under shop/prod/ that is not one path segment (\"../../../other-app/prod/_shared/\")");
    expect(dryRun.stderr).toContain('(\"a/../\")');
    const pruned = await sync(["--env", "prod", "--prune"]);
    expect(pruned.status).toBe(0);
    expect(vault.secrets.get("other-app/prod/_shared/Key")!.versions).toEqual([{ value: "theirs" }]);
    expect(vault.calls.filter((call) => call.includes("other-app"))).toEqual([]);
  });

  test("prune deletes only what this run (prefix and environment) recorded as its own", async () => {
    expect((await sync(["--env", "prod", "--prefix", "shop/prod/eu"])).status).toBe(0);
    expect(vault.secrets.get("shop/prod/eu/api/ApiKey")!.custom).toMatchObject({ "keystash-prefix": "shop/prod/eu", "keystash-env": "prod" });
    const wider = await sync(["--env", "prod", "--prefix", "shop/prod", "--prune"]);
    expect([wider.status, wider.stderr]).toEqual([0, ""]); // shop/prod/api/ApiKey is created; the eu copy is neither pruned nor changed
    expect(vault.secrets.has("shop/prod/eu/api/ApiKey")).toBe(true);
    expect(vault.secrets.get("shop/prod/api/ApiKey")!.versions).toEqual([{ value: "api-prod" }]);
  });

  test("credentials in VAULT_ADDR are never echoed", async () => {
    // Built from parts: a literal credential URL is what keystash's own lint rule refuses.
    const withCredentials = `http://admin:${"hunter" + 2}@127.0.0.1:9`;
    const result = await sync(["--env", "prod"], { VAULT_ADDR: withCredentials });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("cannot reach http://127.0.0.1:9");
    expect(result.stderr).not.toContain("hunter2");
  });

  test("a redirect to another origin is refused: neither the token nor a value follows it", async () => {
    const seen: string[] = [];
    const other = await listenOnLoopback(http.createServer((request, response) => {
      seen.push(`${request.method} ${request.url} token=${String(request.headers["x-vault-token"])}`);
      response.end("{}");
    }));
    try {
      vault.redirectTo = other.origin;
      const result = await sync(["--env", "prod"]);
      expect(result.status).toBe(2);
      expect(result.stderr.split("\n")[0]).toBe(`error: vault: listing shop/prod/ failed (HTTP 307: redirected to ${other.origin}/v1/secret/metadata/shop/prod/?list=true; keystash does not follow redirects with the token: set VAULT_ADDR to the server itself)`);
      expect(seen).toEqual([]);
    } finally {
      await other.close();
    }
  });
});

describe("aws-secrets-manager", () => {
  const TWO = 'import { secret } from "keystash";\nexport const a = secret("ApiKey");\nexport const k = secret("Keep");\n';
  const user = appPerTest({ "keystash.yaml": CONFIG, "services/api/index.ts": TWO }, (user) => {
    grantProduction(user);
    user.ks(["secret", "set", "--prod", "ApiKey"], "api-prod");
    user.ks(["secret", "set", "--prod", "Keep"], "keep");
  });
  let aws: FakeAws;
  beforeEach(async () => {
    aws = await startFakeAws();
  });
  afterEach(() => aws.close());
  const sync = (args: string[]) => runCliAsync(["sync", "--env", "prod", "--to", "aws-secrets-manager", "--endpoint", aws.endpoint, "--yes", ...args], { cwd: user.app, env: { ...user.env, ...FAKE_AWS_ENV } });

  test("someone else's secret at keystash's name, scheduled for deletion, is not restored or overwritten", async () => {
    aws.secrets.set("shop/prod/api/ApiKey", { arn: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:theirs", tags: new Map([["team", "other"]]), versions: [{ id: "v1", value: "their-value", stages: ["AWSCURRENT"] }], deleted: new Date(Date.now() + 86_400_000) });
    const result = await sync([]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("aws-secrets-manager: shop/prod/api/ApiKey is scheduled for deletion and was not created by this keystash sync: not restored");
    const theirs = aws.secrets.get("shop/prod/api/ApiKey")!;
    expect([theirs.deleted !== undefined, theirs.versions.map((v) => v.value), [...theirs.tags.keys()]]).toEqual([true, ["their-value"], ["team"]]);
  });

  test("keystash's own pruned secret is restored on the next sync, and a value over 65,536 bytes is refused before any request", async () => {
    expect((await sync([])).status).toBe(0);
    require("node:fs").writeFileSync(`${user.app}/services/api/index.ts`, 'import { secret } from "keystash";\nexport const k = secret("Keep");\n');
    expect((await sync(["--prune"])).status).toBe(0);
    expect(aws.secrets.get("shop/prod/api/ApiKey")!.deleted).toBeDefined();
    require("node:fs").writeFileSync(`${user.app}/services/api/index.ts`, TWO);
    const restored = await sync([]);
    expect([restored.status, restored.stderr]).toEqual([0, ""]);
    expect(aws.secrets.get("shop/prod/api/ApiKey")!.deleted).toBeUndefined();
    user.ks(["secret", "set", "--prod", "ApiKey"], "x".repeat(70_000));
    const calls = aws.calls.length;
    const large = await sync([]);
    expect([large.status, large.stderr.split("\n").slice(0, 2)]).toEqual([2, ["error: aws-secrets-manager stores values of at most 65536 bytes; nothing was sent:", "  ApiKey: 70000 bytes"]]);
    expect(aws.calls.length).toBe(calls);
  });
});
