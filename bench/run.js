#!/usr/bin/env node
"use strict";
// `npm run bench`: every figure is a median over interleaved runs, beside a baseline measured
// in the same run (the machine is shared and noisy: read the ratios). Peak RSS beside each.
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { generateApp } = require("./generate");
const { generateScanCorpus, score } = require("./scan-corpus");
const { runOnce, interleave, median, fmtMs, fmtRss } = require("./harness");

const repo = path.resolve(__dirname, "..");
const node = process.execPath;
const bin = (name) => path.join(repo, "node_modules/.bin", name);
const keystashBin = path.join(repo, "bin/keystash.js");
const work = fs.mkdtempSync(path.join(os.tmpdir(), "keystash-bench-"));
const only = process.argv.slice(2);
const rows = [];

/** Prints one figure; `share` shows it as an added cost, "+x% of the baseline". */
function row(group, label, result, baseline, target, share = false) {
  const ratio = baseline ? result.ms / baseline.ms : null;
  rows.push({ group, label, ms: result.ms, rss: result.rssMiB, ratio, target });
  const ratioText =
    ratio === null ? "" : share ? `+${(ratio * 100).toFixed(1)}% of the baseline` : ratio >= 1 ? `${ratio.toFixed(2)}×` : `${ratio.toFixed(3)}× (${(1 / ratio).toFixed(1)}× faster)`;
  console.log(`  ${label.padEnd(54)} ${fmtMs(result.ms).padStart(10)} ${fmtRss(result.rssMiB).padStart(9)}  ${ratioText}${target ? `  [target ${target}]` : ""}`);
}

const want = (id) => only.length === 0 || only.includes(id);
const env = (extra = {}) => ({ ...process.env, NO_COLOR: "1", ...extra });

function benchManifest() {
  console.log("\n1. keystash manifest on 10,000 files");
  const app = path.join(work, "app10k");
  generateApp(app, 10_000, 50);
  const floorScript = path.join(work, "floor.js");
  // The floor: one Node process reading the same files (same walk, same filter), nothing else.
  fs.writeFileSync(floorScript, `
    const { discoverSources } = require(${JSON.stringify(path.join(repo, "dist/project/sources.js"))});
    const fs = require("fs"), path = require("path");
    let bytes = 0;
    for (const f of discoverSources(process.argv[2], ["**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}"])) bytes += fs.readFileSync(path.join(process.argv[2], f), "utf8").length;
    console.log(bytes);`);
  const tsMorphScript = path.join(work, "ts-morph.js");
  // The ts-morph baseline: a whole-project pass that finds every secret() call by walking each file's AST.
  fs.writeFileSync(tsMorphScript, `
    const { Project, SyntaxKind } = require(${JSON.stringify(path.join(repo, "node_modules/ts-morph"))});
    const project = new Project({ skipAddingFilesFromTsConfig: true, skipFileDependencyResolution: true });
    project.addSourceFilesAtPaths(process.argv[2] + "/src/**/*.ts");
    let found = 0;
    for (const file of project.getSourceFiles())
      for (const call of file.getDescendantsOfKind(SyntaxKind.CallExpression))
        if (call.getExpression().getText() === "secret") found++;
    console.log(found);`);
  const cacheDir = path.join(app, "node_modules/.cache/keystash");
  const results = interleave(
    {
      floor: () => runOnce(node, [floorScript, app]),
      // The app's analysis cache gone (every file analysed again); TypeScript's code cache kept,
      // as on any machine that has run keystash once.
      cold: () => {
        fs.rmSync(path.join(cacheDir, "analysis.json"), { force: true });
        return runOnce(node, [keystashBin, "manifest"], { cwd: app, env: env() });
      },
      first: () => {
        fs.rmSync(cacheDir, { recursive: true, force: true });
        return runOnce(node, [keystashBin, "manifest"], { cwd: app, env: env() });
      },
      warm: () => runOnce(node, [keystashBin, "manifest"], { cwd: app, env: env() }),
    },
    5,
  );
  const morph = interleave({ tsMorph: () => runOnce(node, [tsMorphScript, app], { env: env() }) }, 3).tsMorph;
  const declared = JSON.parse(fs.readFileSync(path.join(app, "keystash.manifest.json"), "utf8")).secrets.length;
  console.log(`  (${declared} secrets declared across 10,000 files)`);
  row("manifest", "floor: read the same files in one Node process", results.floor);
  row("manifest", "keystash manifest, no analysis cache", results.cold, results.floor, "≤ 1.5× floor");
  row("manifest", "keystash manifest, first run (no caches at all)", results.first, results.floor);
  row("manifest", "keystash manifest, analysis cache warm", results.warm, results.floor, "≤ 1.1× floor");
  row("manifest", "ts-morph whole-project pass", morph, results.floor);
  console.log(`  ts-morph / keystash (no cache): ${(morph.ms / results.cold.ms).toFixed(1)}× slower  [target ≥ 20×]`);
}

