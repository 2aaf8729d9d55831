import type * as TS from "typescript";
import { collectBindings, type BindingKind } from "./bindings";
import type { FindingId, MessageData } from "./messages";
import { secretNameProblem } from "./names";
import { placementOf } from "./placement";
import { ScopeResolver } from "./scope";
import type { FileAnalysis, SecretDeclaration } from "./types";
import { unreadable } from "./unreadable";
import { ensureParents, outerExpression, walk } from "./walk";

/**
 * Analyses one parsed file: every `secret()` declaration and every misuse (KS1001-KS1008).
 * Pure: reads nothing but the syntax tree, never throws on user code.
 *
 * @param ts - the TypeScript module that produced `sourceFile`
 * @param file - the path to report, relative to the app root with `/` separators
 */
export function analyzeSourceFile(ts: typeof TS, sourceFile: TS.SourceFile, file: string): FileAnalysis {
  try {
    return analyzeParsed(ts, sourceFile, file);
  } catch (error) {
    // The walks are iterative; this is the net under TypeScript's own recursive helpers.
    // By name: the error may come from another realm (a compiler loaded by a test runner).
    if ((error as Error | undefined)?.name === "RangeError") return unreadable(file, "it is nested too deeply to analyse");
    throw error;
  }
}

function analyzeParsed(ts: typeof TS, sourceFile: TS.SourceFile, file: string): FileAnalysis {
  const analysis: FileAnalysis = { file, declarations: [], findings: [] };
  ensureParents(ts, sourceFile);
  // One scope resolution per file, shared by collecting the bindings and classifying their references.
  const resolver = new ScopeResolver(ts);
  const bindings = collectBindings(ts, sourceFile, resolver);

  const report = (id: FindingId, node: TS.Node, data: MessageData): void => {
    const start = node.getStart(sourceFile);
    const end = node.getEnd();
    const from = sourceFile.getLineAndCharacterOfPosition(start);
    const to = sourceFile.getLineAndCharacterOfPosition(end);
    analysis.findings.push({
      id, data, file, start, end,
      line: from.line + 1, column: from.character + 1,
      endLine: to.line + 1, endColumn: to.character + 1,
    });
  };

  for (const use of bindings.unfollowable) report(use.id, use.node, use.data);

  // A node that evaluates to keystash's `secret`: it must be called, nothing else.
  const checkSecretReference = (site: TS.Node): void => {
    const outer = outerExpression(ts, site);
    const parent = outer.parent;
    if (ts.isCallExpression(parent) && parent.expression === outer) {
      checkCall(parent);
      return;
    }
    report("notCalled", site, { reference: site.getText(sourceFile), context: describeValueUse(parent, outer, ts) });
  };

  const checkCall = (call: TS.CallExpression): void => {
    const argument = call.arguments[0];
    const literal = argument && ts.isStringLiteralLike(argument) ? argument.text : undefined;
    const name = literal === undefined ? "…" : JSON.stringify(literal);
    const nameProblem = literal === undefined ? undefined : secretNameProblem(literal);
    const placement = placementOf(call, ts);
    if (placement.kind === "notTopLevel" || placement.kind === "notBound") {
      report(placement.kind, call, { name, context: placement.context });
    } else if (placement.kind === "bindingPattern") {
      report("bindingPattern", call, { name });
    }
    if (call.arguments.length !== 1 || !argument) {
      report("argumentCount", call, { count: String(call.arguments.length) });
    } else if (literal === undefined) {
      report("nameNotLiteral", argument, { found: describeNonLiteral(argument, sourceFile, ts) });
    } else if (nameProblem !== undefined) {
      report("invalidName", argument, { name, reason: nameProblem });
    } else if (placement.kind === "declaration") {
      analysis.declarations.push(declarationOf(call, literal, placement.binding));
    }
  };

  const declarationOf = (call: TS.CallExpression, name: string, binding: string): SecretDeclaration => {
    const start = call.getStart(sourceFile);
    const position = sourceFile.getLineAndCharacterOfPosition(start);
    const declaration: SecretDeclaration = { name, file, start, line: position.line + 1, column: position.character + 1, binding };
    const description = describedBy(ts, sourceFile, call);
    if (description !== undefined) declaration.description = description;
    return declaration;
  };

  // A node that evaluates to the keystash module: ks.secret, ks["secret"], ks.default..., anything else escapes.
  const checkNamespaceReference = (namespace: TS.Node): void => {
    const outer = outerExpression(ts, namespace);
    const parent = outer.parent;
    const member = memberOf(parent, outer, ts);
    if (member === undefined) {
      report("dynamicImport", namespace, { found: `The keystash module used as a value (\`${namespace.getText(sourceFile).slice(0, 40)}\`)` });
    } else if (member === null) {
      report("dynamicImport", parent, { found: `A computed access \`${parent.getText(sourceFile).slice(0, 40)}\`` });
    } else if (member === "secret") {
      checkSecretReference(parent);
    } else if (member === "default") {
      checkNamespaceReference(parent); // CommonJS interop: ks.default is the module again
    }
  };

  // import x = ks.secret / export import x = ks: an alias the analyzer cannot follow into x.
  const checkEntityAlias = (declaration: TS.ImportEqualsDeclaration, kind: BindingKind): void => {
    const reference = declaration.moduleReference;
    const path = reference.getText(sourceFile).split(".").map((part) => part.trim());
    const last = path.length > 1 ? path[path.length - 1] : undefined;
    if (kind === "secret" || last === "secret") {
      report("notCalled", reference, { reference: reference.getText(sourceFile), context: "aliased with `import … =`" });
    } else if (last === undefined || last === "default") {
      report("dynamicImport", reference, { found: `An alias of the keystash module (\`import ${declaration.name.text} = ${reference.getText(sourceFile)}\`)` });
    }
  };

  if (bindings.names.size > 0) {
    const localNames = new Set([...bindings.names.keys()].map((name) => name.text));
    const bindingOf = (identifier: TS.Identifier): BindingKind | undefined => {
      if (!localNames.has(identifier.text)) return undefined;
      const declaration = resolver.resolve(identifier);
      return declaration && bindings.names.get(declaration);
    };
    walk(ts, sourceFile, (node) => {
      if (ts.isImportDeclaration(node) || (ts.isExportDeclaration(node) && node.moduleSpecifier) || isErased(node, ts)) return false;
      if (ts.isImportEqualsDeclaration(node)) {
        const reference = node.moduleReference;
        if (!ts.isExternalModuleReference(reference)) {
          const kind = bindingOf(leftmostIdentifier(reference, ts));
          if (kind) checkEntityAlias(node, kind);
        }
        return false;
      }
      if (ts.isIdentifier(node) && isValueReference(node, ts)) {
        const kind = bindingOf(node);
        if (kind === "secret") checkSecretReference(node);
        else if (kind === "namespace") checkNamespaceReference(node);
      }
      return true;
    });
  }
  for (const expression of bindings.moduleExpressions) checkNamespaceReference(expression);

  analysis.findings.sort((a, b) => a.start - b.start || a.id.localeCompare(b.id));
  analysis.declarations.sort((a, b) => a.start - b.start);
  return analysis;
}

