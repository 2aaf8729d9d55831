import * as grpc from "@grpc/grpc-js";
import { SecretManagerServiceClient } from "@google-cloud/secret-manager";
import { runCliAsync } from "../helpers/cli";
import { appPerTest, grantProduction } from "../helpers/keystash-app";
import { startFakeGcp, type FakeGcp } from "./fake-gcp";

describe("keystash sync --to gcp-secret-manager, through the official SDK (gRPC) against a loopback server", () => {
  const user = appPerTest({
    "keystash.yaml": "app: shop\nservices:\n  api: services/api\n  worker: services/worker\n",
    "services/api/index.ts": 'import { secret } from "keystash";\nexport const a = secret("ApiKey");\n',
    "services/worker/index.ts": 'import { secret } from "keystash";\nexport const q = secret("QueueToken");\n',
  }, (user) => {
    grantProduction(user);
    user.ks(["secret", "set", "--prod", "ApiKey"], "api-1");
    user.ks(["secret", "set", "--prod", "QueueToken"], "queue-1");
  });
  // Each test starts from its own app and an empty project.
  let gcp: FakeGcp;
  beforeEach(async () => {
    gcp = await startFakeGcp();
  });
  afterEach(() => gcp.close());
  const sync = (args: string[]) =>
    runCliAsync(["sync", "--env", "prod", "--to", "gcp-secret-manager", "--project", gcp.project, "--endpoint", gcp.endpoint, "--yes", ...args], { cwd: user.app, env: { ...user.env, METADATA_SERVER_DETECTION: "none" } });
  const latest = async (id: string) => {
    const [host, port] = gcp.endpoint.split(":");
    const client = new SecretManagerServiceClient({ servicePath: host, port: Number(port), sslCreds: grpc.credentials.createInsecure() });
    const [version] = await client.accessSecretVersion({ name: `projects/${gcp.project}/secrets/${id}/versions/latest` });
    await client.close();
    return Buffer.from(version.payload!.data as Uint8Array).toString("utf8");
  };

  test("creates one labelled secret per service, a rerun is all unchanged", async () => {
    const first = await sync([]);
    expect([first.status, first.stderr]).toEqual([0, ""]);
    expect([...gcp.secrets.keys()].sort()).toEqual(["shop-production--api--ApiKey", "shop-production--worker--QueueToken"]);
    expect(gcp.secrets.get("shop-production--api--ApiKey")!.labels).toMatchObject({ "keystash-managed": "true", "keystash-service": "api", "keystash-fingerprint": expect.stringMatching(/^[0-9a-f]{48}$/) });
    expect(await latest("shop-production--api--ApiKey")).toBe("api-1");
    const again = await sync(["--json"]);
    expect((JSON.parse(again.stdout) as { plan: { action: string }[] }).plan.map((e) => e.action)).toEqual(["unchanged", "unchanged"]);
    expect(gcp.secrets.get("shop-production--api--ApiKey")!.versions).toHaveLength(1);
  });

  test("a change is a new version and the older one is disabled, never destroyed", async () => {
    expect((await sync([])).status).toBe(0);
    user.ks(["secret", "set", "--prod", "ApiKey"], "api-2");
    gcp.exhausted = 1; // a quota error on the first call: the SDK retries it
    const result = await sync([]);
    expect([result.status, result.stderr]).toEqual([0, ""]);
    expect(gcp.secrets.get("shop-production--api--ApiKey")!.versions.map((v) => [v.data.toString(), v.state])).toEqual([["api-1", "DISABLED"], ["api-2", "ENABLED"]]);
    expect(await latest("shop-production--api--ApiKey")).toBe("api-2");
  });

  test("--service with --prune touches only that service's secrets", async () => {
    expect((await sync([])).status).toBe(0);
    const fs = require("node:fs") as typeof import("node:fs");
    fs.writeFileSync(`${user.app}/services/api/index.ts`, "export const nothing = 1;\n");
    const result = await sync(["--service", "worker", "--prune"]);
    expect(result.status).toBe(0);
    expect([...gcp.secrets.keys()].sort()).toEqual(["shop-production--api--ApiKey", "shop-production--worker--QueueToken"]);
    const all = await sync(["--prune"]);
    expect([all.status, all.stdout, all.stderr]).toEqual([0, expect.stringContaining("delete"), ""]);
    expect([...gcp.secrets.keys()]).toEqual(["shop-production--worker--QueueToken"]);
  });

  test("permission denied: one line naming the target, exit 2", async () => {
    gcp.denied = true;
    const result = await sync([]);
    gcp.denied = false;
    expect(result.status).toBe(2);
    expect(result.stderr).toBe("error: gcp-secret-manager: listing secrets failed (gRPC status 7)\nhint: the credentials lack a permission on that secret or prefix: grant it (scoping the policy to the prefix is enough)\n");
  });
});