function prepareApp1k() {
  const app = path.join(work, "app1k");
  if (!fs.existsSync(app)) generateApp(app, 1000, 10);
  return app;
}

function benchBuild() {
  console.log("\n2. tspc build of 1,000 files, with and without the transformer");
  const app = prepareApp1k();
  const tspc = path.join(repo, "node_modules/ts-patch/bin/tspc.js");
  const results = interleave(
    {
      plain: () => runOnce(node, [tspc, "-p", "tsconfig.plain.json"], { cwd: app }),
      keystash: () => runOnce(node, [tspc, "-p", "tsconfig.keystash.json"], { cwd: app }),
    },
    7,
  );
  row("build", "tspc without the transformer", results.plain);
  row("build", "tspc with keystash/transformer (median of 7)", results.keystash, results.plain, "≤ +3%");
  // Two separate builds differ by more than the transformer costs on a noisy machine; time its work in-process too.
  const probes = Array.from({ length: 5 }, () => JSON.parse(runOnce(node, [path.join(__dirname, "transformer-probe.js"), app]).stdout));
  const probeBuild = { ms: median(probes.map((p) => p.buildMs)), rssMiB: null };
  row("build", "in-process: parse + type-check the 1,000 files", probeBuild);
  row("build", "in-process: the transformer's own work on them", { ms: median(probes.map((p) => p.transformerMs)), rssMiB: null }, probeBuild, "≤ +3%", true);
}

function benchEslint() {
  console.log("\n3. ESLint on 1,000 files, with and without keystash/valid-secret");
  const app = prepareApp1k();
  const eslint = path.join(repo, "node_modules/eslint/bin/eslint.js");
  const results = interleave(
    {
      plain: () => runOnce(node, [eslint, "--no-cache", "-c", "eslint.plain.mjs", "src"], { cwd: app }),
      keystash: () => runOnce(node, [eslint, "--no-cache", "-c", "eslint.keystash.mjs", "src"], { cwd: app }),
    },
    7,
  );
  row("eslint", "eslint without the rule", results.plain);
  row("eslint", "eslint with keystash/valid-secret", results.keystash, results.plain, "≤ +3%");
  // ESLint's own per-rule timing (TIMING=1) isolates the rule from run-to-run noise.
  const timed = runOnce(node, [eslint, "--no-cache", "-c", "eslint.keystash.mjs", "src"], { cwd: app, env: env({ TIMING: "1" }) });
  const ruleMs = Number(/keystash\/valid-secret\s*\|\s*([\d.]+)/.exec(timed.stdout)?.[1] ?? NaN);
  row("eslint", "the rule's own time (ESLint TIMING=1)", { ms: ruleMs, rssMiB: null }, results.plain, "≤ +3%", true);
}

