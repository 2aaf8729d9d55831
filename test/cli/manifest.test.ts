import * as fs from "node:fs";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { KEYSTASH_BIN, cleanEnv, copyFixture, runCli, tempDir, writeFiles } from "../helpers/cli";

describe("keystash manifest on a multi-service app", () => {
  let app: string;
  beforeAll(() => {
    app = copyFixture("manifest/multi-service");
    // Directories that are always skipped (not committable as fixtures: the repo ignores them).
    writeFiles(app, {
      "node_modules/dep/index.ts": 'import { secret } from "keystash";\nexport const x = secret("FromNodeModules");',
      "dist/out.js": 'const { secret } = require("keystash");\nconst x = secret("FromDist");',
      "build/out.js": 'const { secret } = require("keystash");\nconst x = secret("FromBuild");',
    });
  });

  test("--json lists every declaration and every misuse with its code and line", () => {
    const result = runCli(["manifest", "--json"], { cwd: path.join(app, "services/api") });
    expect(result.status).toBe(1);
    const { manifest, diagnostics } = JSON.parse(result.stdout);
    expect(manifest.secrets.map((s: { name: string }) => s.name)).toEqual([
      "GitHubAPIToken", "SMTPPassword", "SSHPrivateKey", "StripeSecretKey", "StripeWebhookSecret",
    ]);
    const stripe = manifest.secrets.find((s: { name: string }) => s.name === "StripeSecretKey");
    expect(stripe).toEqual({
      name: "StripeSecretKey",
      services: ["api", "billing"],
      declarations: [
        { file: "services/api/payments.ts", line: 3, column: 26, binding: "stripeKey", service: "api" },
        { file: "services/billing/stripe.cts", line: 3, column: 19, binding: "stripeKey", service: "billing" },
      ],
    });
    const ssh = manifest.secrets.find((s: { name: string }) => s.name === "SSHPrivateKey");
    expect(ssh.declarations).toEqual([{ file: "scripts/deploy.js", line: 1, column: 16, binding: "sshKey", service: null }]);
    expect(ssh.services).toEqual([]);
    expect(diagnostics).toEqual([
      {
        code: "KS1001", id: "notTopLevel", severity: "error", file: "services/billing/handler.ts", line: 4, column: 16,
        message: "`secret(\"LateSecret\")` is inside function 'handler'; declare it at module top level.",
      },
      {
        code: "KS1005", id: "nameNotLiteral", severity: "error", file: "services/notifications/mailer.mjs", line: 5, column: 29,
        message: "`secret()` is called with the variable `name`; pass the name as a string literal, e.g. `secret(\"GitHubAPIToken\")`.",
      },
    ]);
  });

  test("text output: file:line:column - error CODE: message, no colour without a TTY, exit 1", () => {
    const result = runCli(["manifest"], { cwd: app });
    expect(result.status).toBe(1);
    expect(result.stdout.split("\n").filter(Boolean)).toEqual([
      "services/billing/handler.ts:4:16 - error KS1001: `secret(\"LateSecret\")` is inside function 'handler'; declare it at module top level.",
      "services/notifications/mailer.mjs:5:29 - error KS1005: `secret()` is called with the variable `name`; pass the name as a string literal, e.g. `secret(\"GitHubAPIToken\")`.",
    ]);
    expect(result.stderr).toContain("5 secrets in 6 files");
    expect(result.stdout).not.toContain("\u001b[");
  });

  test("the manifest file is byte-identical across runs and matches the snapshot", () => {
    runCli(["manifest"], { cwd: app });
    const first = fs.readFileSync(path.join(app, "keystash.manifest.json"), "utf8");
    const mtime = fs.statSync(path.join(app, "keystash.manifest.json")).mtimeMs;
    runCli(["manifest"], { cwd: app });
    expect(fs.readFileSync(path.join(app, "keystash.manifest.json"), "utf8")).toBe(first);
    expect(fs.statSync(path.join(app, "keystash.manifest.json")).mtimeMs).toBe(mtime); // unchanged content is not rewritten
    expect(first).toMatchSnapshot();
  });

  test("--out writes elsewhere, relative to the app root", () => {
    const result = runCli(["manifest", "--out", "out/m.json", "--root", app], { cwd: tempDir() });
    expect(result.status).toBe(1);
    expect(JSON.parse(fs.readFileSync(path.join(app, "out/m.json"), "utf8")).version).toBe(1);
  });
});

