/**
 * One table of `secret()` usages, valid and invalid, run through the analyzer, the
 * ESLint rule and the transformer: every front end must report these ids at these positions.
 */
export interface ExpectedFinding {
  id: string;
  line: number;
  column: number;
}

export interface UsageCase {
  name: string;
  code: string;
  /** File name to analyse as (decides TS/TSX/JS parsing). */
  file?: string;
  errors: ExpectedFinding[];
  /** Names declared validly, in source order. */
  declares?: string[];
}

const IMPORT = 'import { secret } from "keystash";\n';

export const validCases: UsageCase[] = [
  { name: "named import", code: `${IMPORT}export const token = secret("GitHubAPIToken");`, errors: [], declares: ["GitHubAPIToken"] },
  { name: "aliased import", code: 'import { secret as s } from "keystash";\nconst token = s("A");', errors: [], declares: ["A"] },
  { name: "namespace import", code: 'import * as ks from "keystash";\nconst token = ks.secret("A");\ntype T = ks.Secret;', errors: [], declares: ["A"] },
  { name: "element access on namespace", code: 'import * as ks from "keystash";\nconst token = ks["secret"]("A");', errors: [], declares: ["A"] },
  { name: "require destructuring", code: 'const { secret } = require("keystash");\nconst token = secret("A");', file: "app.cjs", errors: [], declares: ["A"] },
  { name: "require destructuring alias", code: 'const { secret: s } = require("keystash");\nconst token = s("A");', file: "app.js", errors: [], declares: ["A"] },
  { name: "require member call", code: 'const token = require("keystash").secret("A");', file: "app.cjs", errors: [], declares: ["A"] },
  { name: "require namespace", code: 'const ks = require("keystash");\nvar token = ks.secret("A");', file: "app.js", errors: [], declares: ["A"] },
  { name: "wrapped in a constructor", code: `${IMPORT}const client = new Client(secret("A")());`, errors: [], declares: ["A"] },
  { name: "inside an object literal", code: `${IMPORT}export const config = { token: secret("A"), key: secret("B") };`, errors: [], declares: ["A", "B"] },
  { name: "template literal without substitutions", code: `${IMPORT}let token = secret(\`A_1\`);`, errors: [], declares: ["A_1"] },
  { name: "calling the secret inside a function is fine", code: `${IMPORT}const token = secret("A");\nfunction handler() { return token(); }`, errors: [], declares: ["A"] },
  { name: "shadowed by a parameter", code: `${IMPORT}function f(secret: (n: string) => string) { return secret("X"); }`, errors: [], declares: [] },
  { name: "shadowed by a local const", code: `${IMPORT}function f() { const secret = (n: string) => n; return secret("X"); }`, errors: [], declares: [] },
  { name: "shadowed by a hoisted var", code: `${IMPORT}function f() { if (1) { var secret = (n: string) => n; } return secret("X"); }`, errors: [], declares: [] },
  { name: "shadowed by a catch variable", code: `${IMPORT}try {} catch (secret) { secret("X"); }`, errors: [], declares: [] },
  { name: "comments and strings are not references", code: `${IMPORT}// const a = secret("A")\n/* secret(x) */\nconst s = "secret('B')";\nconst t = \`secret(\${1})\`;`, errors: [], declares: [] },
  { name: "another package's secret", code: 'import { secret } from "other-lib";\nfunction f() { secret(1, 2); }', errors: [], declares: [] },
  { name: "type-only import", code: 'import type { Secret } from "keystash";\nlet s: Secret;', errors: [], declares: [] },
  { name: "other keystash exports", code: 'import * as ks from "keystash";\nks.loadSecrets();', errors: [], declares: [] },
  { name: "TSX component", code: `${IMPORT}const token = secret("A");\nexport const App = () => <div title={token()}>hi</div>;`, file: "app.tsx", errors: [], declares: ["A"] },
  { name: "exported let and var", code: `${IMPORT}export let a = secret("A"), b = secret("B");`, errors: [], declares: ["A", "B"] },
  { name: "side-effect require", code: 'require("keystash");', file: "a.cjs", errors: [], declares: [] },
  // Forms that reach `secret` without naming it plainly: each must end in the manifest.
  { name: "instantiation expression called", code: `${IMPORT}const t = (secret<"A">)("A");`, errors: [], declares: ["A"] },
  { name: "import { default as ks }", code: 'import { default as ks } from "keystash";\nconst t = ks.secret("A");', errors: [], declares: ["A"] },
  { name: "ks.default.secret", code: 'import ks from "keystash";\nconst t = ks.default.secret("A");', errors: [], declares: ["A"] },
  { name: "ks[\"default\"].secret", code: 'import ks from "keystash";\nconst t = ks["default"].secret("A");', errors: [], declares: ["A"] },
  { name: "string-keyed require destructuring", code: 'const { "secret": s } = require("keystash");\nconst t = s("A");', file: "a.cjs", errors: [], declares: ["A"] },
  { name: "require default destructuring", code: 'const { default: ks } = require("keystash");\nconst t = ks.secret("A");', file: "a.cjs", errors: [], declares: ["A"] },
  { name: "module.require", code: 'const { secret } = module.require("keystash");\nconst t = secret("A");', file: "a.cjs", errors: [], declares: ["A"] },
  { name: "specifier written with escapes", code: 'const { secret } = require("\\u006beystash");\nconst t = secret("A");', file: "a.cjs", errors: [], declares: ["A"] },
  { name: "a JSX intrinsic <secret /> is a string, not a reference", code: `${IMPORT}const t = secret("A");\nexport const App = () => <secret />;`, file: "app.tsx", errors: [], declares: ["A"] },
  { name: "typeof secret in a type never runs", code: `${IMPORT}type S = typeof secret;\nconst t = secret("A");`, errors: [], declares: ["A"] },
  { name: "implements clause never runs", code: 'import * as ks from "keystash";\nclass C implements ks.Secret {}', errors: [], declares: [] },
  { name: "the left side of || always runs", code: `${IMPORT}const t = secret("A") || fallback;`, errors: [], declares: ["A"] },
  { name: "mentioning the name is not loading it", code: 'console.log("keystash");', errors: [], declares: [] },
  // The package by where a specifier leads, not how it is spelled.
  { name: "a trailing slash", code: 'import { secret } from "keystash/";\nconst t = secret("A");', errors: [], declares: ["A"] },
  { name: "a relative path into node_modules", code: 'import { secret } from "./node_modules/keystash/dist/runtime/index.js";\nconst t = secret("A");', errors: [], declares: ["A"] },
  { name: "another case on a case-insensitive file system", code: 'import { secret } from "KeyStash";\nconst t = secret("A");', errors: [], declares: ["A"] },
  { name: "another entry point of the package", code: 'import keystash from "keystash/eslint-plugin";\nexport default [{ plugins: { keystash } }];', file: "eslint.config.mjs", errors: [], declares: [] },
  // Scopes as the language has them.
  { name: "a later var redeclares, it does not shadow", code: 'var ks = require("keystash");\nif (false) { var ks; }\nvar t = ks.secret("A");', file: "a.cjs", errors: [], declares: ["A"] },
  { name: "a type-only mention", code: 'type K = typeof import("keystash");\ndeclare module "keystash" { interface Extra {} }', errors: [], declares: [] },
];