/** An app with `count` declared secrets, an identity, and every value set for dev and prod. */
function storeApp(count) {
  const app = path.join(work, `store${count}`);
  if (fs.existsSync(app)) return app;
  fs.mkdirSync(path.join(app, "src"), { recursive: true });
  fs.mkdirSync(path.join(app, "node_modules"), { recursive: true });
  fs.symlinkSync(repo, path.join(app, "node_modules/keystash"), "dir");
  for (let f = 0; f < count / 10; f++) {
    const lines = ['import { secret } from "keystash";'];
    for (let i = f * 10; i < f * 10 + 10; i++) lines.push(`export const s${i} = secret("Secret_${i}");`);
    fs.writeFileSync(path.join(app, "src", `secrets${f}.ts`), `${lines.join("\n")}\n`);
    // Written a minute ago: files changed within 2 s of the analysis cache's save are analysed
    // again on every run (the cache's same-tick guard), which would time re-analysis, not `check`.
    const minuteAgo = new Date(Date.now() - 60_000);
    fs.utimesSync(path.join(app, "src", `secrets${f}.ts`), minuteAgo, minuteAgo);
  }
  fs.writeFileSync(path.join(app, "package.json"), "{}\n");
  const home = path.join(app, ".home");
  execFileSync(node, [keystashBin, "init"], { cwd: app, env: env({ XDG_CONFIG_HOME: home }) });
  const identity = fs.readFileSync(path.join(home, "keystash/identity.txt"), "utf8");
  const recipient = /# public key: (age1\w+)/.exec(identity)[1];
  execFileSync(node, [keystashBin, "access", "add", "--type", "production", recipient], { cwd: app, env: env({ XDG_CONFIG_HOME: home }) });
  execFileSync(node, [path.join(__dirname, "fill-store.js"), app, String(count), recipient]);
  execFileSync(node, [keystashBin, "manifest"], { cwd: app, env: env() });
  return app;
}

function benchLoader() {
  console.log("\n4. Loader start-up with 100 declared secrets, and the cost of calling one");
  const app = storeApp(100);
  const probe = path.join(__dirname, "loader-probe.js");
  const home = path.join(app, ".home");
  const fromEnv = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`Secret_${i}`, `value-${i}`]));
  const sample = (extra) => () => {
    const result = runOnce(node, [probe], { cwd: app, env: env({ XDG_CONFIG_HOME: home, KEYSTASH_ENV: "staging", KEYSTASH_ENV_TYPE: "development", ...extra }) });
    return { ...JSON.parse(result.stdout), rssMiB: result.rssMiB };
  };
  // Each probe process reports its own in-process timings; take the median of each figure.
  const take = (run, runs) => {
    const samples = Array.from({ length: runs }, run);
    return (key) => ({ ms: median(samples.map((s) => s[key])), rssMiB: Math.max(...samples.map((s) => s.rssMiB ?? 0)) || null });
  };
  const envPick = take(sample(fromEnv), 7);
  const storePick = take(sample({}), 7);
  const baseline = envPick("baselineMs");
  row("loader", "baseline: read 100 env vars + parse the manifest", baseline);
  row("loader", "start-up, all 100 from environment variables", envPick("initMs"), baseline, "≤ 1.5 ms");
  row("loader", "start-up, all 100 from the store (lazy decrypt)", storePick("initMs"), baseline, "≤ 10 ms");
  row("loader", "start-up + first read of all 100 from the store", storePick("initAndReadMs"), baseline);
  const propertyRead = envPick("propertyReadNs");
  const call = envPick("callNs");
  const ns = (r) => ({ ms: r.ms / 1e6, rssMiB: null });
  row("loader", "baseline: a property read (per op)", ns(propertyRead));
  row("loader", "calling a resolved secret (per call)", ns(call), ns(propertyRead), "≈ a property read");
}

function benchRun() {
  console.log("\n5. keystash run --env dev -- node -e 0 with 100 values, vs dotenvx run");
  const app = storeApp(100);
  const home = path.join(app, ".home");
  const dotenvDir = path.join(work, "dotenvx");
  if (!fs.existsSync(dotenvDir)) {
    fs.mkdirSync(dotenvDir);
    fs.writeFileSync(path.join(dotenvDir, ".env"), Array.from({ length: 100 }, (_, i) => `Secret_${i}=value-${i}-${"x".repeat(24)}`).join("\n"));
    execFileSync(bin("dotenvx"), ["encrypt"], { cwd: dotenvDir, stdio: "ignore" });
  }
  const bare = interleave({ bare: () => runOnce(node, ["-e", "0"]) }, 5).bare;
  const results = interleave(
    {
      keystash: () => runOnce(node, [keystashBin, "run", "--env", "dev", "--", node, "-e", "0"], { cwd: app, env: env({ XDG_CONFIG_HOME: home }) }),
      dotenvx: () => runOnce(bin("dotenvx"), ["run", "--quiet", "--", node, "-e", "0"], { cwd: dotenvDir }),
    },
    5,
  );
  row("run", "baseline: node -e 0", bare);
  row("run", "dotenvx run (100 encrypted values)", results.dotenvx, bare);
  row("run", "keystash run --env dev (100 values)", results.keystash, bare, "≤ 2.3× node -e 0");
}

