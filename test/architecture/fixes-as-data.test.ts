import * as fs from "node:fs";
import * as path from "node:path";
import ts from "typescript";
import { REPO_ROOT, tempDir } from "../helpers/cli";

// Issue #21: below the front ends nothing words a fix as a keystash command; problems carry their
// fix as data (project/fix.ts) and each front end words it. The CLI's words live in one place.
const COMMAND = /\bkeystash (?:secret|access|init|check|check-secrets|run|export|sync|manifest|scan|ui|verify|import|migrate|completion)\b/;
const BELOW_FRONT_ENDS = ["src/analyzer", "src/project", "src/store", "src/core"];
const WORDS_COMMANDS = new Map([
  ["src/core/fix-text.ts", "the CLI's wording of every fix"],
  ["src/project/hooks.ts", "the pre-commit hook it writes runs the scan"],
  ["src/store/store-format.ts", "the store file's own header comment"],
]);

/** The text of every string and template literal in a TypeScript file, as the parser reads it (comments are not literals). */
function literals(file: string): string[] {
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteralLike(node) || ts.isTemplateLiteralToken(node)) found.push(node.text);
    ts.forEachChild(node, visit);
  };
  const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
  visit(source);
  return found;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(path.join(REPO_ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".ts"))
    .map((entry) => path.relative(REPO_ROOT, path.join(entry.parentPath, entry.name)));
}

test("no layer below the front ends spells a keystash command (besides the one wording table and file contents it writes)", () => {
  const spelled = BELOW_FRONT_ENDS.flatMap(sourceFiles).filter((file) => literals(path.join(REPO_ROOT, file)).some((text) => COMMAND.test(text)));
  expect(spelled.filter((file) => !WORDS_COMMANDS.has(file))).toEqual([]);
  // Each exception still spells one, or it must go.
  expect(spelled.filter((file) => WORDS_COMMANDS.has(file)).sort()).toEqual([...WORDS_COMMANDS.keys()].sort());
});

test("what is read is the literals, template parts included, not the comments", () => {
  const dir = tempDir("keystash-literals-");
  const file = path.join(dir, "a.ts");
  fs.writeFileSync(file, '// keystash secret set\nconst a = "run keystash init";\nconst b = `x ${a} keystash access sync`;\n');
  expect(literals(file).filter((text) => COMMAND.test(text))).toEqual(["run keystash init", " keystash access sync"]);
});

// Nor does a message say which command met the problem (`secret set: …`): the store's refusals
// are met by the CLI, the dashboard and the runtime alike (store/errors.ts).
const COMMAND_PREFIX = /^(?:secret (?:set|unset|get|list|delete|rollback|history)|access (?:add|remove|sync)|sync|export|run|check|init|scan|import|migrate|verify|ui): /;
// A prefix assembled later (`${context}: …`) from a literal that is a whole command's name: the two-word ones cannot be anything else.
const COMMAND_NAME = /^(?:secret (?:set|unset|get|list|delete|rollback|history)|access (?:add|remove|sync))$/;

test("no message below the front ends starts with the name of a command", () => {
  const prefixed = BELOW_FRONT_ENDS.flatMap(sourceFiles).flatMap((file) => literals(path.join(REPO_ROOT, file)).filter((text) => COMMAND_PREFIX.test(text) || COMMAND_NAME.test(text)).map((text) => `${file}: ${text}`));
  expect(prefixed).toEqual([]);
  // The check sees one: the form the store's messages had.
  expect(COMMAND_PREFIX.test("secret unset: no secret named 'A' in the store")).toBe(true);
  expect(COMMAND_NAME.test("secret set")).toBe(true);
});
