import type { Config } from "../project/config";
import { resolveEnvironment, type Environment } from "../project/environments";
import { environmentNameFrom, parseEnvType, type EnvironmentVariables } from "../project/env-types";
import { UserError } from "../project/errors";
import { currentIo } from "./io";

/**
 * The environment `run` and `export` act for: `--env` when given, else `KEYSTASH_ENV` from
 * the shell, else `local` only when nothing says otherwise (the runtime's fail-closed rule). An
 * `--env` that names another environment than `KEYSTASH_ENV`, or another type than
 * `KEYSTASH_ENV_TYPE`, is a contradiction, never a silent choice.
 * @throws UserError (exit 2) for an unknown environment or contradicting sources.
 */
export function targetEnvironment(config: Config, flag: string | undefined, vars: EnvironmentVariables = currentIo().env): Environment {
  const fromVars = environmentNameFrom(vars);
  let env: Environment;
  if (flag === undefined) {
    if (typeof fromVars !== "string") throw new UserError(fromVars.problem, "or pass --env E");
    env = resolveEnvironment(config, fromVars, vars.KEYSTASH_ENV === undefined ? "--env" : "KEYSTASH_ENV");
  } else {
    env = resolveEnvironment(config, flag);
    if (vars.KEYSTASH_ENV) {
      const other = resolveEnvironment(config, vars.KEYSTASH_ENV, "KEYSTASH_ENV");
      if (other.name !== env.name) {
        throw new UserError(`--env ${flag} contradicts KEYSTASH_ENV=${vars.KEYSTASH_ENV} in this shell`, "unset KEYSTASH_ENV, or drop --env");
      }
    }
  }
  const declaredType = vars.KEYSTASH_ENV_TYPE;
  if (declaredType !== undefined && parseEnvType(declaredType) !== env.type) {
    throw new UserError(`environment ${env.name} is ${env.type}, but KEYSTASH_ENV_TYPE=${declaredType} in this shell`, "unset KEYSTASH_ENV_TYPE, or make it agree");
  }
  return env;
}