function benchStoreScaling() {
  console.log("\n6. secret set and check --env prod, 100 vs 1,000 secrets in the store");
  const bare = interleave({ bare: () => runOnce(node, ["-e", "0"]) }, 5).bare;
  row("scaling", "baseline: node -e 0", bare);
  const measured = {};
  for (const count of [100, 1000]) {
    const app = storeApp(count);
    const home = path.join(app, ".home");
    let n = 0;
    const results = interleave(
      {
        set: () => runOnce(node, [keystashBin, "secret", "set", "--dev", `Extra_${n++}`], { cwd: app, env: env({ XDG_CONFIG_HOME: home }), input: "v" }),
        check: () => runOnce(node, [keystashBin, "check", "--env", "prod"], { cwd: app, env: env() }),
      },
      5,
    );
    measured[count] = results;
    row("scaling", `secret set, ${count} secrets in the store`, results.set, bare, count === 100 ? "≤ 1.5×" : "≤ 2×");
    row("scaling", `check --env prod, ${count} secrets declared and set`, results.check, bare, count === 100 ? "≤ 1.5×" : "≤ 2×");
  }
  const growth = (key) => ((measured[1000][key].ms - bare.ms) / (measured[100][key].ms - bare.ms)).toFixed(1);
  console.log(`  work above node start-up grows ${growth("set")}× (set) and ${growth("check")}× (check) for 10× the secrets`);
}

function benchScan() {
  console.log("\n7. keystash scan against secretlint (recommended preset) on a labelled corpus, and on 10,000 files");
  const corpus = path.join(work, "scan-corpus");
  const labels = generateScanCorpus(corpus, 300);
  const keystashFindings = () => {
    const result = runOnce(node, [keystashBin, "scan", "src", "--json"], { cwd: corpus, env: env(), expectStatus: 1 });
    return { ...result, findings: JSON.parse(result.stdout).findings.map((f) => ({ file: f.file, line: f.line })) };
  };
  const secretlintFindings = () => {
    const result = runOnce(node, [bin("secretlint"), "src/**/*", "--format", "json"], { cwd: corpus, env: env(), expectStatus: 1 });
    const findings = JSON.parse(result.stdout).flatMap((file) =>
      file.messages.map((m) => ({ file: path.relative(corpus, file.filePath), line: m.loc.start.line })),
    );
    return { ...result, findings };
  };
  const samples = { keystash: [], secretlint: [] };
  const results = interleave(
    {
      keystash: () => {
        const r = keystashFindings();
        samples.keystash.push(r);
        return r;
      },
      secretlint: () => {
        const r = secretlintFindings();
        samples.secretlint.push(r);
        return r;
      },
    },
    3,
  );
  const ours = score(labels, samples.keystash[0].findings);
  const theirs = score(labels, samples.secretlint[0].findings);
  console.log(`  corpus: 300 files, ${labels.length} planted credentials of 12 kinds, ~2,000 look-alikes`);
  row("scan", "secretlint --format json (recommended preset)", results.secretlint);
  row("scan", "keystash scan --json", results.keystash, results.secretlint, "faster than secretlint");
  const line = (name, s) => `  ${name.padEnd(12)} recall ${(s.recall * 100).toFixed(1)}% (${s.found}/${s.planted}), false positives ${s.falsePositives}${Object.keys(s.missedKinds).length ? `; missed: ${Object.entries(s.missedKinds).map(([k, n]) => `${k} ×${n}`).join(", ")}` : ""}`;
  console.log(line("keystash", ours));
  console.log(line("secretlint", theirs));
  rows.push({ group: "scan", label: "recall and false positives", keystash: ours, secretlint: theirs });

  const app = path.join(work, "app10k");
  if (!fs.existsSync(app)) generateApp(app, 10_000, 50);
  const floorScript = path.join(work, "scan-floor.js");
  fs.writeFileSync(floorScript, `
    const { filesToScan, readInputs } = require(${JSON.stringify(path.join(repo, "dist/scan/scan-files.js"))});
    console.log(readInputs(process.argv[2], filesToScan(process.argv[2], [])).length);`);
  const big = interleave(
    {
      floor: () => runOnce(node, [floorScript, app]),
      scan: () => runOnce(node, [keystashBin, "scan"], { cwd: app, env: env(), expectStatus: 0 }),
    },
    5,
  );
  row("scan", "floor: list and read the same 10,000 files", big.floor);
  row("scan", "keystash scan, 10,000 files", big.scan, big.floor, "≤ 2× floor");
}

