import type { Config } from "./config";
import { ENV_NAME_PATTERN, parseEnvType, type EnvType } from "./env-types";
import { UserError } from "./errors";
import { ownValue } from "./records";
import { didYouMean } from "./suggest";

/** An environment: its name and its type. */
export interface Environment {
  name: string;
  type: EnvType;
}

/** The type keystash.yaml gives an environment name (exact name, else longest `prefix*`), or undefined. */
export function configuredType(environments: Config["environments"], name: string): EnvType | undefined {
  const exact = ownValue(environments, name);
  if (exact) return exact;
  let best: { type: EnvType; length: number } | undefined;
  for (const [pattern, type] of Object.entries(environments)) {
    if (!pattern.endsWith("*")) continue;
    const prefix = pattern.slice(0, -1);
    if (name.startsWith(prefix) && (!best || prefix.length > best.length)) best = { type, length: prefix.length };
  }
  return best?.type;
}

/** The type of a named environment (configured, or named after a type), or undefined. */
export function typeOfEnvironment(config: Config, name: string): EnvType | undefined {
  return configuredType(config.environments, name) ?? parseEnvType(name);
}

/**
 * Resolves `--env E`: a configured environment name, or an env type / shorthand, which
 * stands for the environment of that name (`prod` -> `production`).
 * @throws UserError when E is neither.
 */
export function resolveEnvironment(config: Config, word: string, flag = "--env"): Environment {
  // Checked before any pattern (`pr-*`) can match: a name is data that ends up in paths and files.
  if (!ENV_NAME_PATTERN.test(word)) throw new UserError(`${flag}: '${printableWord(word)}' is not a valid environment name`, "use letters, digits, '_', '.' and '-', starting with a letter, digit or '_'");
  const configured = configuredType(config.environments, word);
  if (configured) return { name: word, type: configured };
  const type = parseEnvType(word);
  if (type) return { name: type, type };
  const known = Object.keys(config.environments);
  const suggestion = didYouMean(word, [...known.filter((e) => !e.endsWith("*")), "production", "development", "preview", "local"]);
  throw new UserError(
    `${flag}: unknown environment '${word}'`,
    known.length
      ? `${suggestion}use an env type (production, development, preview, local) or one of: ${known.join(", ")}`
      : `${suggestion}use an env type (production, development, preview, local), or name it under \`environments\` in keystash.yaml`,
  );
}

/** An environment as messages name it: `production`, or `staging (production)` when its name is not its type. */
export function describeEnvironment(env: Environment): string {
  return env.name === env.type ? env.type : `${env.name} (${env.type})`;
}

/** A word from the command line as an error may show it: control characters escaped. */
function printableWord(word: string): string {
  return JSON.stringify(word).slice(1, -1);
}
