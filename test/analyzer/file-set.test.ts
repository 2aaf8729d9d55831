import * as fs from "node:fs";
import * as path from "node:path";
import { tempDir } from "../helpers/cli";
import { initApp } from "../helpers/keystash-app";

// The file set is what can run: every file the app can load is analysed (dot-directories,
// through links), what is skipped is counted, and a cloud check fails when analysed code
// imports a file the check did not read, or when it finds no declaration at all.

const declares = (name: string) => `import { secret } from "keystash";\nexport const v = secret("${name}");\n`;

/** The secrets `check --env production --json` reports missing. */
function missingInProduction(user: ReturnType<typeof initApp>): string[] {
  const result = user.ks(["check", "--env", "production", "--json"]);
  return (JSON.parse(result.stdout) as { missing: { name: string }[] }).missing.map((m) => m.name);
}

test("code in a dot-directory is analysed", () => {
  const user = initApp({ "src/app.ts": declares("Visible"), ".config/hidden.ts": declares("Hidden"), ".storybook/main.ts": declares("Story") });
  expect(missingInProduction(user)).toEqual(["Hidden", "Story", "Visible"]);
});

test("files and folders reached through symbolic links are analysed, inside the root or not; a link cycle ends", () => {
  const outside = tempDir("keystash-outside-");
  fs.writeFileSync(path.join(outside, "linked.ts"), declares("LinkedFile"));
  fs.mkdirSync(path.join(outside, "lib"));
  fs.writeFileSync(path.join(outside, "lib/index.ts"), declares("LinkedFolder"));
  const user = initApp({ "src/app.ts": declares("Own") });
  fs.symlinkSync(path.join(outside, "linked.ts"), path.join(user.app, "src/linked.ts"));
  fs.symlinkSync(path.join(outside, "lib"), path.join(user.app, "src/lib"));
  fs.symlinkSync("..", path.join(user.app, "src/loop"));
  expect(missingInProduction(user)).toEqual(["LinkedFile", "LinkedFolder", "Own"]);
});

test("what is skipped is counted in the summary: git-ignored files, output folders, broken links", () => {
  const user = initApp({ "src/app.ts": declares("Token"), ".gitignore": "src/generated.ts\n", "src/generated.ts": "export {};\n", "dist/app.js": "", "build/x.js": "" });
  fs.symlinkSync(path.join(user.app, "nowhere.ts"), path.join(user.app, "src/broken.ts"));
  const check = user.ks(["check", "--env", "development"]);
  expect(check.stdout).toContain(`1 source file analysed in ${user.app} (skipped: 1 git-ignored, build/, dist/, 1 broken link (src/broken.ts))`);
});

test("a bundler's output folder, whatever its name, is build output: skipped and named, never analysed as source", () => {
  const user = initApp({
    "src/app.ts": declares("Token"),
    // What `vite build --outDir out-vite` leaves with keystash/vite: the bundle and its manifest.
    "out-vite/main.mjs": 'import { secret } from "keystash";\nfunction f() { return secret("Token"); }\nexport { f };\n',
    "out-vite/keystash.manifest.json": JSON.stringify({ version: 1, secrets: [] }),
    // A sub-app of a monorepo holds a manifest too, but it is an app: still analysed.
    "packages/worker/package.json": "{}",
    "packages/worker/keystash.manifest.json": JSON.stringify({ version: 1, secrets: [] }),
    "packages/worker/index.ts": declares("WorkerKey"),
  });
  const check = user.ks(["check", "--env", "development"]);
  expect(check.stdout).not.toContain("KS1001");
  expect(check.stdout).toContain("(skipped: out-vite/)");
  expect(missingInProduction(user)).toEqual(["Token", "WorkerKey"]);
});

describe("an import of a file the check did not read", () => {
  const cases: [string, Record<string, string>, string, string][] = [
    ["git-ignored", { ".gitignore": "src/generated.ts\n", "src/generated.ts": declares("Generated"), "src/app.ts": 'import "./generated";\n' + declares("Token") }, "src/app.ts:1 imports './generated' (src/generated.ts)", "./generated"],
    ["in an output folder", { "build/config.ts": declares("BuildTime"), "src/app.ts": 'import { v } from "../build/config.js";\n' + declares("Token") }, "src/app.ts:1 imports '../build/config.js' (build/config.ts)", "../build/config.js"],
    ["outside include", { "keystash.yaml": 'include: ["src/**"]\n', "scripts/seed.ts": declares("Seed"), "src/app.ts": 'const seed = require("../scripts/seed");\n' + declares("Token") }, "src/app.ts:1 imports '../scripts/seed' (scripts/seed.ts)", "../scripts/seed"],
  ];
  test.each(cases)("%s: a cloud check exits 2 naming it; a local check warns", (_label, files, where) => {
    const user = initApp(files);
    for (const type of ["development", "production"]) {
      const check = user.ks(["check", "--env", type]);
      expect([type, check.status, check.stdout]).toEqual([type, 2, ""]);
      expect(check.stderr).toContain(`${where}, which was not analysed`);
    }
    const local = user.ks(["check", "--env", "local"]);
    expect(local.status).toBe(0);
    expect(local.stderr).toContain(`warning: ${where}, which was not analysed; a cloud check fails on this`);
  });

  test("an import of an analysed file, of a file that does not exist, or of JSON passes", () => {
    const user = initApp({ "src/app.ts": 'import "./util.js";\nimport "./missing";\nimport data from "./data.json";\n' + declares("Token"), "src/util.ts": "export {};\n", "src/data.json": "{}" });
    expect(user.ks(["secret", "set", "--dev", "Token"], "v").status).toBe(0);
    expect(user.ks(["check", "--env", "development"]).status).toBe(0);
  });
});

describe("a cloud check that finds no declaration", () => {
  test("exits 2 saying 0 declared secrets, unless --allow-empty; a local check passes", () => {
    const user = initApp({ "src/app.ts": "export const x = 1;\n" });
    const check = user.ks(["check", "--env", "production"]);
    expect([check.status, check.stdout]).toEqual([2, ""]);
    expect(check.stderr).toContain(`error: 0 declared secrets (1 source file analysed in ${user.app}); a check for production that finds none passes nothing`);
    expect(user.ks(["check", "--env", "production", "--allow-empty"]).status).toBe(0);
    expect(user.ks(["check", "--env", "local"]).status).toBe(0);
  });

  test("a --manifest with no secrets is refused the same way", () => {
    const user = initApp({ "empty.json": JSON.stringify({ version: 1, secrets: [] }) });
    const check = user.ks(["check", "--env", "production", "--manifest", "empty.json"]);
    expect(check.status).toBe(2);
    expect(check.stderr).toContain("error: 0 declared secrets (from empty.json)");
  });
});
