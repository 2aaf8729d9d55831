import { secretNameProblem } from "../analyzer/names";

/**
 * Refuses a secret name the analyzer would reject (KS1006): a malformed name, or a reserved
 * one such as `PATH` or `NODE_OPTIONS`.
 * @throws Error naming the name, where it came from, and why.
 */
export function checkName(name: unknown, where: string): void {
  const problem = typeof name === "string" ? secretNameProblem(name) : "it is not a string";
  if (problem !== undefined) throw new Error(`keystash: ${JSON.stringify(name)} in ${where} is not a valid secret name: ${problem}`);
}
