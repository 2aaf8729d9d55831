import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import type * as TS from "typescript";
import { messages, type FindingId } from "../../src/analyzer/messages";
import { DIAGNOSTIC_CODE_BASE } from "../../src/transformer";
import { runCli, tempDir, writeFiles } from "../helpers/cli";
import { lintMessages, tsp } from "../helpers/front-ends";
import { seededRandom } from "../helpers/random";

/**
 * Deny by default, as a property: random programs mixing valid and invalid forms (from the
 * grammar below, seeded) go through the CLI, the transformer and the ESLint rule, and then
 * run against a stub `keystash` that logs every `secret()` call. Every call that executes must
 * be in the manifest or diagnosed on its line, nothing enters the manifest that does not run,
 * and the three front ends report the same findings.
 */
const PROGRAMS = 1000;

/** How a file gets hold of the package, and the expression that is `secret` there. */
interface ImportForm {
  header: string;
  /** Expressions that evaluate to `secret`. */
  accessors: string[];
  /**
   * A load the analyzer cannot follow: refused on the header's line (KS1008), which covers every
   * call through it (none enters the manifest).
   */
  refused?: true;
}

const IMPORT_FORMS: ImportForm[] = [
  { header: 'import { secret } from "keystash";', accessors: ["secret"] },
  { header: 'import { secret as s } from "keystash";', accessors: ["s"] },
  { header: 'import * as ks from "keystash";', accessors: ["ks.secret", 'ks["secret"]'] },
  { header: 'import ks from "keystash";', accessors: ["ks.secret", "ks.default.secret"] },
  { header: 'import { default as ks } from "keystash";', accessors: ["ks.secret", 'ks["default"].secret'] },
  { header: 'import ks = require("keystash");', accessors: ["ks.secret"] },
  { header: 'const { secret } = require("keystash");', accessors: ["secret"] },
  { header: 'const { secret: s2 } = require("keystash");', accessors: ["s2"] },
  { header: 'const { "secret": s3 } = require("keystash");', accessors: ["s3"] },
  { header: 'const kr = require("keystash");', accessors: ["kr.secret", 'require("keystash").secret', 'module.require("keystash").secret'] },
  { header: 'const { secret } = require("\\u006beystash");', accessors: ["secret"] },
  // Identified by where the specifier leads, not by its spelling.
  { header: 'import { secret } from "keystash/";', accessors: ["secret"] },
  { header: 'import { secret } from "../node_modules/keystash/dist/runtime/index.js";', accessors: ["secret"] },
  { header: 'const { secret } = (require)("keystash");', accessors: ["secret"], refused: true },
  { header: 'const kd = require("keystash/");', accessors: ["kd.secret"] },
  // Loaders that cannot be followed are refused, never ignored.
  { header: 'const kc = require.call(null, "keystash");', accessors: ["kc.secret"], refused: true },
  { header: 'const km = module["require"]("keystash");', accessors: ["km.secret"], refused: true },
  { header: 'const ka = Reflect.apply(require, null, ["keystash"]);', accessors: ["ka.secret"], refused: true },
];

type Kind = "valid" | "shadow" | "other";
type Template = (s: string, name: string, i: number) => string;

const VALID: Template[] = [
  (s, n, i) => `const v${i} = ${s}("${n}");`,
  (s, n, i) => `export const v${i} = ${s}("${n}");`,
  (s, n, i) => `let v${i} = wrap(${s}("${n}"));`,
  (s, n, i) => `var v${i} = { k: ${s}("${n}") };`,
  (s, n, i) => `const v${i} = ((${s}))("${n}");`,
  (s, n, i) => `const v${i} = ${s}("${n}") || 1;`,
  (s, n, i) => `const v${i} = ${'"x" + '.repeat(300)}String(${s}("${n}"));`,
];

