import { runCli, tempDir } from "../helpers/cli";

// --help teaches: examples to paste, and required options marked as required.
const COMMANDS: [string[], string[]][] = [
  [["check"], ["--env <env>"]],
  [["export"], ["--env <env>"]],
  [["sync"], ["--env <env>", "--to <target>"]],
  [["run"], []],
  [["secret", "set"], []],
  [["secret", "get"], ["--env <env>"]],
  [["access", "add"], ["--type <type>"]],
];

test.each(COMMANDS)("%s --help has examples and marks required options", (command, requiredOptions) => {
  const help = runCli([...command, "--help"], { cwd: tempDir("keystash-help-") });
  expect(help.status).toBe(0);
  expect(help.stdout).toMatch(/\nExamples:\n {2}\$ .*keystash /);
  // An option's description may wrap onto the next lines; "(required)" ends it before the next option.
  for (const option of requiredOptions) expect(help.stdout).toMatch(new RegExp(`${option}[^\\n]*(\\n {10,}[^\\n]*)*\\(required\\)`));
});
