import { runCli, tempDir } from "../helpers/cli";

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
