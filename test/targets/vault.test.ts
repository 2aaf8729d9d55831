import * as fs from "node:fs";
import { runCliAsync } from "../helpers/cli";
import { appPerTest, grantProduction } from "../helpers/keystash-app";
import { startFakeVault, type FakeVault } from "./fake-vault";

describe("keystash sync --to vault (KV v2 over HTTP) against a loopback server", () => {
  const user = appPerTest({
    "keystash.yaml": "app: shop\nservices:\n  api: services/api\n",
    "services/api/index.ts": 'import { secret } from "keystash";\nexport const a = secret("ApiKey");\nexport const b = secret("DbPassword");\n',
  }, (user) => {
    grantProduction(user);
    user.ks(["secret", "set", "--prod", "ApiKey"], "api-1");
    user.ks(["secret", "set", "--prod", "DbPassword"], "db-1");
  });
  // Each test starts from its own app and an empty mount.
  let vault: FakeVault;
  beforeEach(async () => {
    vault = await startFakeVault();
  });
  afterEach(() => vault.close());
  const sync = (args: string[], env: NodeJS.ProcessEnv = {}) =>
    runCliAsync(["sync", "--env", "production", "--to", "vault", "--yes", ...args], { cwd: user.app, env: { ...user.env, VAULT_ADDR: vault.address, VAULT_TOKEN: vault.token, ...env } });

  test("writes each value once with keystash's custom metadata; a rerun is all unchanged", async () => {
    const first = await sync([]);
    expect([first.status, first.stderr]).toEqual([0, ""]);
    expect([...vault.secrets.keys()].sort()).toEqual(["shop/production/api/ApiKey", "shop/production/api/DbPassword"]);
    expect(vault.secrets.get("shop/production/api/ApiKey")).toMatchObject({ versions: [{ value: "api-1" }], custom: { "keystash-managed": "true", "keystash-service": "api" } });
    const second = await sync(["--json"]);
    expect((JSON.parse(second.stdout) as { plan: { action: string }[] }).plan.map((e) => e.action)).toEqual(["unchanged", "unchanged"]);
    expect(vault.secrets.get("shop/production/api/ApiKey")!.versions).toHaveLength(1);
  });

  test("a changed value is one new version; --prune leaves what keystash did not create", async () => {
    expect((await sync([])).status).toBe(0);
    user.ks(["secret", "set", "--prod", "DbPassword"], "db-2");
    vault.secrets.set("shop/production/api/Manual", { versions: [{ value: "theirs" }], custom: {} });
    fs.writeFileSync(`${user.app}/services/api/index.ts`, 'import { secret } from "keystash";\nexport const b = secret("DbPassword");\n');
    const result = await sync(["--prune"]);
    expect(result.status).toBe(0);
    expect(vault.secrets.get("shop/production/api/DbPassword")!.versions.map((v) => v.value)).toEqual(["db-1", "db-2"]);
    expect(vault.secrets.has("shop/production/api/ApiKey")).toBe(false);
    expect(vault.secrets.get("shop/production/api/Manual")!.versions).toEqual([{ value: "theirs" }]);
  });

  test("a rate limit is retried; a wrong token is one line and exit 2", async () => {
    vault.rateLimit = 2;
    expect((await sync([])).status).toBe(0);
    const denied = await sync([], { VAULT_TOKEN: "hvs.wrong" });
    expect(denied.status).toBe(2);
    expect(denied.stderr).toBe("error: vault: listing shop/production/ failed (permission denied)\nhint: the credentials lack a permission on that secret or prefix: grant it (scoping the policy to the prefix is enough)\n");
    const missing = await sync([], { VAULT_TOKEN: "" });
    expect(missing.stderr.split("\n")[0]).toBe("error: vault: no token: set VAULT_TOKEN (as the vault CLI reads it)");
  });
});
