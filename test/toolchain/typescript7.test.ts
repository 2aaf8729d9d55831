import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { cleanEnv } from "../helpers/cli";
import { installApp, type InstalledApp } from "./installed";

// An app on TypeScript 7 (the native compiler: no JavaScript API, no transformer plugins)
// installs keystash with plain `npm install`, and the CLI analyses it with the TypeScript 6
// API that TS 7 apps install for tools (@typescript/typescript6), never with the app's compiler.

const FILES = {
  "src/app.ts": 'import { secret } from "keystash";\nexport const token = secret("Token");\nexport const other = secret("OtherKey");\n',
  "tsconfig.json": '{ "compilerOptions": { "strict": true, "module": "nodenext", "noEmit": true } }\n',
};

let installed: InstalledApp;
beforeAll(() => {
  installed = installApp(FILES, { typescript: "7.0.2", "@typescript/typescript6": "6.0.2" });
}, 300_000);

const home = () => path.join(installed.app, ".home");
const ks = (bin: string, args: string[], input?: string) =>
  spawnSync(path.join(installed.app, "node_modules/.bin", bin), args, { cwd: installed.app, env: { ...cleanEnv(), XDG_CONFIG_HOME: home(), NO_COLOR: "1" }, encoding: "utf8", input });

test("npm install succeeds with no peer error and no flag", () => {
  expect([installed.status, installed.output]).toEqual([0, expect.not.stringMatching(/ERESOLVE|peer|conflict/i)]);
  expect(JSON.parse(fs.readFileSync(path.join(installed.app, "node_modules/typescript/package.json"), "utf8")).version).toBe("7.0.2");
});

test("the app's own compiler is TypeScript 7 and type-checks it", () => {
  const tsc = spawnSync(path.join(installed.app, "node_modules/.bin/tsc"), ["-p", "."], { cwd: installed.app, encoding: "utf8" });
  expect([tsc.status, tsc.stdout]).toEqual([0, ""]);
});

test("init, manifest, check-secrets, secret set, export and run work", () => {
  expect(ks("keystash", ["init"]).status).toBe(0);
  const manifest = ks("keystash", ["manifest"]);
  expect([manifest.status, manifest.stderr]).toEqual([0, "2 secrets in 1 file; wrote keystash.manifest.json.\n"]);
  const missing = ks("check-secrets", ["--env", "development"]);
  expect(missing.status).toBe(1);
  expect(missing.stdout).toContain("Token is not set for development");
  expect(ks("keystash", ["secret", "set", "--dev", "Token"], "t-value").status).toBe(0);
  expect(ks("keystash", ["secret", "set", "--dev", "OtherKey"], "o-value").status).toBe(0);
  expect(ks("check-secrets", ["--env", "development"]).status).toBe(0);
  const exported = ks("keystash", ["export", "--env", "development", "--format", "json"]);
  expect([exported.status, JSON.parse(exported.stdout)]).toEqual([0, { KEYSTASH_ENV: "development", KEYSTASH_ENV_TYPE: "development", OtherKey: "o-value", Token: "t-value" }]);
  const run = ks("keystash", ["run", "--env", "development", "--", process.execPath, "-e", "process.stdout.write(process.env.Token)"]);
  expect([run.status, run.stdout]).toEqual([0, "t-value"]);
});

test("without the TypeScript 6 API the CLI says what to install (exit 2), never analyses with the wrong parser", () => {
  const api = path.join(installed.app, "node_modules/@typescript/typescript6");
  const aside = `${api}.aside`;
  fs.renameSync(api, aside);
  try {
    fs.rmSync(path.join(installed.app, "node_modules/.cache"), { recursive: true, force: true });
    const result = ks("keystash", ["manifest"]);
    expect([result.status, result.stdout]).toEqual([2, ""]);
    expect(result.stderr).toBe(
      "error: analyzer: this app uses TypeScript 7.0.2, which has no JavaScript API, and the TypeScript 6 API is not installed beside it\n" +
        "hint: install the TypeScript 6 API for tools (it leaves your compiler as it is): npm install --save-dev @typescript/typescript6\n",
    );
  } finally {
    fs.renameSync(aside, api);
  }
});

// The side-by-side layout of the TypeScript 7 announcement, which typescript-eslint needs: the
// native compiler under an alias, and `typescript` itself the TypeScript 6 API for tools.
describe("the side-by-side layout: typescript is @typescript/typescript6, the native compiler an alias", () => {
  let app: InstalledApp;
  beforeAll(() => {
    app = installApp(
      { ...FILES, "src/bad.ts": 'import { secret } from "keystash";\nexport function f() {\n  return secret("Inside");\n}\n', "eslint.config.mjs": 'import keystash from "keystash/eslint-plugin";\nexport default [keystash.configs.recommended];\n' },
      { "@typescript/native": "npm:typescript@7.0.2", typescript: "npm:@typescript/typescript6@6.0.2", eslint: "10.15.0", "@typescript-eslint/parser": "8.72.0", "@typescript-eslint/utils": "8.72.0" },
    );
  }, 300_000);
  const bin = (name: string, args: string[]) => spawnSync(path.join(app.app, "node_modules/.bin", name), args, { cwd: app.app, env: { ...cleanEnv(), XDG_CONFIG_HOME: path.join(app.app, ".home"), NO_COLOR: "1" }, encoding: "utf8" });

  test("installs with no peer error; tsc is TypeScript 7", () => {
    expect([app.status, app.output]).toEqual([0, expect.not.stringMatching(/ERESOLVE|conflict/i)]);
    expect(bin("tsc", ["--version"]).stdout).toBe("Version 7.0.2\n");
  });

  test("the ESLint rule reports what the CLI reports, at the same place", () => {
    const lint = bin("eslint", ["--format", "json", "src"]);
    const messages = (JSON.parse(lint.stdout) as { filePath: string; messages: { ruleId: string; line: number; column: number }[] }[]).flatMap((f) => f.messages.map((m) => `${path.basename(f.filePath)}:${m.line}:${m.column} ${m.ruleId}`));
    expect(messages).toEqual(["bad.ts:3:10 keystash/valid-secret"]);
    const manifest = bin("keystash", ["manifest", "--json"]);
    const diagnostics = (JSON.parse(manifest.stdout) as { diagnostics: { file: string; line: number; column: number }[] }).diagnostics.map((d) => `${path.basename(d.file)}:${d.line}:${d.column}`);
    expect(diagnostics).toEqual(["bad.ts:3:10"]);
  });
});
