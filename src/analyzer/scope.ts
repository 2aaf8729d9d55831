import type * as TS from "typescript";
import { walk } from "./walk";

/**
 * Lexical scope resolution, just enough to tell whether an identifier refers to a
 * module-level binding or to a local variable or parameter that shadows it.
 */
export class ScopeResolver {
  private readonly declared = new Map<TS.Node, Map<string, TS.Identifier>>();

  constructor(private readonly ts: typeof TS) {}

  /** The name node of the declaration `identifier` refers to, or undefined for a global. */
  resolve(identifier: TS.Identifier): TS.Identifier | undefined {
    const ts = this.ts;
    const name = identifier.text;
    // A decorator and a computed member name are evaluated where the decorated or named
    // thing is defined, outside its own parameters: `@use(secret("X")) run(secret) {}`.
    let outside: TS.Node | undefined;
    let child: TS.Node = identifier;
    for (let node: TS.Node | undefined = identifier.parent; node; child = node, node = node.parent) {
      if (ts.isDecorator(child)) outside = ts.isParameter(node) ? node.parent : node;
      else if (ts.isComputedPropertyName(child)) outside = node;
      if (node === outside || !this.isScope(node)) continue;
      // Parameter defaults have their own scope: the body's `var`s and functions are not in it.
      const inParameters = ts.isFunctionLike(node) && ts.isParameter(child);
      const found = (inParameters ? this.parameterNames(node as TS.SignatureDeclaration) : this.namesDeclaredIn(node)).get(name);
      if (found) return found;
      // A function expression's own name lives in a scope just outside it: its parameters and vars shadow it.
      if (ts.isFunctionExpression(node) && node.name?.text === name) return node.name;
    }
    return undefined;
  }

  private isScope(node: TS.Node): boolean {
    const ts = this.ts;
    return (
      ts.isSourceFile(node) ||
      ts.isFunctionLike(node) ||
      ts.isBlock(node) ||
      ts.isCaseBlock(node) ||
      ts.isModuleBlock(node) ||
      ts.isForStatement(node) ||
      ts.isForInStatement(node) ||
      ts.isForOfStatement(node) ||
      ts.isCatchClause(node) ||
      ts.isClassExpression(node) ||
      ts.isClassStaticBlockDeclaration(node)
    );
  }

  private readonly parameters = new Map<TS.Node, Map<string, TS.Identifier>>();

  /** What a function's parameter list sees of its own scope: the parameters (then the function expression's name, see resolve). */
  private parameterNames(scope: TS.SignatureDeclaration): Map<string, TS.Identifier> {
    let names = this.parameters.get(scope);
    if (names) return names;
    names = new Map();
    for (const parameter of scope.parameters) this.addBindingName(parameter.name, names);
    this.parameters.set(scope, names);
    return names;
  }

  private namesDeclaredIn(scope: TS.Node): Map<string, TS.Identifier> {
    let names = this.declared.get(scope);
    if (names) return names;
    names = new Map();
    this.collect(scope, names);
    this.declared.set(scope, names);
    return names;
  }