export const invalidCases: UsageCase[] = [
  { name: "inside a function", code: `${IMPORT}function handler() {\n  const t = secret("A");\n}`, errors: [{ id: "notTopLevel", line: 3, column: 13 }] },
  { name: "inside an arrow", code: `${IMPORT}const get = () => secret("A");`, errors: [{ id: "notTopLevel", line: 2, column: 19 }] },
  { name: "inside a method", code: `${IMPORT}class C { run() { secret("A"); } }`, errors: [{ id: "notTopLevel", line: 2, column: 19 }] },
  { name: "inside a constructor", code: `${IMPORT}class C { constructor() { this.t = secret("A"); } }`, errors: [{ id: "notTopLevel", line: 2, column: 36 }] },
  { name: "inside a static block", code: `${IMPORT}class C { static { const t = secret("A"); } }`, errors: [{ id: "notTopLevel", line: 2, column: 30 }] },
  { name: "inside a block", code: `${IMPORT}{\n  const t = secret("A");\n}`, errors: [{ id: "notTopLevel", line: 3, column: 13 }] },
  { name: "inside an if", code: `${IMPORT}if (process.env.X) { const t = secret("A"); }`, errors: [{ id: "notTopLevel", line: 2, column: 32 }] },
  { name: "inside a loop", code: `${IMPORT}for (const n of ["A"]) { const t = secret("B"); }`, errors: [{ id: "notTopLevel", line: 2, column: 36 }] },
  { name: "inside a ternary", code: `${IMPORT}const t = flag ? secret("A") : secret("B");`, errors: [{ id: "notTopLevel", line: 2, column: 18 }, { id: "notTopLevel", line: 2, column: 32 }] },
  { name: "bare statement", code: `${IMPORT}secret("A");`, errors: [{ id: "notBound", line: 2, column: 1 }] },
  { name: "export default", code: `${IMPORT}export default secret("A");`, errors: [{ id: "notBound", line: 2, column: 16 }] },
  { name: "assignment", code: `${IMPORT}let t;\nt = secret("A");`, errors: [{ id: "notBound", line: 3, column: 5 }] },
  { name: "class field", code: `${IMPORT}class C { t = secret("A"); }`, errors: [{ id: "notBound", line: 2, column: 15 }] },
  { name: "object destructuring", code: `${IMPORT}const { a } = secret("A");`, errors: [{ id: "bindingPattern", line: 2, column: 15 }] },
  { name: "array destructuring", code: `${IMPORT}const [a] = [secret("A")];`, errors: [{ id: "bindingPattern", line: 2, column: 14 }] },
  { name: "no arguments", code: `${IMPORT}const t = secret();`, errors: [{ id: "argumentCount", line: 2, column: 11 }] },
  { name: "two arguments", code: `${IMPORT}const t = secret("A", "B");`, errors: [{ id: "argumentCount", line: 2, column: 11 }] },
  { name: "identifier name", code: `${IMPORT}const name = "A";\nconst t = secret(name);`, errors: [{ id: "nameNotLiteral", line: 3, column: 18 }] },
  { name: "as const variable", code: `${IMPORT}const name = "A" as const;\nconst t = secret(name);`, errors: [{ id: "nameNotLiteral", line: 3, column: 18 }] },
  { name: "concatenation", code: `${IMPORT}const t = secret("A" + "B");`, errors: [{ id: "nameNotLiteral", line: 2, column: 18 }] },
  { name: "template with substitution", code: `${IMPORT}const t = secret(\`A\${1}\`);`, errors: [{ id: "nameNotLiteral", line: 2, column: 18 }] },
  { name: "spread", code: `${IMPORT}const t = secret(...names);`, errors: [{ id: "nameNotLiteral", line: 2, column: 18 }] },
  { name: "invalid name", code: `${IMPORT}const t = secret("github-token");`, errors: [{ id: "invalidName", line: 2, column: 18 }] },
  { name: "empty name", code: `${IMPORT}const t = secret("");`, errors: [{ id: "invalidName", line: 2, column: 18 }] },
  { name: "leading digit", code: `${IMPORT}const t = secret("1A");`, errors: [{ id: "invalidName", line: 2, column: 18 }] },
  { name: "aliased through a variable", code: `${IMPORT}const f = secret;`, errors: [{ id: "notCalled", line: 2, column: 11 }] },
  { name: "passed as an argument", code: `${IMPORT}register(secret);`, errors: [{ id: "notCalled", line: 2, column: 10 }] },
  { name: "re-exported from keystash", code: 'export { secret } from "keystash";', errors: [{ id: "notCalled", line: 1, column: 10 }] },
  { name: "re-exported locally", code: `${IMPORT}export { secret };`, errors: [{ id: "notCalled", line: 2, column: 10 }] },
  { name: "namespace member as value", code: 'import * as ks from "keystash";\nconst f = ks.secret;', errors: [{ id: "notCalled", line: 2, column: 11 }] },
  { name: "dynamic import", code: 'const m = import("keystash");', errors: [{ id: "dynamicImport", line: 1, column: 11 }] },
  { name: "export star", code: 'export * from "keystash";', errors: [{ id: "dynamicImport", line: 1, column: 1 }] },
  { name: "namespace escapes", code: 'import * as ks from "keystash";\nuse(ks);', errors: [{ id: "dynamicImport", line: 2, column: 5 }] },
  { name: "computed member", code: 'import * as ks from "keystash";\nconst t = ks[key]("A");', errors: [{ id: "dynamicImport", line: 2, column: 11 }] },
  { name: "require passed around", code: 'use(require("keystash"));', file: "a.cjs", errors: [{ id: "dynamicImport", line: 1, column: 5 }] },
  { name: "nested and non-literal", code: `${IMPORT}function f(n) {\n  return secret(n);\n}`, errors: [{ id: "notTopLevel", line: 3, column: 10 }, { id: "nameNotLiteral", line: 3, column: 17 }] },
  { name: "require in a function", code: 'function f() {\n  const { secret } = require("keystash");\n  return secret("A");\n}', file: "a.js", errors: [{ id: "notTopLevel", line: 3, column: 10 }] },
  { name: "JSX attribute", code: `${IMPORT}export const App = () => <div title={secret("A")()} />;`, file: "app.tsx", errors: [{ id: "notTopLevel", line: 2, column: 38 }] },
  // Deny by default: every other reference is a diagnostic, never a silent miss.
  { name: "heritage clause", code: `${IMPORT}class A extends Mixin(secret("A")) {}`, errors: [{ id: "notBound", line: 2, column: 23 }] },
  { name: "class decorator", code: `${IMPORT}@register(secret("A"))\nclass C {}`, errors: [{ id: "notBound", line: 2, column: 11 }] },
  { name: "instantiation expression as a value", code: `${IMPORT}const f = secret<"A">;`, errors: [{ id: "notCalled", line: 2, column: 11 }] },
  { name: "import = entity alias", code: 'import * as ks from "keystash";\nimport s = ks.secret;\nconst t = s("A");', errors: [{ id: "notCalled", line: 2, column: 12 }] },
  { name: "export import alias", code: 'import * as ks from "keystash";\nexport import s = ks.secret;', errors: [{ id: "notCalled", line: 2, column: 19 }] },
  { name: "re-exporting the package default", code: 'export { default as ks } from "keystash";', errors: [{ id: "dynamicImport", line: 1, column: 10 }] },
  { name: "computed require destructuring", code: 'const { [key]: s } = require("keystash");', file: "a.cjs", errors: [{ id: "dynamicImport", line: 1, column: 9 }] },
  { name: "createRequire", code: 'const ks = createRequire(import.meta.url)("keystash");', file: "a.mjs", errors: [{ id: "dynamicImport", line: 1, column: 12 }] },
  { name: "the default escaping", code: 'import ks from "keystash";\nuse(ks.default);', errors: [{ id: "dynamicImport", line: 2, column: 5 }] },
  { name: "destructuring the namespace", code: 'import * as ks from "keystash";\nconst { secret } = ks;', errors: [{ id: "dynamicImport", line: 2, column: 20 }] },
  { name: "method decorator beside a parameter named secret", code: `${IMPORT}class C {\n  @use(secret("A")) run(secret: unknown) {}\n}`, errors: [{ id: "notTopLevel", line: 3, column: 8 }] },
  { name: "parameter decorator beside a parameter named secret", code: `${IMPORT}class C {\n  run(@inject(secret("A")) secret: unknown) {}\n}`, errors: [{ id: "notTopLevel", line: 3, column: 15 }] },
  { name: "computed method name beside a parameter named secret", code: `${IMPORT}class C {\n  [secret("A")](secret: unknown) {}\n}`, errors: [{ id: "notTopLevel", line: 3, column: 4 }] },
  { name: "right side of ||", code: `${IMPORT}const t = flag || secret("B");`, errors: [{ id: "notTopLevel", line: 2, column: 19 }] },
  { name: "right side of &&", code: `${IMPORT}const t = flag && secret("B");`, errors: [{ id: "notTopLevel", line: 2, column: 19 }] },
  { name: "right side of ??", code: `${IMPORT}const t = flag ?? secret("B");`, errors: [{ id: "notTopLevel", line: 2, column: 19 }] },
  { name: "logical assignment", code: `${IMPORT}let x;\nx ||= secret("B");`, errors: [{ id: "notTopLevel", line: 3, column: 7 }] },
  { name: "argument of an optional call", code: `${IMPORT}const t = obj?.run(secret("B"));`, errors: [{ id: "notTopLevel", line: 2, column: 20 }] },
  { name: "optional element access", code: `${IMPORT}const t = obj?.[secret("B")];`, errors: [{ id: "notTopLevel", line: 2, column: 17 }] },
  { name: "comma call", code: `${IMPORT}const t = (0, secret)("A");`, errors: [{ id: "notCalled", line: 2, column: 15 }] },
  { name: "new secret()", code: `${IMPORT}const t = new secret("A");`, errors: [{ id: "notCalled", line: 2, column: 15 }] },
  { name: "ambient declare never runs", code: `${IMPORT}declare const t = secret("A");`, errors: [{ id: "notBound", line: 2, column: 19 }] },
  { name: "using declaration", code: `${IMPORT}using t = secret("A");`, errors: [{ id: "notBound", line: 2, column: 11 }] },
  { name: "JSX component", code: 'import { secret as Secret } from "keystash";\nexport const App = () => <Secret />;', file: "app.tsx", errors: [{ id: "notCalled", line: 2, column: 27 }] },
  { name: "escaped specifier, misused", code: 'import { secret } from "keys\\x74ash";\nfunction f() { secret("A"); }', errors: [{ id: "notTopLevel", line: 2, column: 16 }] },
  // Every loader is followed or refused; a local `require` is no excuse in a file that names the package.
  {
    // Annex B would make `secret` the block function after the block runs, but only in code that
    // stays sloppy; a build step (alwaysStrict) can make it strict, so the analyzer keeps the
    // import in view and reports: a needless finding at worst, never a miss.
    name: "a block function in sloppy code is taken as block-scoped: the call still counts as the import's",
    code: 'const { secret } = require("keystash");\nfunction f() {\n  if (globalThis.x) { function secret() {} }\n  return secret("A");\n}',
    file: "a.cjs",
    errors: [{ id: "notTopLevel", line: 4, column: 10 }],
  },
  { name: "parameter default beside a body var", code: 'const { secret } = require("keystash");\nfunction f(a = secret("A")) { var secret; }', file: "a.cjs", errors: [{ id: "notTopLevel", line: 2, column: 16 }] },
  { name: "parenthesised require", code: 'const ks = (require)("keystash");', file: "a.cjs", errors: [{ id: "dynamicImport", line: 1, column: 12 }] },
  { name: "require.call", code: 'const ks = require.call(null, "keystash");', file: "a.cjs", errors: [{ id: "dynamicImport", line: 1, column: 12 }] },
  { name: "Reflect.apply of require", code: 'const ks = Reflect.apply(require, null, ["keystash"]);', file: "a.cjs", errors: [{ id: "dynamicImport", line: 1, column: 12 }] },
  { name: "module bracket require", code: 'const ks = module["require"]("keystash");', file: "a.cjs", errors: [{ id: "dynamicImport", line: 1, column: 12 }] },
  { name: "new require", code: 'const ks = new require("keystash");', file: "a.cjs", errors: [{ id: "dynamicImport", line: 1, column: 12 }] },
  { name: "require with an extra argument", code: 'const ks = require("keystash", 1);', file: "a.cjs", errors: [{ id: "dynamicImport", line: 1, column: 12 }] },
  { name: "a local function named require", code: 'function require(m) { return m; }\nconst ks = require("keystash");', file: "a.js", errors: [{ id: "dynamicImport", line: 2, column: 12 }] },
  { name: "an alias of require", code: 'const load = require;\nconst ks = load("keystash");', file: "a.cjs", errors: [{ id: "dynamicImport", line: 2, column: 12 }] },
  { name: "a UMD wrapper's require", code: '(function (require) { require("keystash"); })(require);', file: "a.js", errors: [{ id: "dynamicImport", line: 1, column: 23 }, { id: "dynamicImport", line: 1, column: 47 }] },
  { name: "createRequire assigned to require", code: 'import { createRequire } from "node:module";\nconst require = createRequire(import.meta.url);\nconst ks = require("keystash");', file: "a.mjs", errors: [{ id: "dynamicImport", line: 3, column: 12 }] },
  { name: "require.resolve of the package", code: 'const where = require.resolve("keystash");', file: "a.cjs", errors: [{ id: "dynamicImport", line: 1, column: 15 }] },
  { name: "import() of a variable holding the name", code: 'const name = "keystash";\nconst m = import(name);', file: "a.mjs", errors: [{ id: "dynamicImport", line: 2, column: 11 }] },
  { name: "an internal module of the package", code: 'import { secret } from "keystash/dist/store/store.js";', errors: [{ id: "dynamicImport", line: 1, column: 1 }] },
  // Exporting what a followed load returns is an escape.
  { name: "export const of require", code: 'export const ks = require("keystash");', errors: [{ id: "dynamicImport", line: 1, column: 19 }] },
  { name: "export const destructuring of require", code: 'export const { secret } = require("keystash");', errors: [{ id: "dynamicImport", line: 1, column: 27 }] },
  { name: "export import = require", code: 'export import ks = require("keystash");', errors: [{ id: "dynamicImport", line: 1, column: 1 }] },
  { name: "enum initializer", code: `${IMPORT}enum E { A = secret("A").length }`, errors: [{ id: "notBound", line: 2, column: 14 }] },
];
