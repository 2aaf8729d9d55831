import { spawnSync } from "node:child_process";
import { linkKeystash } from "../helpers/app";
import { cleanEnv, tempDir, writeFiles } from "../helpers/cli";

// The runtime is what every app pays for at start-up: it loads its own few modules and nothing
// else until a value must come from the store. A new eager import fails this test.
const probe = [
  'const { secret } = require("keystash");',
  'const a = secret("Alpha"); a();',
  "const mine = Object.keys(require.cache).filter((f) => f.includes('/dist/')).map((f) => f.slice(f.indexOf('/dist/') + 6)).sort();",
  "const others = Object.keys(require.cache).filter((f) => f.includes('/node_modules/') && !f.includes('/dist/'));",
  "console.log(JSON.stringify({ mine, others }));",
].join("\n");

function loadedModules(env: NodeJS.ProcessEnv): { mine: string[]; others: string[] } {
  const app = tempDir("keystash-startup-");
  writeFiles(app, { "package.json": "{}", "keystash.manifest.json": JSON.stringify({ version: 1, secrets: [{ name: "Alpha", services: [], declarations: [] }] }), "probe.js": probe });
  linkKeystash(app);
  const result = spawnSync(process.execPath, ["probe.js"], { cwd: app, env: { ...cleanEnv(), ...env }, encoding: "utf8" });
  if (result.status !== 0) throw new Error(result.stderr);
  return JSON.parse(result.stdout) as { mine: string[]; others: string[] };
}

test("with every value in the environment the runtime loads only its own small modules", () => {
  expect(loadedModules({ Alpha: "from-env" })).toEqual({
    mine: ["analyzer/names.js", "project/env-types.js", "project/file-names.js", "runtime/errors.js", "runtime/index.js", "runtime/loader.js", "runtime/names.js", "runtime/secret.js", "runtime/store-tier-version.js"].sort(),
    others: [],
  });
});