  private collect(scope: TS.Node, names: Map<string, TS.Identifier>): void {
    const ts = this.ts;
    const add = (name: TS.BindingName | TS.Identifier | undefined) => this.addBindingName(name, names);
    if (ts.isSourceFile(scope)) {
      for (const statement of scope.statements) {
        if (ts.isImportDeclaration(statement)) this.addImportNames(statement, names);
        else if (ts.isImportEqualsDeclaration(statement)) add(statement.name);
      }
      this.addStatementDeclarations(scope.statements, names);
      this.addHoistedVars(scope, names);
    } else if (ts.isFunctionLike(scope)) {
      for (const name of this.parameterNames(scope).values()) this.declare(names, name);
      const body = (scope as TS.FunctionLikeDeclaration).body;
      if (body) this.addHoistedVars(body, names);
    } else if (ts.isModuleBlock(scope)) {
      // A namespace body is a function at run time: its `var`s hoist to it.
      this.addStatementDeclarations(scope.statements, names);
      this.addHoistedVars(scope, names);
    } else if (ts.isBlock(scope)) {
      this.addStatementDeclarations(scope.statements, names);
    } else if (ts.isCaseBlock(scope)) {
      for (const clause of scope.clauses) this.addStatementDeclarations(clause.statements, names);
    } else if (ts.isForStatement(scope) || ts.isForInStatement(scope) || ts.isForOfStatement(scope)) {
      // Only `let`/`const` heads are the loop's own; a `var` head hoists to the function (addHoistedVars).
      const initializer = scope.initializer;
      if (initializer && ts.isVariableDeclarationList(initializer) && (initializer.flags & ts.NodeFlags.BlockScoped) !== 0) {
        for (const declaration of initializer.declarations) add(declaration.name);
      }
    } else if (ts.isCatchClause(scope)) {
      add(scope.variableDeclaration?.name);
    } else if (ts.isClassExpression(scope)) {
      add(scope.name);
    } else if (ts.isClassStaticBlockDeclaration(scope)) {
      // A static block is a function body of its own: its `var`s stay in it.
      this.addHoistedVars(scope.body, names);
    }
  }

  private addImportNames(statement: TS.ImportDeclaration, names: Map<string, TS.Identifier>): void {
    const clause = statement.importClause;
    if (!clause) return;
    if (clause.name) this.declare(names, clause.name);
    const bindings = clause.namedBindings;
    if (!bindings) return;
    if (this.ts.isNamespaceImport(bindings)) this.declare(names, bindings.name);
    else for (const element of bindings.elements) this.declare(names, element.name);
  }

  /** let/const/class/function/enum declared directly in a statement list (`var` belongs to the function: addHoistedVars). */
  private addStatementDeclarations(statements: readonly TS.Statement[], names: Map<string, TS.Identifier>): void {
    const ts = this.ts;
    for (const statement of statements) {
      // `declare const require: any` describes a global; it binds nothing at run time.
      if (ts.canHaveModifiers(statement) && ts.getModifiers(statement)?.some((m) => m.kind === ts.SyntaxKind.DeclareKeyword)) continue;
      if (ts.isVariableStatement(statement)) {
        if ((statement.declarationList.flags & ts.NodeFlags.BlockScoped) === 0) continue;
        for (const declaration of statement.declarationList.declarations) this.addBindingName(declaration.name, names);
      } else if (
        (ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement) || ts.isEnumDeclaration(statement)) &&
        statement.name
      ) {
        this.declare(names, statement.name);
      }
    }
  }

  /** `var` declarations anywhere below `root` that hoist to it (not into nested functions). */
  private addHoistedVars(root: TS.Node, names: Map<string, TS.Identifier>): void {
    const ts = this.ts;
    walk(ts, root, (node) => {
      // Functions, classes (methods and static blocks) and namespaces keep their own `var`s.
      if (ts.isFunctionLike(node) || ts.isClassLike(node) || ts.isModuleDeclaration(node)) return false;
      if (ts.isVariableStatement(node) && node.modifiers?.some((m) => m.kind === ts.SyntaxKind.DeclareKeyword)) return false;
      if (ts.isVariableDeclarationList(node) && (node.flags & ts.NodeFlags.BlockScoped) === 0) {
        for (const declaration of node.declarations) this.addBindingName(declaration.name, names);
      }
      return true;
    });
  }

  /**
   * One variable per name and scope: a later `var x;` (or `if (false) { var x; }`) redeclares
   * the variable the first declaration made, it does not replace it. (Where the language
   * forbids the redeclaration, TypeScript reports it; the first declaration still wins here.)
   */
  private declare(names: Map<string, TS.Identifier>, name: TS.Identifier): void {
    if (!names.has(name.text)) names.set(name.text, name);
  }

  private addBindingName(name: TS.BindingName | undefined, names: Map<string, TS.Identifier>): void {
    if (!name) return;
    const ts = this.ts;
    if (ts.isIdentifier(name)) {
      this.declare(names, name);
      return;
    }
    for (const element of name.elements) {
      if (!ts.isOmittedExpression(element)) this.addBindingName(element.name, names);
    }
  }
}