const OTHER: Template[] = [
  (s, n) => `${s}("${n}");`,
  (s, n) => `(() => { ${s}("${n}"); })();`,
  (s, n) => `if (wrap(true)) { ${s}("${n}"); }`,
  (s, n) => `for (const _ of [1]) { ${s}("${n}"); }`,
  (s, n) => `wrap(true) && ${s}("${n}");`,
  (s, n, i) => `const v${i} = wrap(false) || ${s}("${n}");`,
  (s, n, i) => `const v${i} = wrap(null) ?? ${s}("${n}");`,
  (s, n, i) => `const v${i} = obj?.f(${s}("${n}"));`,
  (s, n, i) => `const v${i} = obj?.[String(${s}("${n}"))];`,
  (s, n, i) => `class C${i} extends mixin(${s}("${n}")) {}`,
  (s, n, i) => `@dec(${s}("${n}")) class D${i} {}`,
  (s, n, i) => `class M${i} { @dec(${s}("${n}")) run() {} }`,
  (s, n, i) => `class E${i} { static { ${s}("${n}"); } }`,
  (s, n, i) => `class F${i} { f = ${s}("${n}"); } new F${i}();`,
  (s, n, i) => `const [v${i}] = [${s}("${n}")];`,
  (s, n, i) => `const { v${i} } = { v${i}: ${s}("${n}") };`,
  (s, n, i) => `let v${i}: unknown; v${i} = ${s}("${n}");`,
  (s, n, i) => `const a${i} = ${s}; a${i}("${n}");`,
  (s, n, i) => `const v${i} = (0, ${s})("${n}");`,
  (s, n, i) => `const v${i} = wrap(${s})("${n}");`,
  (s, n, i) => `const v${i} = [${s}][0]!("${n}");`,
  (s, n, i) => `const v${i} = { k: ${s} }.k("${n}");`,
  (s, n, i) => `const v${i} = wrap(true) ? ${s}("${n}") : 0;`,
  (s, n) => `switch (wrap(1)) { case 1: ${s}("${n}"); }`,
  (s, n) => `try { ${s}("${n}"); } catch {}`,
  (s, n, i) => `const v${i} = new (class { constructor() { ${s}("${n}"); } })();`,
  (s, n, i) => `const v${i} = Reflect.apply(${s}, null, ["${n}"]);`,
  (s, n, i) => `const v${i} = ${s}.call(null, "${n}");`,
  (s, n, i) => `const v${i} = (${s} as any)<"${n}">("${n}", 2);`,
  (s, n, i) => `function h${i}() { ${s}("${n}"); }`,
  (s, n, i) => `const v${i} = wrap(false) && (() => ${s}("${n}"))();`,
  (s, n, i) => `const v${i} = [1].map(() => ${s}("${n}"));`,
  (s, n, i) => `enum En${i} { A = String(${s}("${n}")).length }`,
];

/** A local that shadows the accessor's root: the call runs, but it is not keystash's. */
const SHADOW: Template = (s, n, i) => {
  const root = /^[A-Za-z_$][\w$]*/.exec(s)![0];
  const member = s.slice(root.length);
  const fake = member === "" ? "(x: string) => x" : "{ secret: (x: string) => x, default: { secret: (x: string) => x } }";
  return root === "require" || root === "module"
    ? `function g${i}() { const require = (m: string) => ({ secret: (x: string) => x }); return require("keystash").secret("${n}"); } g${i}();`
    : `function g${i}(${root}: any) { return ${root}${member}("${n}"); } g${i}(${fake});`;
};

const PRELUDE = [
  "const wrap = (x: any): any => x;",
  "const mixin = (_x: any) => class {};",
  "const obj: any = { f: (x: any) => x };",
  "const dec = (_x: any) => (target: any, _context?: any) => target;",
  "declare const module: any;",
];

interface Program {
  file: string;
  code: string;
  /** The header is a refused load (see ImportForm.refused). */
  refused: boolean;
  /** Line (1-based) -> the secret name used there and what the line must give. */
  lines: Map<number, { name: string; kind: Kind }>;
}

function generate(index: number, next: () => number): Program {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const form = pick(IMPORT_FORMS);
  const lines = [form.header, ...PRELUDE];
  const expected = new Map<number, { name: string; kind: Kind }>();
  const statements = 3 + Math.floor(next() * 6);
  for (let i = 0; i < statements; i++) {
    const name = `P${index}_${i}`;
    const roll = next();
    let kind: Kind = roll < 0.35 ? "valid" : roll < 0.45 ? "shadow" : "other";
    // Through a refused load nothing is valid: every call is covered by the header's diagnostic.
    if (form.refused && kind === "valid") kind = "other";
    const template = kind === "valid" ? pick(VALID) : kind === "shadow" ? SHADOW : pick(OTHER);
    const accessor = pick(form.accessors);
    // A local loader named `require` in a file that names the package is refused (KS1008),
    // not trusted as harmless: that line is a diagnosed "other", not a silent shadow.
    if (kind === "shadow" && /^(require|module)\b/.test(accessor)) kind = "other";
    lines.push(template(accessor, name, i));
    expected.set(lines.length, { name, kind });
  }
  return { file: `src/p${index}.ts`, code: `${lines.join("\n")}\nexport {};\n`, refused: form.refused === true, lines: expected };
}

