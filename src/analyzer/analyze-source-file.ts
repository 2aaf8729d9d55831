import type * as TS from "typescript";
import { collectBindings, isPackageRequire, outerExpression, type BindingKind } from "./bindings";
import type { FindingId, MessageData } from "./messages";
import { secretNameProblem } from "./names";
import { placementOf } from "./placement";
import { ScopeResolver } from "./scope";
import type { FileAnalysis, Finding, SecretDeclaration } from "./types";

/**
 * Analyses one parsed file: every `secret()` declaration and every misuse (KS1001-KS1008).
 * Pure: reads nothing but the syntax tree, never throws on user code.
 *
 * @param ts - the TypeScript module that produced `sourceFile`
 * @param file - the path to report, relative to the app root with `/` separators
 */
export function analyzeSourceFile(ts: typeof TS, sourceFile: TS.SourceFile, file: string): FileAnalysis {
  const analysis: FileAnalysis = { file, declarations: [], findings: [] };
  ensureParents(ts, sourceFile);
  const bindings = collectBindings(ts, sourceFile);

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

  // A node that evaluates to keystash's `secret`: check how it is used.
  const checkSecretReference = (site: TS.Node): void => {
    const outer = outerExpression(ts, site);
    const parent = outer.parent;
    if (ts.isCallExpression(parent) && parent.expression === outer) {
      checkCall(parent);
      return;
    }
    report("notCalled", site, { reference: site.getText(sourceFile), context: describeValueUse(parent, ts) });
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
    return { name, file, start, line: position.line + 1, column: position.character + 1, binding };
  };

  // ks.secret / ks["secret"] / require("keystash").secret
  const checkNamespaceReference = (namespace: TS.Expression): void => {
    const outer = outerExpression(ts, namespace);
    const parent = outer.parent;
    if (ts.isPropertyAccessExpression(parent) && parent.expression === outer) {
      if (parent.name.text === "secret") checkSecretReference(parent);
      return;
    }
    if (ts.isElementAccessExpression(parent) && parent.expression === outer) {
      const key = parent.argumentExpression;
      if (!ts.isStringLiteralLike(key)) {
        report("dynamicImport", parent, { found: `A computed access \`${parent.getText(sourceFile)}\`` });
      } else if (key.text === "secret") {
        checkSecretReference(parent);
      }
      return;
    }
    report("dynamicImport", namespace, { found: `The keystash module used as a value (\`${namespace.getText(sourceFile)}\`)` });
  };

  if (bindings.names.size > 0) {
    const resolver = new ScopeResolver(ts);
    const localNames = new Set([...bindings.names.keys()].map((name) => name.text));
    const visit = (node: TS.Node): void => {
      if (ts.isTypeNode(node) || ts.isImportDeclaration(node) || ts.isImportEqualsDeclaration(node)) return;
      if (ts.isIdentifier(node) && localNames.has(node.text) && isValueReference(node, ts)) {
        const declaration = resolver.resolve(node);
        const kind: BindingKind | undefined = declaration && bindings.names.get(declaration);
        if (kind === "secret") checkSecretReference(node);
        else if (kind === "namespace") checkNamespaceReference(node);
      }
      ts.forEachChild(node, visit);
    };
    ts.forEachChild(sourceFile, visit);
  }
  for (const call of bindings.requireCalls) checkNamespaceReference(call);

  analysis.findings.sort((a, b) => a.start - b.start || a.id.localeCompare(b.id));
  analysis.declarations.sort((a, b) => a.start - b.start);
  return analysis;
}

/**
 * Sets missing parent pointers. A program's files get them from the binder, so a program
 * that has not been type-checked yet (or a parser that skips them) leaves them unset.
 */
function ensureParents(ts: typeof TS, sourceFile: TS.SourceFile): void {
  const first = sourceFile.statements[0];
  if (!first || first.parent) return;
  const visit = (node: TS.Node): void => {
    ts.forEachChild(node, (child) => {
      (child as { parent: TS.Node }).parent = node;
      visit(child);
    });
  };
  visit(sourceFile);
}

/** Is this identifier read as a value (not a declaration name, property name or label)? */
function isValueReference(node: TS.Identifier, ts: typeof TS): boolean {
  const parent = node.parent;
  if (ts.isShorthandPropertyAssignment(parent)) return parent.name === node;
  if (ts.isExportSpecifier(parent)) return !parent.parent.parent.moduleSpecifier && (parent.propertyName ?? parent.name) === node;
  if ("name" in parent && parent.name === node) return false;
  if ("propertyName" in parent && parent.propertyName === node) return false;
  if ("label" in parent && parent.label === node) return false;
  if (ts.isQualifiedName(parent)) return false;
  return true;
}

/** How `secret` is used when it is not called: the `context` of KS1007. */
function describeValueUse(parent: TS.Node, ts: typeof TS): string {
  if (ts.isVariableDeclaration(parent)) return "aliased through a variable";
  if (ts.isCallExpression(parent) || ts.isNewExpression(parent)) return "passed as an argument";
  if (ts.isExportSpecifier(parent)) return "re-exported";
  if (ts.isExportAssignment(parent)) return "exported";
  if (ts.isShorthandPropertyAssignment(parent) || ts.isPropertyAssignment(parent)) return "stored in an object";
  if (ts.isBinaryExpression(parent)) return "assigned";
  if (ts.isTaggedTemplateExpression(parent)) return "used as a template tag";
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
