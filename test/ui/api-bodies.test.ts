import * as http from "node:http";
import * as path from "node:path";
import { REPO_ROOT } from "../helpers/cli";
import { grantProduction, sharedApp } from "../helpers/keystash-app";

// The dashboard's API with bodies of every wrong shape: each is a 400 with a message (or works,
// when the shape happens to be right), never a 500. No browser needed.

function post(port: number, token: string, pathname: string, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: "127.0.0.1", port, method: "POST", path: pathname, headers: { Host: `127.0.0.1:${port}`, Origin: `http://127.0.0.1:${port}`, Authorization: `Bearer ${token}`, "Content-Type": "application/json" } },
      (response) => {
        let text = "";
        response.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, text }));
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}

const SHAPES = ["[]", '"x"', "null", "5", "{}", '{"types":5}', '{"types":"production"}', '{"types":[5]}', '{"types":[{}]}', '{"envs":{"a":1}}', '{"types":["development"],"value":5}', '{"types":["development"],"value":{"toString":"x"}}', '{"selector":"x"}', '{"selector":{"types":5}}', '{"selector":[]}', '{"to":"abc"}', '{"to":-1,"selector":{"types":["development"],"envs":[]}}', '{"grantProduction":"yes","types":["production"],"value":"v"}', '{"__proto__":{"types":["production"]},"value":"v"}'];
const ENDPOINTS = ["set", "unset", "rollback", "reveal", "history", "delete"].map((action) => `/api/secrets/ApiKey/${action}`).concat(["/api/secrets/constructor/set", "/api/secrets/..%2F..%2Fx/set", "/api/access/sync"]);

describe("the dashboard API refuses wrong shapes with a 400, never a 500", () => {
  const user = sharedApp({ "src/a.ts": 'import { secret } from "keystash";\nexport const k = secret("ApiKey");\n' }, (user) => {
    grantProduction(user);
    user.ks(["secret", "set", "--dev", "ApiKey"], "dev-value");
  });
  let dashboard: { url: string; port: number; close(): Promise<void> };
  beforeAll(async () => {
    const { startDashboard } = require(path.join(REPO_ROOT, "dist/ui/server.js")) as typeof import("../../src/ui/server");
    const { loadConfig } = require(path.join(REPO_ROOT, "dist/project/config.js")) as typeof import("../../src/project/config");
    const { loadIdentities } = require(path.join(REPO_ROOT, "dist/store/identity.js")) as typeof import("../../src/store/identity");
    dashboard = await startDashboard({ root: user.app, config: loadConfig(user.app), cwd: user.app }, loadIdentities({ XDG_CONFIG_HOME: user.home }), { log: () => undefined });
  });
  afterAll(() => dashboard?.close());

  test(`${SHAPES.length} shapes × ${ENDPOINTS.length} endpoints`, async () => {
    const token = new URL(dashboard.url).hash.slice("#token=".length);
    const failures: string[] = [];
    for (const endpoint of ENDPOINTS) {
      // `delete` would succeed on a right shape and change what the next requests see: it goes last.
      for (const body of SHAPES) {
        const { status, text } = await post(dashboard.port, token, endpoint, body);
        if (status >= 500 || (status !== 200 && !/"error":"[^"]+"/.test(text))) failures.push(`${endpoint} ${body}: ${status} ${text}`);
      }
    }
    expect(failures).toEqual([]);
  });
});

function get(port: number, token: string, pathname: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: "127.0.0.1", port, path: pathname, headers: { Host: `127.0.0.1:${port}`, Authorization: `Bearer ${token}` } }, (response) => {
        let text = "";
        response.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, text }));
      })
      .on("error", reject);
  });
}

describe("the dashboard gets a problem's fix as data, to offer as its own action", () => {
  const user = sharedApp({ "src/a.ts": 'import { secret } from "keystash";\nexport const k = secret("ApiKey");\nexport const o = secret("OtherKey");\n' }, (user) => {
    user.ks(["secret", "set", "--dev", "ApiKey"], "dev-value");
  });
  let dashboard: { url: string; port: number; close(): Promise<void> };
  let token: string;
  beforeAll(async () => {
    const { startDashboard } = require(path.join(REPO_ROOT, "dist/ui/server.js")) as typeof import("../../src/ui/server");
    const { loadConfig } = require(path.join(REPO_ROOT, "dist/project/config.js")) as typeof import("../../src/project/config");
    const { loadIdentities } = require(path.join(REPO_ROOT, "dist/store/identity.js")) as typeof import("../../src/store/identity");
    dashboard = await startDashboard({ root: user.app, config: loadConfig(user.app), cwd: user.app }, loadIdentities({ XDG_CONFIG_HOME: user.home }), { log: () => undefined });
    token = new URL(dashboard.url).hash.slice("#token=".length);
  });
  afterAll(() => dashboard?.close());

  test("a refused write: the error, the CLI's words, and the fix as data", async () => {
    const { status, text } = await post(dashboard.port, token, "/api/secrets/OtherKey/unset", JSON.stringify({ types: ["local"] }));
    expect(status).toBe(400);
    expect(JSON.parse(text)).toEqual({ error: "no secret named 'OtherKey' in the store", hint: "see `keystash secret list`", fix: { kind: "listSecrets" } });
  });

  test("a missing cell carries its fix: set it for the column's type", async () => {
    const state = JSON.parse((await get(dashboard.port, token, "/api/state")).text) as { secrets: { name: string; cells: Record<string, { state: string; fix: unknown }> }[] };
    const other = state.secrets.find((s) => s.name === "OtherKey")!;
    expect(other.cells.production).toEqual(expect.objectContaining({ state: "missing", fix: { kind: "set", name: "OtherKey", type: "production" } }));
    const api = state.secrets.find((s) => s.name === "ApiKey")!;
    expect(api.cells.development).toEqual(expect.objectContaining({ state: "set", fix: null }));
  });
});