describe("keystash manifest: clean apps, bad input", () => {
  test("a valid app exits 0 with no diagnostics", () => {
    const app = tempDir();
    writeFiles(app, { "package.json": "{}", "src/a.ts": 'import { secret } from "keystash";\nexport const a = secret("A");' });
    const result = runCli(["manifest", "--json"], { cwd: path.join(app, "src") });
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout).diagnostics).toEqual([]);
    expect(fs.existsSync(path.join(app, "keystash.manifest.json"))).toBe(true);
  });

  test("an unparsable file is reported and analysis goes on", () => {
    const app = tempDir();
    writeFiles(app, {
      "keystash.yaml": "app: x\n",
      "a.ts": 'import { secret } from "keystash";\nconst a = secret("A";',
      "b.ts": 'import { secret } from "keystash";\nconst b = secret("B");',
    });
    const result = runCli(["manifest", "--json"], { cwd: app });
    expect(result.status).toBe(1);
    const { manifest, diagnostics } = JSON.parse(result.stdout);
    expect(manifest.secrets.map((s: { name: string }) => s.name)).toEqual(["B"]);
    expect(diagnostics).toMatchObject([{ code: "KS1000", id: "unreadableFile", file: "a.ts", line: 2 }]);
  });

  test("a bad keystash.yaml names the file, line and key, exit 2, no stack", () => {
    const app = tempDir();
    writeFiles(app, { "keystash.yaml": "app: x\nservices:\n  api: [1, 2]\n" });
    const result = runCli(["manifest"], { cwd: app });
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      "error: keystash.yaml:3: `services.api` must be a directory relative to the app root\nhint: see the keystash.yaml reference in the README\n",
    );
  });

  test("invalid YAML syntax names the line", () => {
    const app = tempDir();
    writeFiles(app, { "keystash.yaml": "app: x\nservices: [\n" });
    const result = runCli(["manifest"], { cwd: app });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^error: keystash\.yaml:\d+: /);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  test("an unknown flag is a usage error, exit 2", () => {
    const result = runCli(["manifest", "--outt", "x"], { cwd: tempDir() });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("unknown option '--outt'");
  });

  test("--help exits 0 and describes the flags", () => {
    const result = runCli(["manifest", "--help"], { cwd: tempDir() });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("--out <file>");
  });
});

