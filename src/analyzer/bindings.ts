import type * as TS from "typescript";
import { ScopeResolver } from "./scope";
import { outerExpression, walk } from "./walk";

/** The package whose `secret` the analyzer follows. */
export const PACKAGE_NAME = "keystash";

/** What a local name bound from keystash stands for: `secret` itself, or the whole module. */
export type BindingKind = "secret" | "namespace";

/** A use of the package that cannot be followed statically (KS1007 / KS1008). */
export interface UnfollowableUse {
  node: TS.Node;
  id: "notCalled" | "dynamicImport";
  data: Record<string, string>;
}

/** Everything in one file that binds or loads the keystash module. */
export interface ModuleBindings {
  /** Binding name nodes (the identifier that declares the local) and what they stand for. */
  names: Map<TS.Identifier, BindingKind>;
  /** Expressions that are the module itself, used in place: `require("keystash").secret(...)`. */
  moduleExpressions: TS.Expression[];
  unfollowable: UnfollowableUse[];
}

function isPackageSpecifier(ts: typeof TS, node: TS.Node | undefined): boolean {
  return !!node && ts.isStringLiteralLike(node) && node.text === PACKAGE_NAME;
}

/** The text of a property key written as an identifier or a string, else undefined (computed). */
function staticKey(ts: typeof TS, key: TS.Node | undefined): string | undefined {
  if (!key) return undefined;
  if (ts.isIdentifier(key) || ts.isStringLiteralLike(key) || ts.isNumericLiteral(key)) return key.text;
  return undefined;
}

/** What an imported or destructured member of the module stands for (`default` is the module under CommonJS interop). */
function memberKind(member: string): BindingKind | undefined {
  if (member === "secret") return "secret";
  if (member === "default") return "namespace";
  return undefined;
}

/**
 * How a call loads the package: `require` / `module.require` (followable), another loader,
 * or not at all (including a local function that happens to be named `require`).
 */
function packageLoad(ts: typeof TS, call: TS.CallExpression, scopes: ScopeResolver): "require" | "other" | undefined {
  if (call.arguments.length !== 1 || !isPackageSpecifier(ts, call.arguments[0])) return undefined;
  const callee = call.expression;
  const isGlobal = (identifier: TS.Identifier, name: string) => identifier.text === name && scopes.resolve(identifier) === undefined;
  if (ts.isIdentifier(callee) && callee.text === "require") return isGlobal(callee, "require") ? "require" : undefined;
  // module.require("keystash")
  if (ts.isPropertyAccessExpression(callee) && callee.name.text === "require" && ts.isIdentifier(callee.expression) && isGlobal(callee.expression, "module")) {
    return "require";
  }
  // createRequire(import.meta.url)("keystash"), req.require("keystash"), this.require("keystash")
  const calleeName = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
  if (ts.isCallExpression(callee) || (calleeName !== undefined && /require$/i.test(calleeName))) return "other";
  return undefined; // console.log("keystash") and the like merely mention the name
}

/**
 * Finds every import, require, re-export and other load of the keystash package in a file.
 * Anything that loads the package in a way the analyzer cannot follow is reported, never
 * skipped: deny by default.
 */
