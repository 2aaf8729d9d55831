import * as path from "node:path";
import { REPO_ROOT, runCli, tempDir } from "../helpers/cli";

// --help teaches: examples to paste, and required options marked as required.
const COMMANDS: [string[], string[]][] = [
  [["check"], ["--env <env>"]],
  [["export"], ["--env <env>"]],
  [["sync"], ["--env <env>", "--to <target>"]],
  [["run"], []],
  [["secret", "set"], []],
  [["secret", "get"], ["--env <env>"]],
  [["access", "add"], ["--type <types>"]],
];

const ALL = ["init", "secret set", "secret unset", "secret delete", "secret rollback", "secret list", "secret get", "secret history", "access add", "access remove", "access sync", "access audit", "manifest", "check", "run", "export", "import", "migrate", "scan", "ui", "sync", "verify", "whoami", "completion"];

test.each(ALL)("%s --help has 2 to 4 examples", (command) => {
  const help = runCli([...command.split(" "), "--help"], { cwd: tempDir("keystash-help-") });
  const count = help.stdout.split("\n").filter((line) => line.startsWith("  $ keystash ") || line.startsWith("  $ ")).length;
  expect([command, count >= 2 && count <= 4]).toEqual([command, true]);
});

test.each(COMMANDS)("%s --help has examples and marks required options", (command, requiredOptions) => {
  const help = runCli([...command, "--help"], { cwd: tempDir("keystash-help-") });
  expect(help.status).toBe(0);
  expect(help.stdout).toMatch(/\nExamples:\n {2}\$ .*keystash /);
  // An option's description may wrap onto the next lines; "(required)" ends it before the next option.
  for (const option of requiredOptions) expect(help.stdout).toMatch(new RegExp(`${option}[^\\n]*(\\n {10,}[^\\n]*)*\\(required\\)`));
});

test("a usage error is keystash's error: and hint: lines, and every default is written one way", () => {
  const cwd = tempDir("keystash-help-");
  const usage = runCli(["check"], { cwd });
  expect([usage.status, usage.stderr]).toEqual([2, "error: required option '--env <env>' not specified\nhint: see `keystash check --help` for its options and examples\n"]);
  const unknown = runCli(["secret", "set", "--bogus", "X"], { cwd });
  expect(unknown.stderr).toBe("error: unknown option '--bogus'\nhint: see `keystash secret set --help` for its options and examples\n");
  const help = runCli(["export", "--help"], { cwd }).stdout + runCli(["sync", "--help"], { cwd }).stdout;
  const flat = help.replace(/\s+/g, " ");
  expect(flat).toContain("(default: dotenv)");
  expect(flat).toContain("(default: keystash)");
  expect(flat).not.toMatch(/\(default "|\(default: "|\(default [^:]/);
});

test("the list above is every command a user types (a new command needs examples too)", () => {
  const { buildProgram } = require(path.join(REPO_ROOT, "dist/cli/main.js")) as typeof import("../../src/cli/main");
  const names: string[] = [];
  const walk = (command: import("../../src/vendor/commander").CommandUnknownOpts, prefix: string) => {
    for (const sub of command.commands) {
      if ((sub as { _hidden?: boolean })._hidden) continue;
      const name = prefix ? `${prefix} ${sub.name()}` : sub.name();
      if (sub.commands.length > 0) walk(sub, name);
      else names.push(name);
    }
  };
  walk(buildProgram([]), "");
  expect(names.sort()).toEqual([...ALL].sort());
});
