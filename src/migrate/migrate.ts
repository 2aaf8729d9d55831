import type * as Morph from "ts-morph";
import { secretNameProblem } from "../analyzer/names";
import { detectSecrets } from "../scan/detect";

/** What a migration changes, and what it leaves for a person. */
export interface Migration {
  /** Files whose text changes: path (relative to the root) -> before and after. */
  files: Map<string, { before: string; after: string }>;
  /** Secret names the rewritten code now declares. */
  declared: Set<string>;
  /** Hard-coded credentials moved to `secret()`: their values go into the store. */
  literals: { name: string; value: string; file: string; line: number }[];
  /** What could not be rewritten safely. */
  skipped: { file: string; line: number; why: string }[];
}

/** `STRIPE_KEY` -> `stripeKey`, `GitHubAPIToken` -> `gitHubApiToken`. */
function bindingName(name: string): string {
  const words = name.split(/_+/).filter(Boolean).flatMap((w) => w.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z0-9]+/g) ?? [w]);
  const camel = words.map((w, i) => (i === 0 ? w.toLowerCase() : w[0]!.toUpperCase() + w.slice(1).toLowerCase())).join("");
  return /^[a-z_$]/i.test(camel) ? camel : `s${camel}`;
}

/** `stripeKey` -> `StripeKey`: the name suggested for a hard-coded credential held by a const. */
function suggestedName(variable: string): string | undefined {
  const name = variable.replace(/^[a-z]/, (c) => c.toUpperCase()).replace(/[^A-Za-z0-9_]/g, "_");
  return secretNameProblem(name) === undefined ? name : undefined;
}

interface FilePlan {
  /** env name -> the top-level binding that will hold `secret(name)`. */
  bindings: Map<string, string>;
  replacements: { node: Morph.Node; text: string }[];
  removals: Morph.Node[];
  /** A literal became `secret("X")`: the file needs the import even without env bindings. */
  needsImport: boolean;
}

/**
 * Plans the rewrite of `files` (ts-morph source files of the app): `process.env.NAME` reads
 * (and `const { NAME } = process.env`) of `known` names become a top-level
 * `const name = secret("NAME")` plus `name()` at each use, with the import added; top-level
 * `const x = "<credential>"` literals become `secret("X")`. Writes to process.env, dynamic keys
 * and credentials elsewhere are listed in `skipped`, never guessed at.
 */
