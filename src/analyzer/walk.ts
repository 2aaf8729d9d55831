import type * as TS from "typescript";

/**
 * Visits `root`'s descendants in source order without recursion, so that a deep expression
 * (a `+` chain of thousands of strings, deep nesting) cannot overflow the call stack.
 * `enter` returns false to skip a node's children.
 */
export function walk(ts: typeof TS, root: TS.Node, enter: (node: TS.Node) => boolean | void): void {
  const stack: TS.Node[] = [];
  const pushChildren = (node: TS.Node): void => {
    const children: TS.Node[] = [];
    ts.forEachChild(node, (child) => {
      children.push(child);
    });
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  };
  pushChildren(root);
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (enter(node) !== false) pushChildren(node);
  }
}

/**
 * Sets missing parent pointers. A program's files get them from the binder, so a program
 * that has not been type-checked yet (or a parser that skips them) leaves them unset.
 */
export function ensureParents(ts: typeof TS, sourceFile: TS.SourceFile): void {
  const first = sourceFile.statements[0];
  if (!first || first.parent) return;
  const stack: TS.Node[] = [sourceFile];
  while (stack.length > 0) {
    const node = stack.pop()!;
    ts.forEachChild(node, (child) => {
      (child as { parent: TS.Node }).parent = node;
      stack.push(child);
    });
  }
}

/**
 * The node an expression stands in once transparent wrappers are skipped upwards:
 * parentheses, `!`, `as`, `satisfies`, `<T>x` and instantiation expressions (`f<T>`) change
 * types, never which value flows.
 */
export function outerExpression(ts: typeof TS, node: TS.Node): TS.Node {
  let current = node;
  for (;;) {
    const parent = current.parent;
    const transparent =
      ts.isParenthesizedExpression(parent) ||
      ts.isNonNullExpression(parent) ||
      ts.isAsExpression(parent) ||
      ts.isTypeAssertionExpression(parent) ||
      (ts.isSatisfiesExpression?.(parent) ?? false) ||
      (ts.isExpressionWithTypeArguments(parent) && !ts.isHeritageClause(parent.parent));
    if (!transparent || (parent as { expression?: TS.Node }).expression !== current) return current;
    current = parent;
  }
}