async function benchUi() {
  console.log("\n8. keystash ui: page load in Chromium, 100 secrets × 6 environments");
  if (!fs.existsSync("/usr/bin/chromium")) return console.log("  skipped: no /usr/bin/chromium (apt-get install chromium)");
  const app = path.join(work, "ui-app");
  fs.mkdirSync(path.join(app, "src"), { recursive: true });
  fs.writeFileSync(path.join(app, "package.json"), "{}");
  fs.writeFileSync(path.join(app, "keystash.yaml"), "app: bench\nenvironments:\n  staging: development\n  qa: preview\n");
  const lines = ['import { secret } from "keystash";'];
  for (let i = 0; i < 100; i++) lines.push(`// Secret number ${i}\nexport const s${i} = secret("Secret_${i}");`);
  fs.writeFileSync(path.join(app, "src/secrets.ts"), `${lines.join("\n")}\n`);
  const { generateIdentity } = require(path.join(repo, "dist/store/age-encrypt.js"));
  const identity = generateIdentity();
  execFileSync(node, [path.join(__dirname, "fill-store.js"), app, "100", identity.recipient]);
  const { startDashboard } = require(path.join(repo, "dist/ui/server.js"));
  const { loadConfig } = require(path.join(repo, "dist/project/config.js"));
  const dashboard = await startDashboard({ root: app, config: loadConfig(app) }, [], {});
  const { chromium } = require("playwright-core");
  const profile = fs.mkdtempSync(path.join(work, "chromium-"));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  try {
    const samples = [];
    for (let i = 0; i < 7; i++) {
      const page = await browser.newPage();
      const start = process.hrtime.bigint();
      await page.goto(dashboard.url);
      await page.waitForFunction(() => document.querySelectorAll("tr[data-secret]").length === 100);
      samples.push(Number(process.hrtime.bigint() - start) / 1e6);
      await page.close();
    }
    row("ui", "open the page until the 100-row matrix is drawn", { ms: median(samples), rssMiB: null }, null, "< 200 ms");
  } finally {
    await browser.close();
    await dashboard.close();
  }
}

/**
 * The bundler plugin's cost: a Vite 8 (SSR) build of the 1,000-file app, with and without
 * `keystash/vite`, interleaved.
 */
function benchVite() {
  console.log("\n10. Vite 8 build of 1,000 files, with and without the keystash plugin");
  const app = prepareApp1k();
  if (!fs.existsSync(path.join(app, "src/index-all.ts"))) {
    const modules = [];
    (function collect(dir) {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        if (entry.isDirectory()) collect(path.join(dir, entry.name));
        else if (entry.name.startsWith("module")) modules.push(path.relative(path.join(app, "src"), path.join(dir, entry.name)).replace(/\.ts$/, ""));
      }
    })(path.join(app, "src"));
    fs.writeFileSync(path.join(app, "src/index-all.ts"), modules.map((m, i) => `export * as m${i} from "./${m}";`).join("\n") + "\n");
    fs.appendFileSync(path.join(app, ".gitignore"), "out-vite/\n");
    const config = (plugin) => `${plugin ? 'import keystash from "keystash/vite";\n' : ""}export default { logLevel: "silent", ${plugin ? "plugins: [keystash()], " : ""}build: { ssr: "src/index-all.ts", outDir: "out-vite", minify: false } };\n`;
    fs.writeFileSync(path.join(app, "vite.plain.mjs"), config(false));
    fs.writeFileSync(path.join(app, "vite.keystash.mjs"), config(true));
  }
  const vite = path.join(repo, "node_modules/vite/bin/vite.js");
  const results = interleave(
    {
      plain: () => runOnce(node, [vite, "build", "--config", "vite.plain.mjs"], { cwd: app }),
      keystash: () => runOnce(node, [vite, "build", "--config", "vite.keystash.mjs"], { cwd: app }),
    },
    5,
  );
  row("vite", "vite build (SSR, 1,000 files) without the plugin", results.plain);
  row("vite", "vite build with keystash/vite", results.keystash, results.plain, "≤ +3%");
  // Like the transformer's row: the plugin's own hooks timed inside one build, against that build.
  const probes = Array.from({ length: 5 }, () => JSON.parse(runOnce(node, [path.join(__dirname, "vite-probe.mjs"), app]).stdout));
  const probeBuild = { ms: median(probes.map((p) => p.buildMs - p.pluginMs)), rssMiB: null };
  row("vite", "in-process: the plugin's own hooks in that build", { ms: median(probes.map((p) => p.pluginMs)), rssMiB: null }, probeBuild, "≤ +3%", true);
}