describe("the analysis cache", () => {
  test("unchanged files come from node_modules/.cache; edits are picked up; no source text is stored", () => {
    const app = tempDir();
    writeFiles(app, {
      "package.json": "{}",
      "node_modules/.keep": "",
      "a.ts": 'import { secret } from "keystash";\nexport const a = secret("A");\n// a comment with the word password-123\n',
      "b.ts": "export const b = 1;\n",
    });
    const old = new Date(Date.now() - 60_000);
    for (const file of ["a.ts", "b.ts"]) fs.utimesSync(path.join(app, file), old, old);
    const first = JSON.parse(runCli(["manifest", "--json"], { cwd: app }).stdout);
    const cacheFile = path.join(app, "node_modules/.cache/keystash/analysis.json");
    const cache = fs.readFileSync(cacheFile, "utf8");
    expect(Object.keys(JSON.parse(cache).files).sort()).toEqual(["a.ts", "b.ts"]);
    expect(cache).not.toContain("password-123");
    expect(JSON.parse(runCli(["manifest", "--json"], { cwd: app }).stdout)).toEqual(first);

    fs.writeFileSync(path.join(app, "a.ts"), 'import { secret } from "keystash";\nexport const renamed = secret("Renamed");\n');
    const edited = JSON.parse(runCli(["manifest", "--json"], { cwd: app }).stdout);
    expect(edited.manifest.secrets.map((s: { name: string }) => s.name)).toEqual(["Renamed"]);
    fs.rmSync(path.join(app, "a.ts"));
    expect(JSON.parse(runCli(["manifest", "--json"], { cwd: app }).stdout).manifest.secrets).toEqual([]);
  });
  test("a hit is served without reading the file, and only for the analyzer that wrote it", () => {
    const app = tempDir();
    writeFiles(app, { "package.json": "{}", "node_modules/.keep": "", "a.ts": 'import { secret } from "keystash";\nexport const a = secret("Real");\n' });
    const old = new Date(Date.now() - 60_000);
    fs.utimesSync(path.join(app, "a.ts"), old, old);
    runCli(["manifest"], { cwd: app });
    const cacheFile = path.join(app, "node_modules/.cache/keystash/analysis.json");
    // Each file is [size, mtimeMs, declarations, findings] (only the first two when it declares nothing).
    const cache = JSON.parse(fs.readFileSync(cacheFile, "utf8")) as { keystash: string; files: Record<string, [number, number, { name: string }[], unknown[]]> };
    expect(cache.keystash).toMatch(/^\d+\.\d+\.\d+\+[0-9a-f]{16}$/); // version + a hash of the analyzer's code
    // Forge the cached result: a hit must serve it (the file itself is not read again).
    cache.files["a.ts"]![2][0]!.name = "FromCache";
    fs.writeFileSync(cacheFile, JSON.stringify(cache));
    const names = () => (JSON.parse(runCli(["manifest", "--json"], { cwd: app }).stdout) as { manifest: { secrets: { name: string }[] } }).manifest.secrets.map((s) => s.name);
    expect(names()).toEqual(["FromCache"]);
    // Written by another analyzer build: ignored, the file is analysed again.
    fs.writeFileSync(cacheFile, JSON.stringify({ ...cache, keystash: cache.keystash.replace(/\+.*/, "+0000000000000000") }));
    expect(names()).toEqual(["Real"]);
  });
});

describe("CLI basics", () => {
  test("--help and --version exit 0; a missing or unknown command is a usage error (exit 2)", () => {
    const cwd = tempDir();
    expect(runCli(["--help"], { cwd }).status).toBe(0);
    expect(runCli(["secret", "--help"], { cwd }).status).toBe(0);
    expect(runCli(["--version"], { cwd }).stdout).toBe(`${require("../../package.json").version}\n`);
    expect(runCli([], { cwd }).status).toBe(2);
    expect(runCli(["secret"], { cwd }).status).toBe(2);
    const unknown = runCli(["sekret"], { cwd });
    expect([unknown.status, unknown.stderr.split("\n")[0]]).toEqual([2, "error: unknown command 'sekret'"]);
  });
});

describe("colours", () => {
  test("on a terminal diagnostics are coloured; NO_COLOR turns colour off", () => {
    const app = tempDir();
    writeFiles(app, { "package.json": "{}", "a.ts": 'import { secret } from "keystash";\nsecret("Bare");\n' });
    const onTty = (env: NodeJS.ProcessEnv) =>
      spawnSync("script", ["-qfec", `${process.execPath} ${KEYSTASH_BIN} manifest`, "/dev/null"], { cwd: app, env: { ...cleanEnv(), ...env }, encoding: "utf8" }).stdout;
    expect(onTty({})).toContain("\u001b[31merror\u001b[39m");
    expect(onTty({ NO_COLOR: "1" })).toContain("a.ts:2:1 - error KS1002:");
    expect(onTty({ NO_COLOR: "1" })).not.toContain("\u001b[");
  });
});