/**
 * Whether a node never runs: types, interfaces, type aliases, `implements` clauses, overload
 * signatures and ambient (`declare`) classes, functions and namespaces. References there are
 * not uses. (`declare const x = secret()` is reported: it looks like a declaration.)
 */
function isErased(node: TS.Node, ts: typeof TS): boolean {
  if (ts.isExpressionWithTypeArguments(node)) {
    // class A extends Mixin(secret("X")) runs; implements clauses and interface extends do not.
    const clause = node.parent;
    return ts.isHeritageClause(clause) && (clause.token === ts.SyntaxKind.ImplementsKeyword || ts.isInterfaceDeclaration(clause.parent));
  }
  if (ts.isTypeNode(node) || ts.isTypeParameterDeclaration(node) || ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node)) return true;
  if ((ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node) || ts.isConstructorDeclaration(node)) && !node.body) return true;
  if (ts.isClassDeclaration(node) || ts.isModuleDeclaration(node) || ts.isFunctionDeclaration(node) || ts.isEnumDeclaration(node)) {
    return node.modifiers?.some((m) => m.kind === ts.SyntaxKind.DeclareKeyword) ?? false;
  }
  return false;
}

/** `ks` in `ks.a.b` (an import-equals entity name). */
function leftmostIdentifier(name: TS.EntityName, ts: typeof TS): TS.Identifier {
  let current: TS.EntityName = name;
  while (ts.isQualifiedName(current)) current = current.left;
  return current;
}

/**
 * The member of the module that `parent` reads from `outer`: its name; null for a computed
 * key; undefined when `parent` does not read a member at all (the module escapes).
 */
function memberOf(parent: TS.Node, outer: TS.Node, ts: typeof TS): string | null | undefined {
  if (ts.isPropertyAccessExpression(parent) && parent.expression === outer) return parent.name.text;
  if (ts.isElementAccessExpression(parent) && parent.expression === outer) {
    const key = parent.argumentExpression;
    return ts.isStringLiteralLike(key) || ts.isNumericLiteral(key) ? key.text : null;
  }
  return undefined;
}

