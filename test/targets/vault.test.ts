import { spawn } from "node:child_process";
import * as fs from "node:fs";
import { KEYSTASH_BIN, cleanEnv, runCliAsync } from "../helpers/cli";
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

  test("on a terminal, apply counts the changes as they land, then clears the line; the plan fits COLUMNS", async () => {
    // A pseudo-terminal from util-linux's `script`, so stderr is a TTY; async, since this thread serves the fake vault.
    const command = `${process.execPath} ${KEYSTASH_BIN} sync --env production --to vault --yes`;
    const env = { ...cleanEnv(), ...user.env, VAULT_ADDR: vault.address, VAULT_TOKEN: vault.token, NO_COLOR: "1", COLUMNS: "40" };
    const child = spawn("script", ["-qfec", command, "/dev/null"], { cwd: user.app, env });
    let text = "";
    child.stdout.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
    const status = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(status).toBe(0);
    expect(text).toContain("applying 1 of 2 to vault…");
    expect(text).toContain("applying 2 of 2 to vault…\r\u001b[K");
    expect(text).toContain("Applied 2 of 2 changes.");
    const tableLines = text.split(/\r?\n/).filter((line) => line.startsWith("create") || line.startsWith("Action"));
    expect(tableLines).toHaveLength(3);
    for (const line of tableLines) expect(line.length).toBeLessThanOrEqual(40);
    expect(tableLines[1]).toMatch(/…/);
  });
});
