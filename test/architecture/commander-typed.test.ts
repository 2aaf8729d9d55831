import * as fs from "node:fs";
import * as path from "node:path";
import ts from "typescript";
import { REPO_ROOT, tempDir } from "../helpers/cli";

// Issue #21: a command's flags and arguments are typed by commander from their own definitions
// (@commander-js/extra-typings), so a flag renamed in `.option()` cannot leave a stale type beside
// it. No `.action()` callback in the CLI types its own parameters.

/** The `.action(...)` callbacks in a file whose parameters carry a written type, as `file:line`. */
function handTypedActions(file: string): string[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === "action") {
      const callback = node.arguments[0];
      if (callback && (ts.isArrowFunction(callback) || ts.isFunctionExpression(callback)) && callback.parameters.some((parameter) => parameter.type !== undefined)) {
        found.push(`${path.relative(REPO_ROOT, file)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const cliFiles = (): string[] =>
  fs.readdirSync(path.join(REPO_ROOT, "src/cli"), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".ts"))
    .map((entry) => path.join(entry.parentPath, entry.name));

test("every command's action takes its flags' types from commander's inference, none by hand", () => {
  const files = cliFiles();
  // There is something to check: the commands define their actions here.
  expect(files.filter((file) => fs.readFileSync(file, "utf8").includes(".action(")).length).toBeGreaterThan(10);
  expect(files.flatMap(handTypedActions)).toEqual([]);
});

test("the check sees a hand-typed action", () => {
  const planted = path.join(tempDir("keystash-planted-"), "planted.ts");
  fs.writeFileSync(planted, 'program.command("x").option("--root <dir>").action((flags) => undefined);\nprogram.command("y").option("--root <dir>").action((flags: { root?: string }) => undefined);\n');
  expect(handTypedActions(planted).map((where) => where.replace(/.*:/, "line "))).toEqual(["line 2"]);
});

test("commander is the typed one: the vendor module re-exports @commander-js/extra-typings", () => {
  expect(fs.readFileSync(path.join(REPO_ROOT, "src/vendor/commander.ts"), "utf8")).toMatch(/from "@commander-js\/extra-typings"/);
});
