import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import type * as TS from "typescript";
import plainTs from "typescript";
import { linkKeystash } from "../helpers/app";
import { cleanEnv, copyFixture, REPO_ROOT, runCli, writeFiles } from "../helpers/cli";
import { tsp } from "../helpers/front-ends";

const TSPC_BIN = path.join(REPO_ROOT, "node_modules/ts-patch/bin/tspc.js");

/** Builds a tsconfig project programmatically; returns exit-relevant diagnostics. */
function build(compiler: typeof TS, project: string, overrides: TS.CompilerOptions = {}): TS.Diagnostic[] {
  const parsed = compiler.getParsedCommandLineOfConfigFile(path.join(project, "tsconfig.json"), overrides, {
    ...compiler.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(compiler.flattenDiagnosticMessageText(d.messageText, "\n"));
    },
  });
  if (!parsed) throw new Error("no tsconfig");
  const program = compiler.createProgram(parsed.fileNames, parsed.options);
  const emitted = program.emit();
  return [...compiler.getPreEmitDiagnostics(program), ...emitted.diagnostics];
}

function readTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) {
      const full = path.join(entry.parentPath, entry.name);
      out[path.relative(dir, full)] = fs.readFileSync(full, "utf8");
    }
  }
  return out;
}

const manifestNames = (file: string) =>
  (JSON.parse(fs.readFileSync(file, "utf8")) as { secrets: { name: string }[] }).secrets.map((s) => s.name);

describe("transformer: valid programs", () => {
  /** Each test builds its own copy: outputs (out/, plain/, esm-*, the manifest) never carry over. */
  const freshApp = (): string => {
    const app = copyFixture("transformer/app");
    linkKeystash(app);
    return app;
  };

  test("emitted JavaScript is identical to plain tsc, and the manifest is written twice", () => {
    const app = freshApp();
    expect(build(tsp, app)).toEqual([]);
    expect(build(plainTs, app, { outDir: path.join(app, "plain") })).toEqual([]);
    const patched = readTree(path.join(app, "out"));
    const plain = readTree(path.join(app, "plain"));
    expect(Object.keys(patched).sort()).toEqual(["github.js", "keystash.manifest.json", "stripe.js", "util.js"]);
    for (const file of Object.keys(plain)) expect(patched[file]).toBe(plain[file]);
    expect(manifestNames(path.join(app, "keystash.manifest.json"))).toEqual(["GitHubAPIToken", "StripeSecretKey", "StripeWebhookSecret"]);
    expect(patched["keystash.manifest.json"]).toBe(fs.readFileSync(path.join(app, "keystash.manifest.json"), "utf8"));
  });

  test("ESM output is identical too", () => {
    const app = freshApp();
    fs.writeFileSync(path.join(app, "package.json"), '{ "name": "esm-app", "type": "module" }');
    try {
      expect(build(tsp, app, { outDir: path.join(app, "esm-patched") })).toEqual([]);
      expect(build(plainTs, app, { outDir: path.join(app, "esm-plain") })).toEqual([]);
      const patched = readTree(path.join(app, "esm-patched"));
      expect(patched["github.js"]).toContain('import { secret } from "keystash";');
      for (const [file, text] of Object.entries(readTree(path.join(app, "esm-plain")))) expect(patched[file]).toBe(text);
    } finally {
      fs.writeFileSync(path.join(app, "package.json"), '{ "name": "transformer-app", "private": true }');
    }
  });

  test("the `manifest` option moves the manifest; an unchanged manifest is not rewritten", () => {
    const app = freshApp();
    const tsconfig = JSON.parse(fs.readFileSync(path.join(app, "tsconfig.json"), "utf8"));
    tsconfig.compilerOptions.plugins = [{ transform: "keystash/transformer", manifest: "build-info/secrets.json" }];
    fs.writeFileSync(path.join(app, "tsconfig.json"), JSON.stringify(tsconfig));
    expect(build(tsp, app)).toEqual([]);
    const target = path.join(app, "build-info/secrets.json");
    const mtime = fs.statSync(target).mtimeMs;
    expect(build(tsp, app)).toEqual([]);
    expect(fs.statSync(target).mtimeMs).toBe(mtime);
  });
});

describe("transformer: invalid programs fail the build", () => {
  test("each finding is a TypeScript error with its code and position, also with noEmit", () => {
    const app = copyFixture("transformer/app");
    linkKeystash(app);
    writeFiles(app, { "src/late.ts": 'import { secret } from "keystash";\nexport function f() {\n  return secret("Late");\n}\nexport const g = secret(name);\n' });
    for (const overrides of [{}, { noEmit: true }]) {
      const diagnostics = build(tsp, app, overrides).filter((d) => d.source === "keystash");
      expect(diagnostics.map((d) => [d.code, d.file?.getLineAndCharacterOfPosition(d.start!).line, plainTs.flattenDiagnosticMessageText(d.messageText, "")])).toEqual([
        [91001, 2, "KS1001: `secret(\"Late\")` is inside function 'f'; declare it at module top level."],
        [91005, 4, "KS1005: `secret()` is called with the variable `name`; pass the name as a string literal, e.g. `secret(\"GitHubAPIToken\")`."],
      ]);
    }
  });

  test("the tspc binary, as a user runs it, exits non-zero and prints the KS code", () => {
    const app = copyFixture("transformer/app");
    linkKeystash(app);
    const ok = spawnSync(process.execPath, [TSPC_BIN, "-p", "tsconfig.json"], { cwd: app, env: cleanEnv(), encoding: "utf8" });
    expect(ok.stdout).toBe("");
    expect(ok.status).toBe(0);
    writeFiles(app, { "src/bad.ts": 'import { secret } from "keystash";\nsecret("Bare");\n' });
    const bad = spawnSync(process.execPath, [TSPC_BIN, "-p", "tsconfig.json"], { cwd: app, env: cleanEnv(), encoding: "utf8" });
    expect(bad.status).not.toBe(0);
    expect(bad.stdout).toContain("src/bad.ts(2,1): error TS91002: KS1002: `secret(\"Bare\")` is a bare expression statement");
  });
});

