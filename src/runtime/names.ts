import { secretNameProblem } from "../analyzer/names";

// Names already checked: the manifest's names are checked at start-up, then again by each secret() call.
const valid = new Set<unknown>();

/**
 * Refuses a secret name the analyzer would reject (KS1006): a malformed name, or a reserved
 * one such as `PATH` or `NODE_OPTIONS`.
 * @throws Error naming the name, where it came from, and why.
 */
export function checkName(name: unknown, where: string): void {
  if (valid.has(name)) return;
  const problem = typeof name === "string" ? secretNameProblem(name) : "it is not a string";
  if (problem !== undefined) throw new Error(`keystash: ${JSON.stringify(name)} in ${where} is not a valid secret name: ${problem}`);
  valid.add(name);
}
