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

/** The package's own entry points other than the runtime (`keystash/analyzer`, ...): they export no `secret`. */
const { exports: PACKAGE_EXPORTS } = require("../../package.json") as { exports: Record<string, unknown> };
const OTHER_ENTRIES = new Set(Object.keys(PACKAGE_EXPORTS).filter((key) => key !== ".").map((key) => key.slice(2)));

/**
 * What a module specifier is, identified by where it leads rather than how it is spelled:
 * `runtime` (the package's main entry: `keystash`, `keystash/`, `KeyStash` on a
 * case-insensitive file system, a path into `node_modules/keystash` or its `dist/runtime`),
 * `entry` (another entry point the package exports, such as `keystash/eslint-plugin`),
 * `internal` (any other path into the package: what it exports cannot be known), or
 * undefined (another module).
 */
export function classifySpecifier(specifier: string): "runtime" | "entry" | "internal" | undefined {
  const spec = specifier.replace(/\\/g, "/").toLowerCase();
  let sub: string;
  if (spec === PACKAGE_NAME || spec.startsWith(`${PACKAGE_NAME}/`)) {
    sub = spec.slice(PACKAGE_NAME.length);
  } else {
    const at = spec.lastIndexOf(`node_modules/${PACKAGE_NAME}`);
    const after = at < 0 ? undefined : spec.slice(at + `node_modules/${PACKAGE_NAME}`.length);
    if (after === undefined || (after !== "" && !after.startsWith("/"))) return undefined;
    sub = after;
  }
  // Resolve `.` and `..` and empty segments as Node does for a path inside the package.
  const parts: string[] = [];
  for (const part of sub.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") {
      if (parts.length === 0) return "internal"; // leaves the package: cannot be followed
      parts.pop();
    } else parts.push(part);
  }
  const inner = parts.join("/");
  if (inner === "" || inner === "dist/runtime" || inner.startsWith("dist/runtime/")) return "runtime";
  return OTHER_ENTRIES.has(inner) ? "entry" : "internal";
}

function isPackageSpecifier(ts: typeof TS, node: TS.Node | undefined): boolean {
  return !!node && ts.isStringLiteralLike(node) && classifySpecifier(node.text) === "runtime";
}

