import { spawnSync } from "node:child_process";
import * as path from "node:path";

// keystash's own lint rules for its source (eslint.config.mjs), run through ESLint as `npm run lint` runs them.
const repo = path.resolve(__dirname, "../..");

// The ESLint CLI (its config is an ES module, which jest's module system cannot import).
async function messages(code: string): Promise<string[]> {
  const eslint = path.join(repo, "node_modules/eslint/bin/eslint.js");
  const run = spawnSync(process.execPath, [eslint, "--format", "json", "--stdin", "--stdin-filename", "src/probe.ts"], { cwd: repo, input: code, encoding: "utf8" });
  const [result] = JSON.parse(run.stdout) as { messages: { ruleId: string; message: string }[] }[];
  return result!.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

test("a require() inside a function must go through lazy()", async () => {
  expect(await messages('export function f(): unknown {\n  return require("./vendor/yaml");\n}\n')).toEqual([expect.stringMatching(/^no-restricted-syntax: load modules on first use with lazy/)]);
  expect(await messages('import { lazy } from "./lazy";\nexport const yaml = lazy(() => require("./vendor/yaml") as typeof import("yaml"));\n')).toEqual([]);
});

test("a bundled package is imported or required through src/vendor, its types from the package", async () => {
  expect(await messages('import { lazy } from "./lazy";\nexport const yaml = lazy(() => require("yaml") as typeof import("yaml"));\n')).toEqual(["no-restricted-syntax: a bundled package: require it from src/vendor (src/vendor/README.md)"]);
  expect(await messages('import picomatch from "picomatch";\nexport const m = picomatch("*.ts");\n')).toEqual([expect.stringMatching(/^no-restricted-imports: .*a bundled package: import it from src\/vendor/)]);
  expect(await messages('import type { Document } from "yaml";\nexport type D = Document;\n')).toEqual([]);
});

test("X25519 keys never come from generateKeyPairSync", async () => {
  const code = 'import * as crypto from "node:crypto";\nexport const pair = crypto.generateKeyPairSync("x25519");\n';
  expect(await messages(code)).toEqual([expect.stringMatching(/^no-restricted-properties: .*x25519FromScalar/)]);
});
