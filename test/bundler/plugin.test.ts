import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT, cleanEnv, runCli, tempDir, writeFiles } from "../helpers/cli";

// keystash's bundler plugin with the real bundlers from this repository's devDependencies
// (Vite 8 on Rolldown, esbuild): each build script runs in its own Node process, as a user's
// build does. The plugin fails the build on a finding and on a secret in a client build, and
// writes each output's manifest with exactly the secrets that output's modules declare.

const SERVER = {
  "package.json": '{ "name": "shop", "type": "module" }',
  "keystash.yaml": "app: shop\n",
  "src/db.ts": 'import { secret } from "keystash";\nexport const dbPassword = secret("DbPassword");\n',
  "src/billing.ts": 'import { secret } from "keystash";\nexport const stripeKey = secret("StripeKey");\n',
  "src/server.ts": 'import { dbPassword } from "./db";\nconsole.log(`db:${dbPassword()}`);\n',
  "src/worker.ts": 'import { stripeKey } from "./billing";\nconsole.log(`stripe:${stripeKey().length}`);\n',
};

function app(files: Record<string, string>): string {
  const dir = tempDir("keystash-bundle-");
  writeFiles(dir, files);
  fs.mkdirSync(path.join(dir, "node_modules"));
  for (const name of ["keystash", "vite", "esbuild", "rollup"]) fs.symlinkSync(name === "keystash" ? REPO_ROOT : path.join(REPO_ROOT, "node_modules", name), path.join(dir, "node_modules", name), "dir");
  return dir;
}

const node = (dir: string, args: string[], env: NodeJS.ProcessEnv = {}) => spawnSync(process.execPath, args, { cwd: dir, env: { ...cleanEnv(), NO_COLOR: "1", ...env }, encoding: "utf8" });
const manifestNames = (file: string) => (JSON.parse(fs.readFileSync(file, "utf8")) as { secrets: { name: string }[] }).secrets.map((s) => s.name);

describe("esbuild", () => {
  const script = (entry: string, extra = "") => `import { build } from "esbuild";\nimport keystash from "keystash/esbuild";\nawait build({ entryPoints: ["${entry}"], bundle: true, format: "esm", outdir: "out", packages: "external", logLevel: "silent", plugins: [keystash()], ${extra} });\n`;

  test("each output's manifest holds exactly the secrets its entry reaches, and the bundle runs", () => {
    const dir = app({ ...SERVER, "build-server.mjs": script("src/server.ts", 'platform: "node", outdir: "out/server"'), "build-worker.mjs": script("src/worker.ts", 'platform: "node", outdir: "out/worker"') });
    for (const file of ["build-server.mjs", "build-worker.mjs"]) expect(node(dir, [file]).status).toBe(0);
    expect(manifestNames(path.join(dir, "out/server/keystash.manifest.json"))).toEqual(["DbPassword"]);
    expect(manifestNames(path.join(dir, "out/worker/keystash.manifest.json"))).toEqual(["StripeKey"]);
    const run = node(dir, ["out/server/server.js"], { KEYSTASH_ENV: "production", DbPassword: "pw" });
    expect([run.status, run.stdout]).toEqual([0, "db:pw\n"]);
    // The runtime finds the bundle's own manifest next to it: the worker's secret is not required by the server.
    const missing = node(dir, ["out/server/server.js"], { KEYSTASH_ENV: "production" });
    expect(missing.stderr).toContain("keystash: 1 secret is not set in environment production (production):\n  DbPassword");
  });

  test("a browser build (esbuild's default platform) that reaches a secret fails, naming it", () => {
    const dir = app({ ...SERVER, "src/main.ts": 'import { dbPassword } from "./db";\ndocument.title = String(dbPassword);\n', "build.mjs": script("src/main.ts") });
    const result = node(dir, ["build.mjs"]);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain("keystash: a client build reaches src/db.ts (src/db.ts), which declares a secret; secrets never go into a browser or edge bundle:\n  secret(\"DbPassword\") at src/db.ts:2:27");
    expect(fs.existsSync(path.join(dir, "out"))).toBe(false);
  });

  test("a finding fails the build with the CLI's code and position", () => {
    const dir = app({ ...SERVER, "src/bad.ts": 'import { secret } from "keystash";\nexport function f() {\n  return secret("Inside");\n}\n', "src/server.ts": 'import { f } from "./bad";\nf();\n', "build.mjs": script("src/server.ts", 'platform: "node"') });
    const result = node(dir, ["build.mjs"]);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain("src/bad.ts:3:10 - KS1001:");
  });
});

