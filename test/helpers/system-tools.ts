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
  if (hasCommand(command)) {
    describe(title, body);
    return;
  }
  process.stderr.write(`skipped: ${title} (needs the \`${command}\` command; .ci/run installs it)\n`);
  describe.skip(title, body);
}

/** `test` when `command` is installed; otherwise skipped with one visible line. */
export function testWith(command: string, title: string, body: () => void): void {
  if (hasCommand(command)) {
    test(title, body);
    return;
  }
  process.stderr.write(`skipped: ${title} (needs the \`${command}\` command; .ci/run installs it)\n`);
  test.skip(title, body);
}