export function collectBindings(ts: typeof TS, sourceFile: TS.SourceFile): ModuleBindings {
  const result: ModuleBindings = { names: new Map(), moduleExpressions: [], unfollowable: [] };
  const scopes = new ScopeResolver(ts);
  const unfollowable = (node: TS.Node, id: UnfollowableUse["id"], data: Record<string, string>) => result.unfollowable.push({ node, id, data });

  const addImport = (node: TS.ImportDeclaration): void => {
    const clause = node.importClause;
    if (!clause || clause.isTypeOnly) return;
    // import ks from "keystash" (CommonJS interop: the default is the whole module)
    if (clause.name) result.names.set(clause.name, "namespace");
    const bindings = clause.namedBindings;
    if (!bindings) return;
    if (ts.isNamespaceImport(bindings)) {
      result.names.set(bindings.name, "namespace");
      return;
    }
    for (const element of bindings.elements) {
      // import { secret }, import { secret as s }, import { default as ks }, import { "secret" as s }
      const kind = memberKind((element.propertyName ?? element.name).text);
      if (!element.isTypeOnly && kind) result.names.set(element.name, kind);
    }
  };

  const addReExport = (node: TS.ExportDeclaration): void => {
    const clause = node.exportClause;
    if (clause && ts.isNamedExports(clause)) {
      for (const element of clause.elements) {
        const member = (element.propertyName ?? element.name).text;
        if (element.isTypeOnly) continue;
        // export { secret } from "keystash"
        if (member === "secret") unfollowable(element, "notCalled", { reference: "secret", context: "re-exported" });
        // export { default } from "keystash": the whole module under another name
        else if (member === "default") unfollowable(element, "dynamicImport", { found: "A re-export of keystash's default export" });
      }
      return;
    }
    // export * from "keystash" / export * as ks from "keystash"
    unfollowable(node, "dynamicImport", { found: "A re-export of all of keystash" });
  };

  const addRequireBinding = (declaration: TS.VariableDeclaration, call: TS.CallExpression): void => {
    const name = declaration.name;
    // const ks = require("keystash")
    if (ts.isIdentifier(name)) {
      result.names.set(name, "namespace");
      return;
    }
    if (ts.isArrayBindingPattern(name)) {
      unfollowable(call, "dynamicImport", { found: "An array destructuring of keystash" });
      return;
    }
    // const { secret } = require("keystash"), const { secret: s, default: ks, "secret": t } = ...
    for (const element of name.elements) {
      const key = element.propertyName ?? element.name;
      const member = element.dotDotDotToken ? undefined : staticKey(ts, key);
      if (member === undefined) {
        unfollowable(element, "dynamicImport", { found: element.dotDotDotToken ? "A rest binding of keystash" : "A computed destructuring of keystash" });
        continue;
      }
      const kind = memberKind(member);
      if (!kind) continue;
      if (ts.isIdentifier(element.name)) result.names.set(element.name, kind);
      else unfollowable(element, "dynamicImport", { found: `A nested destructuring of \`${member}\`` });
    }
  };

  const addRequire = (call: TS.CallExpression): void => {
    const outer = outerExpression(ts, call);
    const parent = outer.parent;
    if (ts.isVariableDeclaration(parent) && parent.initializer === outer) return addRequireBinding(parent, call);
    if (ts.isExpressionStatement(parent)) return; // require("keystash") for its side effects
    if ((ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent)) && parent.expression === outer) {
      result.moduleExpressions.push(call);
      return;
    }
    unfollowable(call, "dynamicImport", { found: '`require("keystash")` used as a value' });
  };

  walk(ts, sourceFile, (node) => {
    if (ts.isImportDeclaration(node)) {
      if (isPackageSpecifier(ts, node.moduleSpecifier)) addImport(node);
      return false;
    }
    if (ts.isImportEqualsDeclaration(node)) {
      // import ks = require("keystash")
      const reference = node.moduleReference;
      if (!node.isTypeOnly && ts.isExternalModuleReference(reference) && isPackageSpecifier(ts, reference.expression)) {
        result.names.set(node.name, "namespace");
      }
      return false;
    }
    if (ts.isExportDeclaration(node)) {
      if (!node.isTypeOnly && isPackageSpecifier(ts, node.moduleSpecifier)) addReExport(node);
      return false;
    }
    if (ts.isCallExpression(node)) {
      if (node.expression.kind === ts.SyntaxKind.ImportKeyword && isPackageSpecifier(ts, node.arguments[0])) {
        unfollowable(node, "dynamicImport", { found: '`import("keystash")`' });
      } else {
        const load = packageLoad(ts, node, scopes);
        if (load === "require") addRequire(node);
        else if (load === "other") unfollowable(node, "dynamicImport", { found: `Loading keystash through \`${node.expression.getText(sourceFile).slice(0, 40)}\`` });
      }
    }
    return true;
  });
  return result;
}
