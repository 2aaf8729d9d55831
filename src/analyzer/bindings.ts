import type * as TS from "typescript";

/** The package whose `secret` the analyzer follows. */
export const PACKAGE_NAME = "keystash";

/** What a local name bound from keystash stands for. */
export type BindingKind = "secret" | "namespace";

/** A use of the package that cannot be followed statically (KS1007 / KS1008). */
export interface UnfollowableUse {
  node: TS.Node;
  id: "notCalled" | "dynamicImport";
  data: Record<string, string>;
}

/** Everything in one file that binds or escapes the keystash module. */
export interface ModuleBindings {
  /** Binding name nodes (the identifier that declares the local) and what they stand for. */
  names: Map<TS.Identifier, BindingKind>;
  /** `require("keystash")` calls used directly as a namespace: `require("keystash").secret(...)`. */
  requireCalls: TS.CallExpression[];
  unfollowable: UnfollowableUse[];
}

function isPackageSpecifier(ts: typeof TS, node: TS.Node | undefined): boolean {
  return !!node && ts.isStringLiteralLike(node) && node.text === PACKAGE_NAME;
}

/** `require("keystash")` */
export function isPackageRequire(ts: typeof TS, node: TS.Node): node is TS.CallExpression {
  return (
    ts.isCallExpression(node) &&
    ts.isIdentifier(node.expression) &&
    node.expression.text === "require" &&
    node.arguments.length === 1 &&
    isPackageSpecifier(ts, node.arguments[0])
  );
}

/** Skips parentheses upwards: the node a parenthesised expression stands in. */
export function outerExpression(ts: typeof TS, node: TS.Node): TS.Node {
  let current = node;
  while (ts.isParenthesizedExpression(current.parent)) current = current.parent;
  return current;
}

/** Finds every import, require and re-export of the keystash package in a file. */
export function collectBindings(ts: typeof TS, sourceFile: TS.SourceFile): ModuleBindings {
  const result: ModuleBindings = { names: new Map(), requireCalls: [], unfollowable: [] };
  const visit = (node: TS.Node): void => {
    if (ts.isImportDeclaration(node)) {
      if (isPackageSpecifier(ts, node.moduleSpecifier)) addImport(node);
      return;
    }
    if (ts.isImportEqualsDeclaration(node)) {
      // import ks = require("keystash")
      const reference = node.moduleReference;
      if (!node.isTypeOnly && ts.isExternalModuleReference(reference) && isPackageSpecifier(ts, reference.expression)) {
        result.names.set(node.name, "namespace");
      }
      return;
    }
    if (ts.isExportDeclaration(node)) {
      if (!node.isTypeOnly && isPackageSpecifier(ts, node.moduleSpecifier)) addReExport(node);
      return;
    }
    if (ts.isCallExpression(node)) {
      if (node.expression.kind === ts.SyntaxKind.ImportKeyword && isPackageSpecifier(ts, node.arguments[0])) {
        result.unfollowable.push({ node, id: "dynamicImport", data: { found: '`import("keystash")`' } });
      } else if (isPackageRequire(ts, node)) {
        addRequire(node);
      }
    }
    ts.forEachChild(node, visit);
  };

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
      const imported = element.propertyName ?? element.name;
      if (!element.isTypeOnly && imported.text === "secret") result.names.set(element.name, "secret");
    }
  };

  const addReExport = (node: TS.ExportDeclaration): void => {
    const clause = node.exportClause;
    if (clause && ts.isNamedExports(clause)) {
      // export { secret } from "keystash"
      for (const element of clause.elements) {
        if (!element.isTypeOnly && (element.propertyName ?? element.name).text === "secret") {
          result.unfollowable.push({
            node: element,
            id: "notCalled",
            data: { reference: "secret", context: "re-exported" },
          });
        }
      }
      return;
    }
    // export * from "keystash" / export * as ks from "keystash"
    result.unfollowable.push({ node, id: "dynamicImport", data: { found: "A re-export of all of keystash" } });
  };

  const addRequire = (call: TS.CallExpression): void => {
    const outer = outerExpression(ts, call);
    const parent = outer.parent;
    if (ts.isVariableDeclaration(parent) && parent.initializer === outer) {
      const name = parent.name;
      if (ts.isIdentifier(name)) {
        // const ks = require("keystash")
        result.names.set(name, "namespace");
        return;
      }
      if (ts.isObjectBindingPattern(name)) {
        // const { secret } = require("keystash"), const { secret: s } = require("keystash")
        for (const element of name.elements) {
          const key = element.propertyName ?? element.name;
          if (element.dotDotDotToken) {
            result.unfollowable.push({ node: element, id: "dynamicImport", data: { found: "A rest binding of keystash" } });
          } else if (ts.isIdentifier(key) && key.text === "secret") {
            if (ts.isIdentifier(element.name)) result.names.set(element.name, "secret");
            else result.unfollowable.push({ node: element, id: "dynamicImport", data: { found: "A nested destructuring of `secret`" } });
          }
        }
        return;
      }
    }
    if (ts.isExpressionStatement(parent)) return; // require("keystash") for its side effects
    if (ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent)) {
      result.requireCalls.push(call);
      return;
    }
    result.unfollowable.push({ node: call, id: "dynamicImport", data: { found: '`require("keystash")` used as a value' } });
  };

  ts.forEachChild(sourceFile, visit);
  return result;
}
