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

const SHORT_CIRCUIT = new Set(["&&", "||", "??", "&&=", "||=", "??="]);

/**
 * The construct `node` makes of its `child` when that child may not run at all or may run
 * many times: a block, a branch, a loop, a short-circuit operand, the part of an optional
 * chain after `?.`.
 */
function describeStatement(node: TS.Node, child: TS.Node, ts: typeof TS): string | undefined {
  if (ts.isIfStatement(node)) return "an if statement";
  if (ts.isConditionalExpression(node)) return "a conditional expression";
  if (ts.isBinaryExpression(node) && child === node.right) {
    const operator = ts.tokenToString(node.operatorToken.kind) ?? "";
    if (SHORT_CIRCUIT.has(operator)) return `a conditional expression (\`${operator}\`)`;
  }
  // a?.b(secret("X")), a?.[secret("X")]: skipped when `a` is nullish
  if (ts.isOptionalChain(node) && child !== node.expression) return "an optional chain (`?.`)";
  if (ts.isIterationStatement(node, false)) return "a loop";
  if (ts.isSwitchStatement(node)) return "a switch statement";
  if (ts.isTryStatement(node) || ts.isCatchClause(node)) return "a try statement";
  if (ts.isModuleDeclaration(node)) return "a namespace";
  if (ts.isWithStatement(node) || ts.isLabeledStatement(node) || ts.isBlock(node)) return "a block";
  return undefined;
}

/** Where a decorator stands: "a decorator of method 'run'", "a decorator of a parameter of ...". */
function describeDecorated(decorated: TS.Node, ts: typeof TS): string {
  if (ts.isParameter(decorated)) return `a decorator of a parameter of ${ts.isFunctionLike(decorated.parent) ? describeFunction(decorated.parent, ts) : "a function"}`;
  if (ts.isFunctionLike(decorated)) return `a decorator of ${describeFunction(decorated, ts)}`;
  if (ts.isPropertyDeclaration(decorated)) return `a decorator of field ${quoted(decorated.name, ts) ?? "(computed)"}`;
  return `a decorator in ${className(decorated, ts)}`;
}

/**
 * Classifies a `secret()` call by where it stands: a valid top-level declaration, or
 * which top-level rule (KS1001-KS1003) it breaks.
 */
export function placementOf(call: TS.CallExpression, ts: typeof TS): Placement {
  // The nearest enclosing function or class decides first, so the message can name it.
  // A class's decorators and `extends` clause run where the class is defined: they do not
  // count as its body, but the call is still not a bound top-level declaration.
  let classPart: string | undefined;
  let child: TS.Node = call;
  for (let node = call.parent; !ts.isSourceFile(node); child = node, node = node.parent) {
    if (ts.isDecorator(child)) {
      if (!ts.isClassLike(node)) return { kind: "notTopLevel", context: describeDecorated(node, ts) };
      classPart ??= `inside a decorator of ${className(node, ts)}`;
      continue;
    }
    if (ts.isClassLike(node) && ts.isHeritageClause(child)) {
      classPart ??= `inside the extends clause of ${className(node, ts)}`;
      continue;
    }
    // a computed method name is evaluated in the class body, not in the method
    if (ts.isFunctionLike(node) && child !== node.name) return { kind: "notTopLevel", context: describeFunction(node, ts) };
    if (ts.isClassStaticBlockDeclaration(node)) return { kind: "notTopLevel", context: `a static block of ${className(node.parent, ts)}` };
    // class Client { token = secret("X") }
    if (ts.isPropertyDeclaration(node) && node.initializer === child) return { kind: "notBound", context: "a class field initializer" };
    if (ts.isClassLike(node)) return { kind: "notTopLevel", context: `the body of ${className(node, ts)}` };
  }
  // The outermost block, conditional or loop names the construct the user wrote.
  let outermost: string | undefined;
  child = call;
  for (let node = call.parent; !ts.isSourceFile(node); child = node, node = node.parent) {
    outermost = describeStatement(node, child, ts) ?? outermost;
  }
  if (outermost) return { kind: "notTopLevel", context: outermost };
  if (classPart) return { kind: "notBound", context: classPart };

  let statement: TS.Node = call;
  let declaration: TS.VariableDeclaration | undefined;
  while (!ts.isSourceFile(statement.parent)) {
    statement = statement.parent;
    if (ts.isVariableDeclaration(statement)) declaration = statement;
  }
  if (ts.isVariableStatement(statement) && declaration) {
    // declare const x = secret("X") never runs; `using` is neither const, let nor var.
    if (statement.modifiers?.some((m) => m.kind === ts.SyntaxKind.DeclareKeyword)) return { kind: "notBound", context: "in an ambient `declare` statement, which never runs" };
    const usingFlag = (ts.NodeFlags as unknown as Record<string, number>).Using ?? 0;
    if (statement.declarationList.flags & usingFlag) return { kind: "notBound", context: "in a `using` declaration (only const, let and var are followed)" };
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