/**
 * The doc comment right above the statement that declares a secret: a `/** … *\/` block or
 * consecutive `//` lines, with no blank line between them and the statement (as Encore keeps it).
 */
function describedBy(ts: typeof TS, sourceFile: TS.SourceFile, call: TS.Node): string | undefined {
  let statement: TS.Node = call;
  while (!ts.isSourceFile(statement.parent)) statement = statement.parent;
  const text = sourceFile.text;
  const comments = ts.getLeadingCommentRanges(text, statement.pos) ?? [];
  const lines: string[] = [];
  let end = statement.getStart(sourceFile);
  for (let i = comments.length - 1; i >= 0; i--) {
    const comment = comments[i]!;
    if (/\n[ \t]*\r?\n/.test(text.slice(comment.end, end))) break; // a blank line ends the description
    const raw = text.slice(comment.pos, comment.end);
    if (comment.kind === ts.SyntaxKind.SingleLineCommentTrivia) {
      lines.unshift(raw.replace(/^\/\/\s?/, ""));
    } else {
      if (lines.length > 0) break;
      lines.unshift(...raw.replace(/^\/\*\*?/, "").replace(/\*\/$/, "").split(/\r?\n/).map((line) => line.replace(/^\s*\*\s?/, "")));
      end = comment.pos;
      break;
    }
    end = comment.pos;
  }
  const description = lines.join("\n").trim();
  return description === "" ? undefined : description;
}

/** Is this identifier read as a value (not a declaration name, property name or label)? */
function isValueReference(node: TS.Identifier, ts: typeof TS): boolean {
  const parent = node.parent;
  if (ts.isShorthandPropertyAssignment(parent)) return parent.name === node;
  // <secret /> is an intrinsic element (the string "secret"); <Secret /> is a value
  if ((ts.isJsxOpeningElement(parent) || ts.isJsxSelfClosingElement(parent) || ts.isJsxClosingElement(parent)) && parent.tagName === node) {
    return !/^[a-z]/.test(node.text);
  }
  if (ts.isExportSpecifier(parent)) return !parent.parent.parent.moduleSpecifier && (parent.propertyName ?? parent.name) === node;
  if ("name" in parent && parent.name === node) return false;
  if ("propertyName" in parent && parent.propertyName === node) return false;
  if ("label" in parent && parent.label === node) return false;
  if (ts.isQualifiedName(parent)) return false;
  return true;
}

/** How `secret` is used when it is not called directly: the `context` of KS1007. */
function describeValueUse(parent: TS.Node, outer: TS.Node, ts: typeof TS): string {
  if (ts.isVariableDeclaration(parent)) return "aliased through a variable";
  if (ts.isNewExpression(parent) && parent.expression === outer) return "constructed with `new`";
  if (ts.isCallExpression(parent) || ts.isNewExpression(parent)) return "passed as an argument";
  if (ts.isExportSpecifier(parent)) return "re-exported";
  if (ts.isExportAssignment(parent)) return "exported";
  if (ts.isShorthandPropertyAssignment(parent) || ts.isPropertyAssignment(parent)) return "stored in an object";
  if (ts.isBinaryExpression(parent)) {
    if (parent.operatorToken.kind === ts.SyntaxKind.CommaToken) return "called indirectly through a comma expression";
    return parent.operatorToken.kind === ts.SyntaxKind.EqualsToken ? "assigned" : "used in an expression";
  }
  if (ts.isTaggedTemplateExpression(parent)) return "used as a template tag";
  if (ts.isJsxOpeningElement(parent) || ts.isJsxSelfClosingElement(parent)) return "used as a JSX component";
  if (ts.isHeritageClause(parent.parent)) return "extended by a class";
  return "used as a value";
}

/** What stands where the name literal should: the `found` of KS1005. */
function describeNonLiteral(argument: TS.Expression, sourceFile: TS.SourceFile, ts: typeof TS): string {
  if (ts.isSpreadElement(argument)) return "a spread argument";
  const text = argument.getText(sourceFile).replace(/\s+/g, " ");
  const shown = text.length > 40 ? `${text.slice(0, 37)}...` : text;
  if (ts.isIdentifier(argument)) return `the variable \`${shown}\``;
  if (ts.isTemplateExpression(argument)) return "a template literal with substitutions";
  return `the expression \`${shown}\``;
}