describe("transformer: tsc after `ts-patch install`", () => {
  test("a patched tsc runs the plugin from tsconfig the same way", () => {
    const app = copyFixture("transformer/app");
    linkKeystash(app);
    // Patch a private copy of TypeScript, so the repo's own stays plain for the other tests.
    const typescriptCopy = path.join(app, "node_modules/typescript");
    fs.cpSync(path.join(REPO_ROOT, "node_modules/typescript"), typescriptCopy, { recursive: true });
    const patch = spawnSync(process.execPath, [path.join(REPO_ROOT, "node_modules/ts-patch/bin/ts-patch.js"), "install", "-s", "-d", typescriptCopy], { cwd: app, env: cleanEnv(), encoding: "utf8" });
    expect(patch.status).toBe(0);
    writeFiles(app, { "src/bad.ts": 'import { secret } from "keystash";\nexport default secret("Bare");\n' });
    const tsc = spawnSync(process.execPath, [path.join(typescriptCopy, "bin/tsc"), "-p", "tsconfig.json"], { cwd: app, env: cleanEnv(), encoding: "utf8" });
    expect(tsc.status).not.toBe(0);
    expect(tsc.stdout).toContain("src/bad.ts(2,16): error TS91002: KS1002:");
    expect(manifestNames(path.join(app, "keystash.manifest.json"))).toEqual(["GitHubAPIToken", "StripeSecretKey", "StripeWebhookSecret"]);
  });
});

describe("transformer: several tsconfigs and watch mode", () => {
  test("tspc -b with project references: each outDir holds its project's secrets; the root manifest is the app's complete view, byte for byte the CLI's", () => {
    const app = copyFixture("transformer/app");
    linkKeystash(app);
    const plugin = [{ transform: "keystash/transformer" }];
    const base = { target: "ES2022", module: "nodenext", moduleResolution: "nodenext", types: [], composite: true, plugins: plugin };
    writeFiles(app, {
      "services/api/tsconfig.json": JSON.stringify({ compilerOptions: { ...base, outDir: "out" }, include: ["*.ts"] }),
      "services/api/api.ts": 'import { secret } from "keystash";\nexport const a = secret("ApiKey");\n',
      "services/billing/tsconfig.json": JSON.stringify({ compilerOptions: { ...base, outDir: "out" }, include: ["*.ts"] }),
      "services/billing/billing.ts": 'import { secret } from "keystash";\nexport const b = secret("BillingKey");\n',
      "tsconfig.build.json": JSON.stringify({ files: [], references: [{ path: "services/api" }, { path: "services/billing" }] }),
    });
    const result = spawnSync(process.execPath, [TSPC_BIN, "-b", "tsconfig.build.json"], { cwd: app, env: cleanEnv(), encoding: "utf8" });
    expect(result.stdout).toBe("");
    expect(result.status).toBe(0);
    // src/ is in no referenced project, yet the root manifest (what `check` and the runtime read) covers it.
    expect(manifestNames(path.join(app, "keystash.manifest.json"))).toEqual(["ApiKey", "BillingKey", "GitHubAPIToken", "StripeSecretKey", "StripeWebhookSecret"]);
    expect(manifestNames(path.join(app, "services/api/out/keystash.manifest.json"))).toEqual(["ApiKey"]);
    expect(manifestNames(path.join(app, "services/billing/out/keystash.manifest.json"))).toEqual(["BillingKey"]);
    const fromTspc = fs.readFileSync(path.join(app, "keystash.manifest.json"), "utf8");
    runCli(["manifest", "--out", "from-cli.json"], { cwd: app }); // exit 1: the fixture has invalid uses too
    expect(fs.readFileSync(path.join(app, "from-cli.json"), "utf8")).toBe(fromTspc);
  });

  test("tspc --watch: the manifest follows edits", async () => {
    const app = copyFixture("transformer/app");
    linkKeystash(app);
    const watcher = spawn(process.execPath, [TSPC_BIN, "-p", "tsconfig.json", "--watch", "--preserveWatchOutput"], { cwd: app, env: cleanEnv() });
    let log = "";
    watcher.stdout.on("data", (chunk: Buffer) => (log += chunk.toString()));
    const manifest = path.join(app, "keystash.manifest.json");
    // Waits until the watcher has finished its n-th compilation and the manifest lists `names`.
    const waitFor = async (compilations: number, names: string[]): Promise<void> => {
      for (let i = 0; i < 400; i++) {
        const done = log.split("Watching for file changes").length - 1 >= compilations;
        if (done && fs.existsSync(manifest) && JSON.stringify(manifestNames(manifest)) === JSON.stringify(names)) return;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`manifest never listed ${names.join(", ")}; watcher said:\n${log}`);
    };
    try {
      await waitFor(1, ["GitHubAPIToken", "StripeSecretKey", "StripeWebhookSecret"]);
      fs.writeFileSync(path.join(app, "src/github.ts"), 'import { secret } from "keystash";\nexport const t = secret("RenamedToken");\n');
      await waitFor(2, ["RenamedToken", "StripeSecretKey", "StripeWebhookSecret"]);
      fs.writeFileSync(path.join(app, "src/added.ts"), 'import { secret } from "keystash";\nexport const n = secret("AddedKey");\n');
      await waitFor(3, ["AddedKey", "RenamedToken", "StripeSecretKey", "StripeWebhookSecret"]);
    } finally {
      watcher.kill();
    }
  });
});
