import { isReservedName, secretNameProblem } from "../analyzer/names";
import { InvalidSecretNameError } from "./errors";

// Names already checked: the manifest's names are checked at start-up, then again by each secret() call.
const valid = new Set<unknown>();

/**
 * Refuses a secret name the analyzer would reject (KS1006): a malformed name, or a reserved
 * one such as `PATH` or `NODE_OPTIONS`.
 * @param untrusted the name is a run-time value (`secret(x)`), which may be anything, a token
 *   included: the error then names it only when it is a reserved variable (a public list).
 * @throws InvalidSecretNameError naming where it came from and why (and the name, see `untrusted`).
 */
export function checkName(name: unknown, where: string, untrusted = false): void {
  if (valid.has(name)) return;
  const problem = typeof name === "string" ? secretNameProblem(name) : "it is not a string";
  if (problem === undefined) return void valid.add(name);
  if (untrusted && !(typeof name === "string" && isReservedName(name))) {
    throw new InvalidSecretNameError(`keystash: the argument of ${where} is not a valid secret name (${problem}); it is not shown, since it may be a value: declare each secret with a string literal, secret("GitHubToken")`);
  }
  throw new InvalidSecretNameError(`keystash: ${JSON.stringify(name)} in ${where} is not a valid secret name: ${problem}`);
}
