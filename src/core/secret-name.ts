import { secretNameProblem } from "../analyzer/names";
import { UserError } from "../project/errors";

/**
 * Checks a secret name (the analyzer's KS1006 rule: pattern and reserved names).
 * @throws UserError saying why the name cannot be used.
 */
export function checkSecretName(name: string): string {
  const problem = secretNameProblem(name);
  if (problem !== undefined) throw new UserError(`'${name}' is not a valid secret name`, problem);
  return name;
}
