import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { cleanEnv, tempDir } from "../helpers/cli";
import { installApp } from "./installed";

// What an app's production image holds of keystash: `npm install --omit=dev` of the packed
// package in an app that keeps TypeScript as a dev dependency. keystash's own dependencies are
// bundled into dist/vendor (scripts/build-vendor.js), so the image gets one package.
const MAX_INSTALL_BYTES = 2 * 1024 * 1024;

/** Every file's size under `dir`, links not followed. */
function bytesUnder(dir: string): number {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) total += bytesUnder(full);
    else if (entry.isFile()) total += fs.statSync(full).size;
  }
  return total;
}

describe("a production install", () => {
  let app: string;
  beforeAll(() => {
    const installed = installApp(
      { "main.js": 'const { secret } = require("keystash");\nconst token = secret("ApiToken");\nconsole.log(`token:${token()}`);\n' },
      { typescript: "6.0.3" },
      {},
      { omitDev: true },
    );
    if (installed.status !== 0) throw new Error(installed.output);
    app = installed.app;
  });

  test("holds keystash alone, under 2 MB: no TypeScript, parser, ESLint or any other package", () => {
    const packages = fs.readdirSync(path.join(app, "node_modules")).filter((name) => !name.startsWith("."));
    expect(packages).toEqual(["keystash"]);
    expect(bytesUnder(path.join(app, "node_modules"))).toBeLessThanOrEqual(MAX_INSTALL_BYTES);
    // The bundled packages' licenses ship with them.
    expect(fs.readFileSync(path.join(app, "node_modules/keystash/dist/vendor/LICENSES.md"), "utf8")).toContain("## yaml ");
  });

  test("the app reads its values, and the CLI runs on its bundled packages", () => {
    const env = { ...cleanEnv(), XDG_CONFIG_HOME: tempDir("keystash-home-") };
    const started = spawnSync(process.execPath, ["main.js"], { cwd: app, env: { ...env, KEYSTASH_ENV: "production", ApiToken: "from-env" }, encoding: "utf8" });
    expect([started.status, started.stdout, started.stderr]).toEqual([0, "token:from-env\n", ""]);
    const bin = path.join(app, "node_modules/.bin/keystash");
    const init = spawnSync(bin, ["init"], { cwd: app, env, encoding: "utf8" });
    expect([init.status, init.stderr]).toEqual([0, ""]);
    const set = spawnSync(bin, ["secret", "set", "--type", "local", "ApiToken"], { cwd: app, env, input: "from-store", encoding: "utf8" });
    expect(set.status).toBe(0);
    const local = spawnSync(process.execPath, ["main.js"], { cwd: app, env: { ...env, NODE_ENV: "development" }, encoding: "utf8" });
    expect([local.status, local.stdout]).toEqual([0, "token:from-store\n"]);
  });
});