type Found = Map<string, Set<string>>; // file -> "id@line:column"

const idByTsCode = new Map(Object.entries(messages).map(([id, m]) => [DIAGNOSTIC_CODE_BASE + Number(m.code.slice(2)), id as FindingId]));

describe("deny by default: generated programs", () => {
  const next = seededRandom(20261129);
  const programs = Array.from({ length: PROGRAMS }, (_, i) => generate(i, next));
  // The three front ends run once, in the hook (not while jest collects the tests, so `-t` costs nothing).
  let root: string;
  let fromCli: Found;
  let manifest: Map<string, { file: string; line: number }>;
  let fromTransformer: Found;
  let executed: Map<string, string>;
  beforeAll(() => {
    root = tempDir("keystash-property-");
    writeFiles(root, {
      "package.json": '{ "name": "property" }',
      // The stub logs each call's name per calling file; its default is the module itself (CommonJS).
      "node_modules/keystash/index.js": [
        "const calls = (globalThis.__keystashCalls ??= []);",
        "function secret(name) { calls.push([globalThis.__keystashFile, String(name)]); return () => ''; }",
        "module.exports = { secret };",
        "module.exports.default = module.exports;",
      ].join("\n"),
      "node_modules/keystash/dist/runtime/index.js": 'module.exports = require("../../index.js");',
      // No exports map: `keystash/` loads the main file, as bundlers load it.
      "node_modules/keystash/package.json": JSON.stringify({ name: "keystash", main: "index.js" }),
      ...Object.fromEntries(programs.map((p) => [p.file, p.code])),
    });
    // node_modules/keystash is the stub; the transformer itself is loaded from this repository.
    const transformer = path.join(__dirname, "../../dist/transformer/index.js");

    // Front end 1: the CLI.
    const cli = runCli(["manifest", "--json"], { cwd: root });
    const cliOutput = JSON.parse(cli.stdout) as { manifest: { secrets: { name: string; declarations: { file: string; line: number }[] }[] }; diagnostics: { id: string; file: string; line: number; column: number }[] };
    fromCli = new Map();
    for (const d of cliOutput.diagnostics) fromCli.set(d.file, (fromCli.get(d.file) ?? new Set()).add(`${d.id}@${d.line}:${d.column}`));
    manifest = new Map<string, { file: string; line: number }>();
    for (const s of cliOutput.manifest.secrets) for (const d of s.declarations) manifest.set(s.name, d);

    // Front end 2: a real ts-patch build with the transformer, which also emits the JS we run.
    const program = tsp.createProgram(programs.map((p) => path.join(root, p.file)), {
      module: tsp.ModuleKind.CommonJS, target: tsp.ScriptTarget.ES2022, esModuleInterop: true, outDir: path.join(root, "dist"),
      rootDir: root, types: [], noEmitOnError: false, skipLibCheck: true, configFilePath: path.join(root, "tsconfig.json"),
      plugins: [{ transform: transformer } as unknown as TS.PluginImport],
    });
    const emitted = program.emit();
    fromTransformer = new Map();
    for (const diagnostic of emitted.diagnostics) {
      const id = idByTsCode.get(diagnostic.code);
      if (!id || !diagnostic.file || diagnostic.start === undefined) continue;
      const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
      const file = path.relative(root, diagnostic.file.fileName);
      fromTransformer.set(file, (fromTransformer.get(file) ?? new Set()).add(`${id}@${line + 1}:${character + 1}`));
    }

    // The emitted modules sit one folder deeper (dist/src): a relative path into node_modules must still lead there.
    fs.symlinkSync(path.join(root, "node_modules"), path.join(root, "dist/node_modules"), "dir");
    // Run every emitted module once, in one process, recording which secret() calls executed.
    const runner = path.join(root, "run-all.js");
    fs.writeFileSync(runner, [
      "const results = {};",
      `for (const file of ${JSON.stringify(programs.map((p) => p.file))}) {`,
      "  globalThis.__keystashFile = file;",
      "  try { require('./dist/' + file.replace(/\\.ts$/, '.js')); } catch (error) { results[file] = String(error && error.message); }",
      "}",
      "process.stdout.write(JSON.stringify({ calls: globalThis.__keystashCalls ?? [], errors: results }));",
    ].join("\n"));
    const run = JSON.parse(execFileSync(process.execPath, [runner], { cwd: root, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 })) as { calls: [string, string][] };
    executed = new Map<string, string>(run.calls.map(([file, name]) => [name, file]));
  }, 600_000);

  test("the generated set is large and exercises every outcome", () => {
    const kinds = programs.flatMap((p) => [...p.lines.values()].map((l) => l.kind));
    expect(programs.length).toBeGreaterThanOrEqual(1000);
    expect(kinds.filter((k) => k === "valid").length).toBeGreaterThan(1000);
    expect(kinds.filter((k) => k === "other").length).toBeGreaterThan(1500);
    expect(executed.size).toBeGreaterThan(2000);
  });

  test("zero silent misses: every call that executes is in the manifest or diagnosed on its line", () => {
    const misses: string[] = [];
    for (const p of programs) {
      const diagnosedLines = new Set([...(fromCli.get(p.file) ?? [])].map((f) => Number(/@(\d+):/.exec(f)![1])));
      if (p.refused && !diagnosedLines.has(1)) misses.push(`${p.file}:1: a refused load passed silently: ${p.code.split("\n")[0]}`);
      for (const [line, { name, kind }] of p.lines) {
        if (kind === "shadow" || !executed.has(name) || p.refused) continue;
        if (!manifest.has(name) && !diagnosedLines.has(line)) misses.push(`${p.file}:${line} (${p.code.split("\n")[0]}): ${p.code.split("\n")[line - 1]}`);
      }
    }
    expect(misses).toEqual([]);
  });

  test("nothing enters the manifest that does not run, and valid and shadowed lines carry no diagnostic", () => {
    const wrong: string[] = [];
    const headers = new Map(programs.map((p) => [p.file, p.code.split("\n")[0]]));
    for (const [name, declaration] of manifest) if (!executed.has(name)) wrong.push(`phantom ${name} at ${declaration.file}:${declaration.line} (${headers.get(declaration.file)})`);
    for (const p of programs) {
      const diagnosed = [...(fromCli.get(p.file) ?? [])];
      for (const [line, { name, kind }] of p.lines) {
        const onLine = diagnosed.filter((f) => f.includes(`@${line}:`));
        if (kind === "valid" && (!manifest.has(name) || onLine.length)) wrong.push(`valid ${p.file}:${line} ${onLine.join(" ")}: ${p.code.split("\n")[line - 1]}`);
        if (kind === "shadow" && (manifest.has(name) || onLine.length)) wrong.push(`shadow ${p.file}:${line} ${onLine.join(" ")}: ${p.code.split("\n")[line - 1]}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  test("the CLI, the transformer and the ESLint rule report the same findings", () => {
    const differences: string[] = [];
    for (const p of programs) {
      const sorted = (set?: Set<string>) => [...(set ?? [])].sort();
      const lint = new Set(lintMessages(p.code, p.file).map((m) => `${String(m.messageId ?? `fatal: ${m.message}`)}@${m.line}:${m.column}`));
      const cliFindings = sorted(fromCli.get(p.file));
      if (JSON.stringify(cliFindings) !== JSON.stringify(sorted(fromTransformer.get(p.file)))) differences.push(`${p.file} transformer: ${sorted(fromTransformer.get(p.file)).join(" ")} vs cli: ${cliFindings.join(" ")}`);
      if (JSON.stringify(cliFindings) !== JSON.stringify(sorted(lint))) differences.push(`${p.file} eslint: ${sorted(lint).join(" ")} vs cli: ${cliFindings.join(" ")}`);
    }
    expect(differences).toEqual([]);
  });
});
