import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT, cleanEnv, tempDir, writeFiles } from "../helpers/cli";
import { initApp } from "../helpers/keystash-app";

// The runtime inside a bundle: every bundler's ESM and CommonJS output of a one-secret server
// starts and reads its value, from any working directory, and carries only the environment reader
// (the store tier comes from the keystash package beside the app, by package name, when a value is
// not in the environment). Real bundlers from devDependencies; the build script is
// fixtures/build-server.mjs, run in its own Node process as a user's build is.

const BUNDLERS = ["esbuild", "rollup", "rolldown", "vite", "webpack", "rspack"] as const;
const FORMATS = ["esm", "cjs"] as const;
/** The budget for what keystash adds to a bundle whose values come from the environment. */
const MAX_BUNDLE_BYTES = 30 * 1024;

const linked = ["esbuild", "rollup", "@rollup", "rolldown", "vite", "webpack", "@rspack"];

const MAIN = 'import { secret } from "keystash";\nconst apiToken = secret("ApiToken");\nconsole.log(`token:${apiToken()}`);\n';

function serverApp(): string {
  const dir = tempDir("keystash-bundle-safe-");
  writeFiles(dir, {
    "package.json": '{ "name": "one", "type": "module" }',
    "keystash.yaml": "app: one\n",
    "src/main.js": MAIN,
    ".secrets.local.cue": 'ApiToken: "from-cue"\n',
  });
  linkBundlers(dir);
  return dir;
}

/** node_modules with keystash and the bundlers, linked from this repository. */
function linkBundlers(dir: string): void {
  fs.mkdirSync(path.join(dir, "node_modules"), { recursive: true });
  fs.symlinkSync(REPO_ROOT, path.join(dir, "node_modules/keystash"), "dir");
  for (const name of linked) fs.symlinkSync(path.join(REPO_ROOT, "node_modules", name), path.join(dir, "node_modules", name), "dir");
}

/** Runs a bundle from the filesystem root, so nothing is found from the working directory. */
const start = (bundle: string, env: NodeJS.ProcessEnv) => spawnSync(process.execPath, [bundle], { cwd: "/", env: { ...cleanEnv(), ...env }, encoding: "utf8" });

describe.each(BUNDLERS)("%s", (bundler) => {
  test.each(FORMATS)("the %s output starts, reads its value from the environment or the store, and stays small", (format) => {
    const app = serverApp();
    const build = buildApp(app, bundler, format, "out");
    expect([build.status, build.stderr]).toEqual([0, ""]);
    const bundle = path.join(app, "out", format === "esm" ? "main.mjs" : "main.cjs");

    // Everything keystash adds when values come from the environment: no YAML, store or crypto.
    expect(fs.statSync(bundle).size).toBeLessThanOrEqual(MAX_BUNDLE_BYTES);
    expect(JSON.parse(fs.readFileSync(path.join(app, "out/keystash.manifest.json"), "utf8")).secrets.map((s: { name: string }) => s.name)).toEqual(["ApiToken"]);

    const fromEnv = start(bundle, { KEYSTASH_ENV: "production", ApiToken: "from-env" });
    expect([fromEnv.status, fromEnv.stdout, fromEnv.stderr]).toEqual([0, "token:from-env\n", ""]);
    // A value not in the environment: the store tier, found by package name from the bundle.
    const fromStore = start(bundle, { NODE_ENV: "development" });
    expect([fromStore.status, fromStore.stdout, fromStore.stderr]).toEqual([0, "token:from-cue\n", ""]);
    const missing = start(bundle, { KEYSTASH_ENV: "production" });
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toContain("keystash: 1 secret is not set in environment production (production):\n  ApiToken: never set");

    // The output folder alone (a container image with the bundle and its manifest, no node_modules).
    const image = tempDir("keystash-image-");
    fs.cpSync(path.join(app, "out"), image, { recursive: true });
    const alone = path.join(image, path.basename(bundle));
    expect(start(alone, { KEYSTASH_ENV: "production", ApiToken: "from-env" }).stdout).toBe("token:from-env\n");
    const noTier = start(alone, { KEYSTASH_ENV: "production" });
    expect(noTier.status).not.toBe(0);
    expect(noTier.stderr).toContain("keystash: ApiToken is not in the environment, and reading the store needs the keystash package, which is not installed beside this app");
  });
});