/** A string that leads into the package somewhere other than a known entry point. */
function namesPackage(ts: typeof TS, node: TS.Node | undefined): node is TS.StringLiteralLike {
  if (!node || !ts.isStringLiteralLike(node)) return false;
  const kind = classifySpecifier(node.text);
  return kind === "runtime" || kind === "internal";
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

/** `require`, whatever binds it: the global, a UMD wrapper's parameter, a local function of that name. */
const isRequireName = (ts: typeof TS, node: TS.Node): node is TS.Identifier => ts.isIdentifier(node) && node.text === "require";

/** Skips parentheses and type-only wrappers: `(require)`, `require as any`, `require!`. */
function unwrap(ts: typeof TS, node: TS.Expression): TS.Expression {
  let current = node;
  while (ts.isParenthesizedExpression(current) || ts.isAsExpression(current) || ts.isNonNullExpression(current) || ts.isTypeAssertionExpression(current) || (ts.isSatisfiesExpression?.(current) ?? false)) {
    current = (current as TS.ParenthesizedExpression).expression;
  }
  return current;
}

/**
 * Whether an expression can hold a module loader (or resolver): `require` in any binding,
 * `module.require` / `module["require"]`, `require.resolve`, `import.meta.resolve`, a
 * `createRequire(…)` result, `X.bind(…)` of one, or a variable initialised with one.
 */
function isLoader(ts: typeof TS, expression: TS.Expression, aliases: ReadonlySet<TS.Identifier>, scopes: ScopeResolver): boolean {
  const node = unwrap(ts, expression);
  if (isRequireName(ts, node)) return true;
  if (ts.isIdentifier(node)) {
    // Asked of every identifier in the file: resolve scopes only when there is an alias to find.
    if (aliases.size === 0) return false;
    const declaration = scopes.resolve(node);
    return declaration !== undefined && aliases.has(declaration);
  }
  if (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) {
    const key = ts.isPropertyAccessExpression(node) ? node.name.text : staticKey(ts, node.argumentExpression);
    const object = unwrap(ts, node.expression);
    if (key === "require" && ts.isIdentifier(object) && object.text === "module") return true;
    // require.resolve, import.meta.resolve (`createRequire` is a loader only once called: below)
    return key === "resolve" && (isRequireName(ts, object) || ts.isMetaProperty(object));
  }
  if (ts.isCallExpression(node)) {
    const callee = unwrap(ts, node.expression);
    // createRequire(import.meta.url), module.createRequire(...), loader.bind(null)
    if ((ts.isIdentifier(callee) && callee.text === "createRequire") || (ts.isPropertyAccessExpression(callee) && callee.name.text === "createRequire")) return true;
    if (ts.isPropertyAccessExpression(callee) && callee.name.text === "bind") return isLoader(ts, callee.expression, aliases, scopes);
  }
  return false;
}

/** A direct, followable load: `require("keystash")` or `module.require("keystash")`, global, one literal argument. */
function isFollowedRequire(ts: typeof TS, call: TS.CallExpression, scopes: ScopeResolver): boolean {
  if (call.arguments.length !== 1 || !isPackageSpecifier(ts, call.arguments[0])) return false;
  const callee = call.expression;
  const isGlobal = (identifier: TS.Identifier, name: string) => identifier.text === name && scopes.resolve(identifier) === undefined;
  if (ts.isIdentifier(callee)) return isGlobal(callee, "require");
  // module.require("keystash")
  return ts.isPropertyAccessExpression(callee) && callee.name.text === "require" && ts.isIdentifier(callee.expression) && isGlobal(callee.expression, "module");
}

/**
 * The arguments a call hands to the loader it invokes, when it invokes one: `L(a)`, `new L(a)`,
 * `L.call(this, a)`, `L.apply(this, [a])`, `Reflect.apply(L, this, [a])`. `unknown` when the
 * arguments cannot be read (a spread, an array that is not a literal).
 */
function loaderArguments(ts: typeof TS, call: TS.CallExpression | TS.NewExpression, isLoaderValue: (e: TS.Expression) => boolean): readonly TS.Expression[] | "unknown" | undefined {
  const args = call.arguments ?? [];
  const listed = (array: TS.Expression | undefined) => {
    const node = array && unwrap(ts, array);
    return node && ts.isArrayLiteralExpression(node) && !node.elements.some(ts.isSpreadElement) ? node.elements : "unknown";
  };
  const callee = unwrap(ts, call.expression);
  if (isLoaderValue(callee)) return args;
  if (ts.isPropertyAccessExpression(callee) && isLoaderValue(callee.expression)) {
    if (callee.name.text === "call") return args.slice(1);
    if (callee.name.text === "apply") return listed(args[1]);
  }
  // Reflect.apply(require, null, ["keystash"])
  if (ts.isPropertyAccessExpression(callee) && callee.name.text === "apply" && ts.isIdentifier(callee.expression) && callee.expression.text === "Reflect" && args[0] && isLoaderValue(args[0])) {
    return listed(args[2]);
  }
  return undefined;
}

/** Variables initialised with a loader (`const load = require`, `const req = createRequire(…)`), to a fixed point. */
function loaderAliases(ts: typeof TS, sourceFile: TS.SourceFile, scopes: ScopeResolver): Set<TS.Identifier> {
  const aliases = new Set<TS.Identifier>();
  const declarations: TS.VariableDeclaration[] = [];
  walk(ts, sourceFile, (node) => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer) declarations.push(node);
  });
  for (let changed = true; changed; ) {
    changed = false;
    for (const declaration of declarations) {
      const name = declaration.name as TS.Identifier;
      if (!aliases.has(name) && isLoader(ts, declaration.initializer!, aliases, scopes)) {
        aliases.add(name);
        changed = true;
      }
    }
  }
  return aliases;
}

/**
 * Whether a reference to a loader hands it on: anything but calling it, reading a member
 * (`require.main`, `require.cache`), `typeof require`, or initialising an alias (followed).
 */
function escapesAsLoader(ts: typeof TS, node: TS.Identifier): boolean {
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) && parent.name === node) return false;
  if ((ts.isParameter(parent) || ts.isFunctionDeclaration(parent) || ts.isFunctionExpression(parent) || ts.isBindingElement(parent)) && parent.name === node) return false;
  if ("propertyName" in parent && parent.propertyName === node) return false;
  if (ts.isPropertyAccessExpression(parent) && parent.name === node) return false;
  if (ts.isPropertyAssignment(parent) && parent.name === node) return false;
  const outer = outerExpression(ts, node);
  const holder = outer.parent;
  if ((ts.isCallExpression(holder) || ts.isNewExpression(holder)) && holder.expression === outer) return false;
  if ((ts.isPropertyAccessExpression(holder) || ts.isElementAccessExpression(holder)) && holder.expression === outer) return false;
  if (ts.isTypeOfExpression(holder)) return false;
  if (ts.isVariableDeclaration(holder) && holder.initializer === outer && ts.isIdentifier(holder.name)) return false;
  // Reflect.apply(require, …) is a call of it (checked where the call is).
  if (ts.isCallExpression(holder) && holder.arguments[0] === outer && ts.isPropertyAccessExpression(holder.expression) && holder.expression.name.text === "apply") return false;
  return !ts.isTypeNode(holder) && !ts.isQualifiedName(holder);
}

/**
 * Finds every import, require, re-export and other load of the keystash package in a file.
 * Anything that loads the package in a way the analyzer cannot follow is reported, never
 * skipped: deny by default.
 */
