/** The four environment types, in display order. */
export const ENV_TYPES = ["production", "development", "preview", "local"] as const;

/** An environment type. */
export type EnvType = (typeof ENV_TYPES)[number];

const SHORTHANDS: Readonly<Record<string, EnvType>> = { prod: "production", dev: "development", pr: "preview" };

/** The env type a word names (`prod`, `production`, `dev`, ...), or undefined. */
export function parseEnvType(word: string): EnvType | undefined {
  if ((ENV_TYPES as readonly string[]).includes(word)) return word as EnvType;
  return Object.hasOwn(SHORTHANDS, word) ? SHORTHANDS[word] : undefined;
}

/** Valid environment names: the same alphabet as secret names plus `-` and `.`. */
export const ENV_NAME_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

/** The process environment variables that say where an app runs. */
export interface EnvironmentVariables {
  KEYSTASH_ENV?: string;
  KEYSTASH_ENV_TYPE?: string;
  NODE_ENV?: string;
}

/**
 * The environment a process runs in, from its variables, failing closed (README, "At run time"):
 * `KEYSTASH_ENV` when set; `local` only when nothing says otherwise. A non-local
 * `KEYSTASH_ENV_TYPE` or `NODE_ENV=production` without `KEYSTASH_ENV` is a problem, never a
 * silent `local`, and so is a `KEYSTASH_ENV` set to the empty string (a template gone wrong).
 * @returns the name, or `{ problem }` describing what is wrong (callers word the error).
 */
export function environmentNameFrom(vars: EnvironmentVariables): string | { problem: string } {
  const name = vars.KEYSTASH_ENV;
  if (name !== undefined) return name === "" ? { problem: "KEYSTASH_ENV is set but empty; set it to the environment's name" } : name;
  const declaredType = vars.KEYSTASH_ENV_TYPE;
  if (declaredType !== undefined && declaredType !== "local") {
    return { problem: `KEYSTASH_ENV_TYPE is '${declaredType}' but KEYSTASH_ENV is not set; set KEYSTASH_ENV to the environment's name (keystash never falls back to local outside local)` };
  }
  // `Production`, `PRODUCTION` and `production ` mean production to the people who typed them.
  if (vars.NODE_ENV?.trim().toLowerCase() === "production") {
    return { problem: "NODE_ENV is 'production' but KEYSTASH_ENV is not set; set KEYSTASH_ENV to the environment's name (keystash never falls back to local in production)" };
  }
  return "local";
}

/**
 * The type of environment `name`, from every source that says one: `KEYSTASH_ENV_TYPE`,
 * keystash.yaml (`configured`), and the name itself when it is an env type or shorthand.
 * @returns the type, or `{ problem }` when no source says one or two sources disagree.
 */
export function environmentTypeFrom(name: string, declaredType: string | undefined, configured: EnvType | undefined): EnvType | { problem: string } {
  const sources: [string, EnvType][] = [];
  if (declaredType !== undefined) {
    const type = parseEnvType(declaredType);
    if (!type) return { problem: `KEYSTASH_ENV_TYPE='${declaredType}' is not an env type (${ENV_TYPES.join(", ")})` };
    sources.push(["KEYSTASH_ENV_TYPE", type]);
  }
  if (configured) sources.push(["keystash.yaml", configured]);
  const named = parseEnvType(name);
  if (named) sources.push(["its name", named]);
  const [first, ...rest] = sources;
  if (!first) {
    return { problem: `cannot tell the type of environment '${name}': it is not in keystash.yaml, KEYSTASH_ENV_TYPE is not set and it is not an env type name` };
  }
  const other = rest.find(([, type]) => type !== first[1]);
  if (other) {
    return { problem: `environment '${name}' has contradicting types: ${first[0]} says ${first[1]}, ${other[0]} says ${other[1]}; make them agree` };
  }
  return first[1];
}
