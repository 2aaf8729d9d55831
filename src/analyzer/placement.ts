import type * as TS from "typescript";

/** Where a `secret()` call stands, as far as the top-level rules care. */
export type Placement =
  | { kind: "declaration"; binding: string }
  | { kind: "notTopLevel"; context: string }
  | { kind: "notBound"; context: string }
  | { kind: "bindingPattern" };

function quoted(name: TS.Node | undefined, ts: typeof TS): string | undefined {
  if (!name) return undefined;
  if (ts.isIdentifier(name) || ts.isPrivateIdentifier(name) || ts.isStringLiteralLike(name) || ts.isNumericLiteral(name)) {
    return `'${name.text}'`;
  }
  return undefined;
}

function className(node: TS.Node, ts: typeof TS): string {
  const cls = ts.isClassLike(node) ? node : node.parent;
  const name = ts.isClassLike(cls) ? quoted(cls.name, ts) : undefined;
  return name ? `class ${name}` : "an anonymous class";
}

/** "function 'handler'", "method 'run'", "the constructor of class 'Client'"... */
function describeFunction(node: TS.SignatureDeclaration, ts: typeof TS): string {
  if (ts.isConstructorDeclaration(node)) return `the constructor of ${className(node.parent, ts)}`;
  if (ts.isMethodDeclaration(node)) return `method ${quoted(node.name, ts) ?? "(computed)"}`;
  if (ts.isGetAccessorDeclaration(node) || ts.isSetAccessorDeclaration(node)) {
    return `accessor ${quoted(node.name, ts) ?? "(computed)"}`;
  }
  const own = quoted(node.name, ts);
  if (own) return `function ${own}`;
  // const handler = () => ..., { handler: function () {...} }
  const parent = node.parent;
  if ((ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) && parent.initializer === node) {
    const holder = quoted(parent.name, ts);
    if (holder) return `function ${holder}`;
  }
  return ts.isArrowFunction(node) ? "an arrow function" : "an anonymous function";
}

function describeStatement(node: TS.Node, ts: typeof TS): string | undefined {
  if (ts.isIfStatement(node)) return "an if statement";
  if (ts.isConditionalExpression(node)) return "a conditional expression";
  if (ts.isIterationStatement(node, false)) return "a loop";
  if (ts.isSwitchStatement(node)) return "a switch statement";
  if (ts.isTryStatement(node) || ts.isCatchClause(node)) return "a try statement";
  if (ts.isModuleDeclaration(node)) return "a namespace";
  if (ts.isWithStatement(node) || ts.isLabeledStatement(node) || ts.isBlock(node)) return "a block";
  return undefined;
}

/**
 * Classifies a `secret()` call by where it stands: a valid top-level declaration, or
 * which top-level rule (KS1001-KS1003) it breaks.
 */
export function placementOf(call: TS.CallExpression, ts: typeof TS): Placement {
  // The nearest enclosing function or class decides first, so the message can name it.
  let child: TS.Node = call;
  for (let node = call.parent; !ts.isSourceFile(node); child = node, node = node.parent) {
    if (ts.isFunctionLike(node)) return { kind: "notTopLevel", context: describeFunction(node, ts) };
    if (ts.isClassStaticBlockDeclaration(node)) return { kind: "notTopLevel", context: `a static block of ${className(node.parent, ts)}` };
    // class Client { token = secret("X") }
    if (ts.isPropertyDeclaration(node) && node.initializer === child) return { kind: "notBound", context: "a class field initializer" };
    if (ts.isClassLike(node)) return { kind: "notTopLevel", context: `the body of ${className(node, ts)}` };
  }
  // The outermost block, conditional or loop names the construct the user wrote.
  let outermost: string | undefined;
  for (let node = call.parent; !ts.isSourceFile(node); node = node.parent) {
    outermost = describeStatement(node, ts) ?? outermost;
  }
  if (outermost) return { kind: "notTopLevel", context: outermost };

  let statement: TS.Node = call;
  let declaration: TS.VariableDeclaration | undefined;
  while (!ts.isSourceFile(statement.parent)) {
    statement = statement.parent;
    if (ts.isVariableDeclaration(statement)) declaration = statement;
  }
  if (ts.isVariableStatement(statement) && declaration) {
    if (!ts.isIdentifier(declaration.name)) return { kind: "bindingPattern" };
    return { kind: "declaration", binding: declaration.name.text };
  }
  if (ts.isExportAssignment(statement)) return { kind: "notBound", context: "an `export default` value" };
  if (ts.isExpressionStatement(statement)) {
    const expression = statement.expression;
    const assigned = ts.isBinaryExpression(expression) && expression.operatorToken.kind === ts.SyntaxKind.EqualsToken;
    return { kind: "notBound", context: assigned ? "assigned to an existing variable" : "a bare expression statement" };
  }
  return { kind: "notBound", context: "not the initializer of a top-level declaration" };
}
