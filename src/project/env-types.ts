/** The four environment types, in display order. */
export const ENV_TYPES = ["production", "development", "preview", "local"] as const;

/** An environment type. */
export type EnvType = (typeof ENV_TYPES)[number];

const SHORTHANDS: Readonly<Record<string, EnvType>> = { prod: "production", dev: "development", pr: "preview" };

/** The env type a word names (`prod`, `production`, `dev`, ...), or undefined. */
export function parseEnvType(word: string): EnvType | undefined {
  if ((ENV_TYPES as readonly string[]).includes(word)) return word as EnvType;
  return SHORTHANDS[word];
}

/** Valid environment names: the same alphabet as secret names plus `-` and `.`. */
export const ENV_NAME_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;