/**
 * `keystash verify` (run by every non-local `check`) reads each revision of the store in git
 * history, so its cost grows with history: measured at 10 and 50 commits of a 100-secret
 * store, beside the floor of asking git for those same revisions.
 */
function benchHistory() {
  console.log("\n9. keystash verify: the store against every revision of it in git history");
  const gitIn = (app, ...args) => execFileSync("git", ["-c", "user.name=b", "-c", "user.email=b@b", "-c", "init.defaultBranch=main", ...args], { cwd: app, stdio: "ignore" });
  const app = storeApp(100);
  const home = path.join(app, ".home");
  gitIn(app, "init", "-q");
  let commits = 0;
  const commitUntil = (count) => {
    for (; commits < count; commits++) {
      execFileSync(node, [keystashBin, "secret", "set", "--prod", `Secret_${commits % 100}`], { cwd: app, env: env({ XDG_CONFIG_HOME: home }), input: `v${commits}` });
      gitIn(app, "add", "-A");
      gitIn(app, "commit", "-qm", `c${commits}`);
    }
  };
  const floorScript = "const {execFileSync:x}=require('node:child_process');for(const c of x('git',['log','--format=%h','HEAD','--','.keystash/store.yaml'],{encoding:'utf8'}).split('\\n').filter(Boolean))x('git',['show',c+':./.keystash/store.yaml'])";
  for (const count of [10, 50]) {
    commitUntil(count);
    const results = interleave(
      {
        floor: () => runOnce(node, ["-e", floorScript], { cwd: app, env: env() }),
        verify: () => runOnce(node, [keystashBin, "verify"], { cwd: app, env: env() }),
      },
      5,
    );
    row("history", `floor: git log + git show of ${count} revisions`, results.floor);
    row("history", `keystash verify, ${count} revisions`, results.verify, results.floor, "≤ 1.5× floor");
  }
}

async function main() {
  console.log(`keystash benchmarks — ${os.cpus()[0]?.model ?? "cpu"} × ${os.cpus().length}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`);
  console.log("  (median wall time of interleaved runs, peak RSS, ratio to the group's baseline)");
  if (want("manifest")) benchManifest();
  if (want("build")) benchBuild();
  if (want("eslint")) benchEslint();
  if (want("loader")) benchLoader();
  if (want("run")) benchRun();
  if (want("scaling")) benchStoreScaling();
  if (want("scan")) benchScan();
  if (want("ui")) await benchUi();
  if (want("history")) benchHistory();
  if (want("vite")) benchVite();
  fs.writeFileSync(path.join(__dirname, "last-run.json"), `${JSON.stringify({ date: new Date().toISOString(), node: process.version, cpus: os.cpus().length, rows }, null, 2)}\n`);
}

main()
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => {
    // KEYSTASH_BENCH_KEEP=1 keeps the generated apps, to profile one (`node --cpu-prof bench/loader-probe.js` in it).
    if (process.env.KEYSTASH_BENCH_KEEP === "1") console.log(`\nkept ${work}`);
    else fs.rmSync(work, { recursive: true, force: true });
  });
