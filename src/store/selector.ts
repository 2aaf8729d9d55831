import { ENV_TYPES, type EnvType } from "../project/env-types";

/** Which environments a value serves: env types and/or specific environment names. */
export interface Selector {
  types: EnvType[];
  envs: string[];
}

/** The selector with types in display order and envs sorted, without duplicates. */
export function normaliseSelector(selector: Selector): Selector {
  return {
    types: ENV_TYPES.filter((type) => selector.types.includes(type)),
    envs: [...new Set(selector.envs)].sort(),
  };
}

/** A stable text form, also bound into each ciphertext: `type:development,type:local,env:staging`. */
export function selectorKey(selector: Selector): string {
  const { types, envs } = normaliseSelector(selector);
  return [...types.map((t) => `type:${t}`), ...envs.map((e) => `env:${e}`)].join(",");
}

/** How users write a selector on the command line: `--type development,local --env staging`. */
export function describeSelector(selector: Selector): string {
  const { types, envs } = normaliseSelector(selector);
  return [types.length ? `--type ${types.join(",")}` : "", envs.length ? `--env ${envs.join(",")}` : ""].filter(Boolean).join(" ");
}

/** How messages name what a selector reaches: `development, preview, local` or `production, environment staging`. */
export function describeReach(selector: Selector): string {
  const { types, envs } = normaliseSelector(selector);
  return [...types, ...envs.map((env) => `environment ${env}`)].join(", ");
}

/** What two selectors have in common (env types and environment names). */
export function overlap(a: Selector, b: Selector): Selector {
  return { types: a.types.filter((t) => b.types.includes(t)), envs: a.envs.filter((e) => b.envs.includes(e)) };
}

/** Whether a selector selects nothing. */
export function isEmptySelector(selector: Selector): boolean {
  return selector.types.length === 0 && selector.envs.length === 0;
}

/** `a` without what `b` selects. */
export function subtractSelector(a: Selector, b: Selector): Selector {
  return { types: a.types.filter((t) => !b.types.includes(t)), envs: a.envs.filter((e) => !b.envs.includes(e)) };
}

/** Whether two selectors are the same set. */
export function sameSelector(a: Selector, b: Selector): boolean {
  return selectorKey(a) === selectorKey(b);
}
