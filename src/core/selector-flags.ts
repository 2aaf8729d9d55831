import type { Config } from "../project/config";
import { configuredType } from "../project/environments";
import { ENV_NAME_PATTERN, ENV_TYPES, parseEnvType, type EnvType } from "../project/env-types";
import { UserError } from "../project/errors";
import { didYouMean } from "../project/suggest";
import { isEmptySelector, normaliseSelector, type Selector } from "../store/selector";

/** The selector flags shared by `secret set|unset|rollback`. */
export interface SelectorFlags {
  type?: string[];
  env?: string[];
  dev?: boolean;
  prod?: boolean;
}

/** commander collector: repeatable, comma-separated lists. */
export const collectList = (value: string, previous: string[] = []): string[] => [
  ...previous,
  ...value.split(",").map((v) => v.trim()).filter(Boolean),
];

const TYPE_WORDS = [...ENV_TYPES, "prod", "dev", "pr"];

/**
 * The env type a `--type` word names.
 * @throws UserError naming the word, the closest type when it looks like a typo, and the list.
 */
export function envTypeFlag(word: string): EnvType {
  const type = parseEnvType(word);
  if (!type) throw new UserError(`--type: '${word}' is not an env type`, `${didYouMean(word, TYPE_WORDS)}use ${ENV_TYPES.join(", ")} (or prod, dev, pr)`);
  return type;
}

/** `--type production,preview`: each type once, in the order given. */
export function envTypesFlag(words: string): EnvType[] {
  return [...new Set(words.split(",").map((word) => envTypeFlag(word.trim())))];
}

/**
 * Turns `--type`, `--env`, `--dev` and `--prod` into a selector, checking every type word
 * and that every environment is configured in keystash.yaml (or is `local`).
 * @throws UserError naming the bad flag value.
 */
export function selectorFromFlags(config: Config, flags: SelectorFlags): Selector {
  const types: EnvType[] = [];
  for (const word of flags.type ?? []) types.push(envTypeFlag(word));
  if (flags.dev) types.push("development", "preview", "local");
  if (flags.prod) types.push("production");
  const envs: string[] = [];
  for (const name of flags.env ?? []) {
    if (!ENV_NAME_PATTERN.test(name)) throw new UserError(`--env: '${name}' is not an environment name`, "patterns like pr-* belong in keystash.yaml; name one environment, e.g. --env pr-42");
    if (name !== "local" && !configuredType(config.environments, name)) {
      const asType = parseEnvType(name);
      throw new UserError(
        `--env: unknown environment '${name}'`,
        asType
          ? `to set it for every ${asType} environment use --type ${asType}`
          : `${didYouMean(name, Object.keys(config.environments).filter((e) => !e.endsWith("*")))}name it under \`environments\` in keystash.yaml, e.g. "${name}: development"`,
      );
    }
    envs.push(name);
  }
  const selector = normaliseSelector({ types, envs });
  if (isEmptySelector(selector)) throw new UserError("no environments selected", "pass --type T[,T...] and/or --env E[,E...] (or --dev / --prod)");
  return selector;
}