/** Vite's CLI from this repository, and a config with nothing but keystash's plugin. */
const VITE = path.join(REPO_ROOT, "node_modules/vite/bin/vite.js");
const VITE_CONFIG = 'import keystash from "keystash/vite";\nexport default { logLevel: "silent", plugins: [keystash()] };\n';

describe("vite", () => {
  test("an SSR build writes the manifest into its outDir; the client build of the same app that reaches a secret fails, naming the import chain", () => {
    const dir = app({
      ...SERVER,
      "index.html": '<!doctype html><script type="module" src="/src/main.ts"></script>\n',
      "src/main.ts": 'import { show } from "./view";\nshow();\n',
      "src/view.ts": 'import { dbPassword } from "./db";\nexport const show = () => { document.title = dbPassword.name; };\n',
      "vite.config.mjs": 'import keystash from "keystash/vite";\nexport default { logLevel: "silent", plugins: [keystash()], build: { outDir: "dist" } };\n',
    });
    const vite = VITE;
    const ssr = node(dir, [vite, "build", "--ssr", "src/server.ts", "--outDir", "dist-server"]);
    expect([ssr.status, ssr.stderr]).toEqual([0, ""]);
    expect(manifestNames(path.join(dir, "dist-server/keystash.manifest.json"))).toEqual(["DbPassword"]);
    const client = node(dir, [vite, "build"]);
    expect(client.status).not.toBe(0);
    expect(client.stdout + client.stderr).toContain("keystash: a client build reaches src/db.ts (index.html → src/main.ts → src/view.ts → src/db.ts), which declares a secret");
    expect(fs.existsSync(path.join(dir, "dist/keystash.manifest.json"))).toBe(false);
  });
});

test("vite: what a client and an SSR build leave in outDirs of any name is build output to `check`, and its summary agrees with its exit code", () => {
  const dir = app({
    ...SERVER,
    "index.html": '<!doctype html><script type="module" src="/src/main.ts"></script>\n',
    "src/main.ts": 'document.title = "shop";\n',
    "vite.config.mjs": VITE_CONFIG,
  });
  const vite = VITE;
  expect(node(dir, [vite, "build", "--outDir", "web-out"]).status).toBe(0);
  expect(node(dir, [vite, "build", "--ssr", "src/server.ts", "--outDir", "server-out"]).status).toBe(0);
  // The client output is marked with a manifest that lists no secret.
  expect(manifestNames(path.join(dir, "web-out/keystash.manifest.json"))).toEqual([]);
  const check = runCli(["check", "--env", "production"], { cwd: dir, env: { XDG_CONFIG_HOME: tempDir("keystash-home-") } });
  expect(check.stdout + check.stderr).not.toMatch(/out\/[^ ]*\.m?js/);
  expect(check.stdout).toContain("(skipped: server-out/, web-out/)");
  expect(check.stdout).toContain("DbPassword");
  expect(check.stdout).toContain("StripeKey");
  expect(check.status).toBe(1);
});

test("vite dev server: a client module that declares a secret is refused when it is served; the server side still loads it", () => {
  const dir = app({ ...SERVER, "vite.config.mjs": VITE_CONFIG });
  writeFiles(dir, {
    "dev.mjs": [
      'import { createServer } from "vite";',
      "const server = await createServer({ server: { middlewareMode: true, ws: false } });",
      "const outcome = (promise) => promise.then(() => 'served', (error) => `refused: ${error.message}`);",
      'console.log(await outcome(server.environments.client.transformRequest("/src/db.ts")));',
      'console.log(await outcome(server.environments.ssr.transformRequest("/src/db.ts")));',
      "await server.close();",
    ].join("\n"),
  });
  const result = node(dir, ["dev.mjs"]);
  expect(result.stdout).toBe('refused: keystash: a client build reaches src/db.ts (src/db.ts), which declares a secret; secrets never go into a browser or edge bundle:\n  secret("DbPassword") at src/db.ts:2:27\nmove the code that reads them to the server, and pass the client only what it may show\nserved\n');
});

