import { spawnSync } from "node:child_process";

const found = new Map<string, boolean>();

/** Whether a system command is installed (on PATH). */
export function hasCommand(command: string): boolean {
  if (!found.has(command)) found.set(command, spawnSync(command, ["--version"], { stdio: "ignore" }).error === undefined);
  return found.get(command)!;
}

/**
 * `describe` when `command` is installed; otherwise the block is skipped with one visible line
 * saying why (a fresh machine with only Node and npm runs everything else; .ci/run installs it).
 */
export function describeWith(command: string, title: string, body: () => void): void {
  // A skipped block's body must not run either: jest runs describe bodies to collect tests.
  if (runs(command, title)) describe(title, body);
  else describe.skip(title, () => test(`needs the ${command} command`, () => undefined));
}

/** `test` when `command` is installed; otherwise skipped with one visible line. */
export function testWith(command: string, title: string, body: () => void): void {
  (runs(command, title) ? test : test.skip)(title, body);
}

/** Whether tests needing `command` run; when not, says so in one line. */
function runs(command: string, title: string): boolean {
  if (hasCommand(command)) return true;
  process.stderr.write(`skipped: ${title} (needs the \`${command}\` command; .ci/run installs it)\n`);
  return false;
}