/** Builds the one-secret app with `bundler`; the result of the build script. */
const buildApp = (app: string, bundler: string, ...args: string[]) => buildWith({}, app, bundler, ...args);
const buildWith = (env: NodeJS.ProcessEnv, app: string, bundler: string, ...args: string[]) =>
  spawnSync(process.execPath, [path.join(__dirname, "fixtures/build-server.mjs"), bundler, ...args], { cwd: app, env: { ...cleanEnv(), NO_COLOR: "1", ...env }, encoding: "utf8" });

test("a keystash beside the bundle whose store tier speaks another interface is refused, not guessed at", () => {
  const app = serverApp();
  expect(buildApp(app, "esbuild", "esm", "out").status).toBe(0);
  const image = tempDir("keystash-image-");
  fs.cpSync(path.join(app, "out"), image, { recursive: true });
  writeFiles(image, {
    "node_modules/keystash/package.json": JSON.stringify({ name: "keystash", exports: { "./runtime-store": "./tier.js" } }),
    "node_modules/keystash/tier.js": "exports.STORE_TIER_VERSION = 999;\nexports.planFromStore = () => { throw new Error('must not be called'); };\n",
  });
  const result = start(path.join(image, "main.mjs"), { NODE_ENV: "development" });
  expect(result.status).not.toBe(0);
  expect(result.stderr).toContain("reads the store with interface 999, but the app was bundled with interface 2");
  expect(result.stderr).not.toContain("must not be called");
});

test.each(["webpack", "rspack"])("a %s build for target web that reaches a secret fails, naming it", (bundler) => {
  const app = serverApp();
  const result = buildApp(app, bundler, "esm", "out", "web");
  expect(result.status).not.toBe(0);
  expect(result.stderr).toContain("keystash: a client build reaches src/main.js (src/main.js), which declares a secret; secrets never go into a browser or edge bundle:");
  // Rspack prints the message with its quotes escaped.
  expect(result.stderr).toMatch(/secret\(\\?"ApiToken\\?"\) at src\/main\.js:2:18/);
  expect(fs.existsSync(path.join(app, "out/main.mjs"))).toBe(false);
});

describe("a current store value in the output fails the build, and nothing that holds it is left on disk", () => {
  // The value reaches the bundle the way values do leak: inlined as a string (a define, a copied .env line).
  const value = ["tok", "live", "9f8e7d6c5b4a"].join("_");
  const leakyApp = () => {
    const user = initApp({ "src/main.js": `${MAIN}export const fallback = ${JSON.stringify(value)};\n` });
    expect(user.ks(["secret", "set", "--type", "local", "ApiToken"], value).status).toBe(0);
    linkBundlers(user.app);
    return user;
  };

  test.each(BUNDLERS)("%s", (bundler) => {
    const user = leakyApp();
    const result = buildWith(user.env, user.app, bundler, "esm", "out");
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/keystash: the build output holds (a store value|\d store values); a bundle never carries a secret's value/);
    expect(result.stderr).toMatch(/out\/main\.mjs:\d+:\d+ - store value: your local ApiToken/);
    expect(result.stderr).not.toContain(value);
    expect(fs.existsSync(path.join(user.app, "out/main.mjs"))).toBe(false);
  });

  test("the check runs only with an identity, unless scanValues asks for it; scanValues: false turns it off", () => {
    const user = leakyApp();
    const noIdentity = { XDG_CONFIG_HOME: tempDir("keystash-home-") };
    expect(buildWith(noIdentity, user.app, "esbuild", "esm", "out").status).toBe(0);
    const required = buildWith({ ...noIdentity, KEYSTASH_PLUGIN_OPTIONS: '{ "scanValues": true }' }, user.app, "esbuild", "esm", "out2");
    expect(required.status).not.toBe(0);
    expect(required.stderr).toContain("keystash: scanValues is on, but no identity was found to read the store with");
    expect(buildWith({ ...user.env, KEYSTASH_PLUGIN_OPTIONS: '{ "scanValues": false }' }, user.app, "esbuild", "esm", "out3").status).toBe(0);
  });
});