export function collectBindings(ts: typeof TS, sourceFile: TS.SourceFile, scopes: ScopeResolver): ModuleBindings {
  const result: ModuleBindings = { names: new Map(), moduleExpressions: [], unfollowable: [] };
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
    // export const ks = require("keystash"), export const { secret } = require("keystash")
    if (ts.isVariableStatement(declaration.parent.parent) && isExported(declaration.parent.parent)) {
      unfollowable(call, "dynamicImport", { found: "An export of what `require(\"keystash\")` returns" });
      return;
    }
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

  const aliases = loaderAliases(ts, sourceFile, scopes);
  // Whether an argument can evaluate to the package: a literal naming it, or a variable initialised with one.
  const mayBePackage = (argument: TS.Expression): boolean => {
    let found = false;
    const visit = (node: TS.Node, depth: number): void => {
      if (found) return;
      if (namesPackage(ts, node)) found = true;
      else if (depth === 0 && ts.isIdentifier(node)) {
        const declaration = scopes.resolve(node)?.parent;
        if (declaration && ts.isVariableDeclaration(declaration) && declaration.initializer) visit(declaration.initializer, 1);
      } else {
        walk(ts, node, (child) => {
          visit(child, depth);
          return false; // visit descends itself
        });
      }
    };
    visit(argument, 0);
    return found;
  };
  const isLoaderValue = (expression: TS.Expression) => isLoader(ts, expression, aliases, scopes);
  const snippet = (node: TS.Node) => node.getText(sourceFile).replace(/\s+/g, " ").slice(0, 40);
  const internal = (node: TS.Node, specifier: string) => unfollowable(node, "dynamicImport", { found: `A load of keystash's internal module \`${specifier.slice(0, 60)}\`` });
  const isExported = (node: TS.Node) => ts.canHaveModifiers(node) && (ts.getModifiers(node)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword) ?? false);

  walk(ts, sourceFile, (node) => {
    // Types, and ambient module declarations (`declare module "keystash"`), never load anything.
    // (`extends mixin(…)` is an ExpressionWithTypeArguments, a type node that runs.)
    if ((ts.isTypeNode(node) && !ts.isExpressionWithTypeArguments(node)) || (ts.isModuleDeclaration(node) && ts.isStringLiteral(node.name))) return false;
    if (ts.isImportDeclaration(node)) {
      const kind = ts.isStringLiteralLike(node.moduleSpecifier) ? classifySpecifier(node.moduleSpecifier.text) : undefined;
      if (kind === "runtime") addImport(node);
      else if (kind === "internal" && !node.importClause?.isTypeOnly) internal(node, (node.moduleSpecifier as TS.StringLiteral).text);
      return false;
    }
    if (ts.isImportEqualsDeclaration(node)) {
      // import ks = require("keystash")
      const reference = node.moduleReference;
      if (node.isTypeOnly || !ts.isExternalModuleReference(reference) || !ts.isStringLiteralLike(reference.expression)) return false;
      const kind = classifySpecifier(reference.expression.text);
      if (kind === "internal") internal(node, reference.expression.text);
      else if (kind === "runtime" && isExported(node)) unfollowable(node, "dynamicImport", { found: "An export of the keystash module (`export import … = require(…)`)" });
      else if (kind === "runtime") result.names.set(node.name, "namespace");
      return false;
    }
    if (ts.isExportDeclaration(node)) {
      const kind = node.moduleSpecifier && ts.isStringLiteralLike(node.moduleSpecifier) ? classifySpecifier(node.moduleSpecifier.text) : undefined;
      if (!node.isTypeOnly && kind === "runtime") addReExport(node);
      else if (!node.isTypeOnly && kind === "internal") internal(node, (node.moduleSpecifier as TS.StringLiteral).text);
      return false;
    }
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const argument = node.arguments[0];
      if (namesPackage(ts, argument)) unfollowable(node, "dynamicImport", { found: '`import("keystash")`' });
      else if (argument && mayBePackage(argument)) unfollowable(node, "dynamicImport", { found: "An `import()` whose argument can be keystash" });
      return true;
    }
    if (ts.isCallExpression(node) && isFollowedRequire(ts, node, scopes)) {
      addRequire(node);
      return true;
    }
    if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
      // Every other call that can reach a loader: followed above, or refused here.
      const args = loaderArguments(ts, node, isLoaderValue);
      if (args === "unknown" || (args && args.some(mayBePackage))) {
        unfollowable(node, "dynamicImport", { found: `Loading a module through \`${snippet(node.expression)}\`` });
      }
      return true;
    }
    // `require` (or an alias of it) handed on as a value: whoever receives it can load keystash.
    if (ts.isIdentifier(node) && isLoaderValue(node) && escapesAsLoader(ts, node)) {
      unfollowable(node, "dynamicImport", { found: `\`${node.text}\` passed on as a value` });
    }
    return true;
  });
  return result;
}
