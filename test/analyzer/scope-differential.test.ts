import { parseForESLint } from "@typescript-eslint/parser";
import * as ts from "typescript";
import { ScopeResolver } from "../../src/analyzer/scope";
import { seededRandom } from "../helpers/random";

// Scopes follow the language: keystash's own resolver (src/analyzer/scope.ts) must resolve every
// reference to `secret` in thousands of generated programs to the same declaration as
// @typescript-eslint/scope-manager, the scope analyzer ESLint rules run on. The programs nest
// every construct that opens a scope or declares a name (blocks, functions and their
// parameters, arrows, function and class expression names, catch, for heads, switch, namespaces,
// hoisted var, block functions), with `secret` shadowed or not at random.
//
// Left out on purpose: parameter defaults next to a body `var` of the same name. The language
// gives defaults a scope of their own there (keystash follows it, tested in the case table);
// scope-manager, like eslint-scope, lets the default see the body's var.

const PROGRAMS = 2000;

/**
 * Where a statement goes: `mode` is the function scope's choice of `var` or lexical
 * declarations of `secret` (mixing them is an early error where a `var` hoists across a `let`),
 * and `declared` whether this block already declares `secret` (a second one is an early error).
 */
interface Place {
  mode: "var" | "lexical";
  block: { declared: boolean };
}

function generate(next: () => number): string {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const chance = (p: number) => next() < p;
  let n = 0;
  const call = () => `secret("S${n++}");`;
  const newFunction = (paramsBindSecret: boolean): Place => ({ mode: chance(0.5) ? "var" : "lexical", block: { declared: paramsBindSecret } });
  const inBlock = (place: Place, declared = false): Place => ({ mode: place.mode, block: { declared } });
  const statements = (depth: number, place: Place): string => Array.from({ length: 1 + Math.floor(next() * 2) }, () => statement(depth + 1, place)).join(" ");
  const params = (): [string, boolean] => pick<[string, boolean]>([["", false], ["secret", true], ["a, secret", true], ["{ secret }", true], ["[secret]", true], ["...secret", true], ["a", false], ["{ a: secret }", true], ["a = 1", false], ["{ secret } = {}", true]]);
  const fn = (depth: number, body: (place: Place, list: string) => string): string => {
    const [list, binds] = params();
    return body(newFunction(binds), list);
  };
  const statement = (depth: number, place: Place): string => {
    if (depth > 3) return call();
    const id = n++;
    const lexical = place.mode === "lexical" && !place.block.declared;
    const declare = (text: string) => {
      place.block.declared = true;
      return `${text} ${call()}`;
    };
    const forms: (() => string)[] = [
      call,
      call,
      () => `{ ${statements(depth, inBlock(place))} }`,
      () => `if (x) { ${statements(depth, inBlock(place))} } else { ${statements(depth, inBlock(place))} }`,
      () => `for (let i = 0; i < 1; i++) { ${statements(depth, inBlock(place))} }`,
      () => `try { ${statements(depth, inBlock(place))} } catch (secret) { ${statements(depth, inBlock(place, true))} }`,
      () => `try { ${statements(depth, inBlock(place))} } catch { ${statements(depth, inBlock(place))} } finally { ${statements(depth, inBlock(place))} }`,
      () => `switch (x) { case 1: ${statements(depth, inBlock(place))} }`,
      () => `l${id}: { ${statements(depth, inBlock(place))} }`,
      () => fn(depth, (inner, list) => `function f${id}(${list}) { ${statements(depth, inner)} }`),
      () => fn(depth, (inner, list) => `const a${id} = (${list}) => { ${statements(depth, inner)} };`),
      () => fn(depth, (_inner, list) => `const e${id} = (${list}) => secret("S${n++}");`),
      () => `const g${id} = function secret() { ${statements(depth, newFunction(false))} };`,
      () => fn(depth, (inner, list) => `const h${id} = function (${list}) { ${statements(depth, inner)} };`),
      () => `const c${id} = class secret { m() { ${statements(depth, newFunction(false))} } };`,
      () => fn(depth, (inner, list) => `const d${id} = class { m(${list}) { ${statements(depth, inner)} } static { ${statements(depth, newFunction(false))} } };`),
      () => `namespace N${id} { ${statements(depth, newFunction(false))} }`,
      () => fn(depth, (inner, list) => `const o${id} = { m(${list}) { ${statements(depth, inner)} } };`),
    ];
    if (lexical) {
      forms.push(() => declare("let secret = 1;"), () => declare("const secret = 2;"), () => declare("function secret() {}"), () => declare("class secret {}"));
      forms.push(() => `for (let secret of []) { ${statements(depth, inBlock(place))} }`);
    }
    if (place.mode === "var") forms.push(() => `var secret = 3; ${call()}`, () => `for (var secret in {}) { ${statements(depth, inBlock(place))} }`);
    return pick(forms)();
  };
  // At the top level `secret` is the import: a lexical declaration of this block.
  const top: Place = { mode: "lexical", block: { declared: true } };
  const body = Array.from({ length: 2 + Math.floor(next() * 3) }, () => statement(0, top));
  return `import { secret } from "keystash";\ndeclare const x: number;\n${body.join("\n")}\n`;
}

/** Each reference to `secret` in a call, by offset, and the offset of the declaration it resolves to (null: global). */
function ours(code: string): [number, number | null][] {
  const file = ts.createSourceFile("p.ts", code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const resolver = new ScopeResolver(ts);
  const found: [number, number | null][] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === "secret") {
      const declaration = resolver.resolve(node.expression);
      found.push([node.expression.getStart(file), declaration ? declaration.getStart(file) : null]);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found.sort((a, b) => a[0] - b[0]);
}

function theirs(code: string): [number, number | null][] {
  const { scopeManager } = parseForESLint(code, { range: true, sourceType: "module", filePath: "p.ts" });
  const found: [number, number | null][] = [];
  for (const scope of scopeManager!.scopes) {
    for (const reference of scope.references) {
      if (reference.identifier.name !== "secret" || !reference.isRead()) continue;
      const declared = reference.resolved?.identifiers[0];
      found.push([reference.identifier.range[0], declared ? declared.range[0] : null]);
    }
  }
  return found.sort((a, b) => a[0] - b[0]);
}

test(`${PROGRAMS} generated programs: every reference to secret resolves as @typescript-eslint/scope-manager resolves it`, () => {
  let references = 0;
  let local = 0;
  for (let seed = 1; seed <= PROGRAMS; seed++) {
    const code = generate(seededRandom(seed));
    const expected = theirs(code);
    expect({ seed, code, resolved: ours(code) }).toEqual({ seed, code, resolved: expected });
    references += expected.length;
    local += expected.filter(([, declared]) => declared !== null && declared !== code.indexOf("secret")).length;
  }
  // The generator exercises both answers often, not one of them.
  expect(references).toBeGreaterThan(PROGRAMS * 3);
  expect(local / references).toBeGreaterThan(0.2);
  expect(local / references).toBeLessThan(0.95);
  expect(references - local).toBeGreaterThan(PROGRAMS); // the import itself, on average more than once a program
});