export function planMigration(morph: typeof Morph, sources: readonly { path: string; file: Morph.SourceFile }[], known: ReadonlySet<string>): Migration {
  const { Node, SyntaxKind } = morph;
  const migration: Migration = { files: new Map(), declared: new Set(), literals: [], skipped: [] };
  for (const { path, file } of sources) {
    const before = file.getFullText();
    const plan: FilePlan = { bindings: new Map(), replacements: [], removals: [], needsImport: false };
    const taken = new Set(file.getDescendantsOfKind(SyntaxKind.Identifier).map((id) => id.getText()));
    const bind = (name: string): string => {
      let binding = plan.bindings.get(name);
      if (binding) return binding;
      binding = bindingName(name);
      while (taken.has(binding)) binding = `${binding}Secret`;
      taken.add(binding);
      plan.bindings.set(name, binding);
      return binding;
    };
    const skip = (node: Morph.Node, why: string) => migration.skipped.push({ file: path, line: node.getStartLineNumber(), why });
    const isProcessEnv = (node: Morph.Node) => node.getText().replace(/\s/g, "") === "process.env";

    // process.env.NAME and process.env["NAME"]
    for (const access of file.getDescendants()) {
      if (!(Node.isPropertyAccessExpression(access) || Node.isElementAccessExpression(access)) || !isProcessEnv(access.getExpression())) continue;
      let name: string | undefined;
      if (Node.isPropertyAccessExpression(access)) name = access.getName();
      else {
        const key = access.getArgumentExpression();
        if (!key || !Node.isStringLiteral(key)) {
          skip(access, "a dynamic process.env key");
          continue;
        }
        name = key.getLiteralText();
      }
      if (!known.has(name)) continue;
      const parent = access.getParent();
      const written =
        (Node.isBinaryExpression(parent) && parent.getLeft() === access && parent.getOperatorToken().getKind() >= SyntaxKind.FirstAssignment && parent.getOperatorToken().getKind() <= SyntaxKind.LastAssignment) ||
        Node.isDeleteExpression(parent) || Node.isPrefixUnaryExpression(parent) || Node.isPostfixUnaryExpression(parent);
      if (written) {
        skip(access, `writes process.env.${name}`);
        continue;
      }
      plan.replacements.push({ node: access, text: `${bind(name)}()` });
    }

    // const { NAME, OTHER: alias } = process.env
    for (const declaration of file.getDescendantsOfKind(SyntaxKind.VariableDeclaration)) {
      const pattern = declaration.getNameNode();
      const initializer = declaration.getInitializer();
      if (!Node.isObjectBindingPattern(pattern) || !initializer || !isProcessEnv(initializer)) continue;
      const elements = pattern.getElements();
      const moved = elements.filter((element) => {
        const key = element.getPropertyNameNode()?.getText() ?? element.getName();
        return known.has(key) && !element.getDotDotDotToken() && Node.isIdentifier(element.getNameNode());
      });
      for (const element of moved) {
        const key = element.getPropertyNameNode()?.getText() ?? element.getName();
        const binding = bind(key);
        for (const reference of (element.getNameNode() as Morph.Identifier).findReferencesAsNodes()) {
          if (reference.getSourceFile() !== file) continue;
          const holder = reference.getParent();
          if (holder && Node.isShorthandPropertyAssignment(holder)) plan.replacements.push({ node: holder, text: `${reference.getText()}: ${binding}()` });
          else plan.replacements.push({ node: reference, text: `${binding}()` });
        }
      }
      if (moved.length === elements.length) plan.removals.push(declaration.getVariableStatement() && declaration.getVariableStatement()!.getDeclarations().length === 1 ? declaration.getVariableStatement()! : declaration);
      else plan.removals.push(...moved);
    }

    // const stripeKey = "sk_live_…" at top level
    for (const literal of file.getDescendantsOfKind(SyntaxKind.StringLiteral)) {
      const detections = detectSecrets(literal.getLiteralText());
      if (detections.length === 0) continue;
      const found = detections.find((d) => d.start === 0 && d.end === literal.getLiteralText().length);
      if (!found) {
        // What scan reports, migrate either moves or names: a credential inside a longer string (a connection URL).
        skip(literal, `a ${detections[0]!.kind} inside a longer string: move it by hand (keep the credential in its own secret and build the string from it)`);
        continue;
      }
      const parent = literal.getParent();
      const variable = parent && Node.isVariableDeclaration(parent) && Node.isIdentifier(parent.getNameNode()) ? parent : undefined;
      const name = variable ? suggestedName(variable.getName()) : undefined;
      if (!variable || variable.getVariableStatement()?.getParent() !== file || !name) {
        skip(literal, `a hard-coded ${found.kind} outside a top-level const: move it by hand`);
        continue;
      }
      // The meaning must not change: every use becomes a call, or the binding is left as it is.
      const statement = variable.getVariableStatement()!;
      const uses = (variable.getNameNode() as Morph.Identifier).findReferencesAsNodes().filter((reference) => reference !== variable.getNameNode());
      const unsafe =
        statement.isExported() ? "it is exported, so importers would get a Secret where they read a string"
        : uses.map((use): string | undefined => {
            const holder = use.getParent();
            const where = `${use.getSourceFile() === file ? path : use.getSourceFile().getFilePath()}:${use.getStartLineNumber()}`;
            if (use.getSourceFile() !== file) return `it is used from ${where}`;
            if (holder && (Node.isExportSpecifier(holder) || Node.isTypeQuery(holder) || Node.isExportAssignment(holder))) return `it is exported or used as a type at ${where}`;
            return undefined;
          }).find((why) => why !== undefined);
      if (unsafe !== undefined) {
        skip(literal, `a hard-coded ${found.kind} in ${variable.getName()}: ${unsafe}; move it by hand`);
        continue;
      }
      for (const use of uses) {
        const holder = use.getParent();
        if (holder && Node.isShorthandPropertyAssignment(holder)) plan.replacements.push({ node: holder, text: `${use.getText()}: ${use.getText()}()` });
        else plan.replacements.push({ node: use, text: `${use.getText()}()` });
      }
      plan.replacements.push({ node: literal, text: `secret(${JSON.stringify(name)})` });
      migration.literals.push({ name, value: found.value, file: path, line: literal.getStartLineNumber() });
      migration.declared.add(name);
      plan.needsImport = true;
    }

    if (plan.replacements.length === 0 && plan.removals.length === 0) continue;
    // Rewrite from the end of the file so earlier positions stay valid.
    const edits = [...plan.replacements.map((r) => ({ start: r.node.getStart(), end: r.node.getEnd(), text: r.text })), ...plan.removals.map((n) => removal(before, n))];
    let text = before;
    for (const edit of edits.sort((a, b) => b.start - a.start)) text = text.slice(0, edit.start) + edit.text + text.slice(edit.end);
    text = addDeclarations(text, file, plan, morph);
    for (const name of plan.bindings.keys()) migration.declared.add(name);
    migration.files.set(path, { before, after: text });
  }
  return migration;
}

/** The text range that removes `node` cleanly: a statement with its line break, a list element with its comma. */
function removal(text: string, node: Morph.Node): { start: number; end: number; text: string } {
  let start = node.getStart();
  let end = node.getEnd();
  const after = /^\s*,\s*/.exec(text.slice(end));
  const before = /,\s*$/.exec(text.slice(0, start));
  if (after) end += after[0].length;
  else if (before && /\}\s*=/.test(text.slice(end, end + 40))) start -= before[0].length;
  else if (text[end] === "\n") end += 1;
  return { start, end, text: "" };
}

/** Inserts the import of `secret` (unless the file has it) and the top-level declarations, after the imports. */
function addDeclarations(text: string, file: Morph.SourceFile, plan: FilePlan, morph: typeof Morph): string {
  const { SyntaxKind } = morph;
  const declarations = [...plan.bindings].map(([name, binding]) => `const ${binding} = secret(${JSON.stringify(name)});`);
  const imports = file.getStatements().filter((s) => s.getKind() === SyntaxKind.ImportDeclaration);
  const hasSecret = file.getImportDeclarations().some((i) => i.getModuleSpecifierValue() === "keystash" && i.getNamedImports().some((n) => n.getName() === "secret"));
  const commonJs = file.getFilePath().endsWith(".cjs") || (imports.length === 0 && /\.js$/.test(file.getFilePath()) && /\b(require\(|module\.exports|exports\.)/.test(text));
  const importLine = hasSecret || (declarations.length === 0 && !plan.needsImport) ? [] : [commonJs ? 'const { secret } = require("keystash");' : 'import { secret } from "keystash";'];
  const insertAt = imports.length ? imports[imports.length - 1]!.getEnd() : 0;
  const block = [...importLine, ...declarations].join("\n");
  if (!block) return text;
  return insertAt === 0 ? `${block}\n${text}` : `${text.slice(0, insertAt)}\n${block}${text.slice(insertAt)}`;
}