test("vite + React, the README's example: the server module reads the secret; a client component that imports it stops the build with the chain", () => {
  const weather = [
    'import { secret } from "keystash";',
    'const weatherKey = secret("WeatherApiKey");',
    "export async function forecast(city: string) {",
    "  const response = await fetch(`https://api.example.com/forecast?city=${encodeURIComponent(city)}`, { headers: { authorization: `Bearer ${weatherKey()}` } });",
    "  return response.json();",
    "}",
  ].join("\n");
  const component = (extra: string) =>
    [
      'import { useEffect, useState } from "react";',
      extra,
      "export function Forecast({ city }: { city: string }) {",
      "  const [data, setData] = useState<unknown>();",
      "  useEffect(() => void fetch(`/api/forecast?city=${city}`).then((r) => r.json()).then(setData), [city]);",
      "  return <pre>{JSON.stringify(data)}</pre>;",
      "}",
    ].join("\n");
  const files = {
    "package.json": '{ "name": "weather", "type": "module" }',
    "keystash.yaml": "app: weather\n",
    "index.html": '<!doctype html><div id="root"></div><script type="module" src="/src/client/main.tsx"></script>\n',
    "src/client/main.tsx": 'import { createRoot } from "react-dom/client";\nimport { Forecast } from "./Forecast";\ncreateRoot(document.getElementById("root")!).render(<Forecast city="Oslo" />);\n',
    "src/client/Forecast.tsx": component(""),
    "src/server/weather.ts": weather,
    "src/server/api.ts": 'import { forecast } from "./weather";\nexport const handle = (city: string) => forecast(city);\n',
    "vite.config.mjs": VITE_CONFIG,
  };
  const dir = app(files);
  for (const name of ["react", "react-dom", "scheduler"]) fs.symlinkSync(path.join(REPO_ROOT, "node_modules", name), path.join(dir, "node_modules", name), "dir");
  const vite = VITE;
  const client = node(dir, [vite, "build"]);
  expect([client.status, client.stderr]).toEqual([0, ""]);
  const server = node(dir, [vite, "build", "--ssr", "src/server/api.ts", "--outDir", "dist-server"]);
  expect([server.status, server.stderr]).toEqual([0, ""]);
  expect(manifestNames(path.join(dir, "dist-server/keystash.manifest.json"))).toEqual(["WeatherApiKey"]);

  writeFiles(dir, { "src/client/Forecast.tsx": component('import { forecast } from "../server/weather";\nvoid forecast;') });
  const leaking = node(dir, [vite, "build"]);
  expect(leaking.status).not.toBe(0);
  expect(leaking.stdout + leaking.stderr).toContain(
    "keystash: a client build reaches src/server/weather.ts (index.html → src/client/main.tsx → src/client/Forecast.tsx → src/server/weather.ts), which declares a secret",
  );
});

describe("rollup", () => {
  // Rollup reads JavaScript itself: the app here is plain ES modules.
  const JS = {
    "package.json": '{ "name": "shop", "type": "module" }',
    "keystash.yaml": "app: shop\n",
    "src/db.js": 'import { secret } from "keystash";\nexport const dbPassword = secret("DbPassword");\n',
    "src/billing.js": 'import { secret } from "keystash";\nexport const stripeKey = secret("StripeKey");\n',
    "src/server.js": 'import { dbPassword } from "./db.js";\nconsole.log(`db:${dbPassword()}`);\n',
    "src/widget.js": 'import { dbPassword } from "./db.js";\nexport const w = () => dbPassword.name;\n',
  };
  const script = (entry: string, options = "") => `import { rollup } from "rollup";\nimport keystash from "keystash/rollup";\nconst bundle = await rollup({ input: "${entry}", external: ["keystash"], plugins: [keystash(${options})] });\nawait bundle.write({ dir: "out", format: "es" });\n`;

  test("the output's manifest holds what its modules declare, and the bundle runs", () => {
    const dir = app({ ...JS, "build.mjs": script("src/server.js") });
    const built = node(dir, ["build.mjs"]);
    expect([built.status, built.stderr]).toEqual([0, ""]);
    expect(manifestNames(path.join(dir, "out/keystash.manifest.json"))).toEqual(["DbPassword"]);
    expect(node(dir, ["out/server.js"], { KEYSTASH_ENV: "production", DbPassword: "pw" }).stdout).toBe("db:pw\n");
  });

  test("a build marked client fails with the import chain from the module graph", () => {
    const dir = app({ ...JS, "src/main.js": 'import { w } from "./widget.js";\nw();\n', "build.mjs": script("src/main.js", "{ client: true }") });
    const result = node(dir, ["build.mjs"]);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain("keystash: a client build reaches src/db.js (src/main.js → src/widget.js → src/db.js), which declares a secret");
    expect(fs.existsSync(path.join(dir, "out"))).toBe(false);
  });
});
