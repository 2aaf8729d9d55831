/**
 * What the runtime needs only when some value is not in the process environment: keystash.yaml
 * (the `yaml` parser), the store, identities, crypto and, in local, the CUE reader. The loader
 * reaches this module by package name (`keystash/runtime-store`) through a require no bundler
 * follows, so a bundled app carries only the environment reader (loader.ts, `loadStoreTier`).
 * Everything the loader asks of the store goes through here.
 */
import type { Config } from "../project/config";
import type { Environment } from "../project/environments";
import { loadConfig, defaultConfig } from "../project/config";
import { configuredType } from "../project/environments";
import { planSecrets } from "../store/resolve";
import { readStore } from "../store/store-file";
import { loadIdentities } from "../store/identity";
import { lazy } from "../lazy";
export { STORE_TIER_VERSION } from "./store-tier-version";
export { fixSentence } from "../core/fix-text";

const localOverrides = lazy(() => require("./local-overrides") as typeof import("./local-overrides"));

/** keystash.yaml at `root`, parsed and checked. */
export const readConfig = loadConfig;

/** The env type keystash.yaml gives the environment `name`, if it names one. */
export function typeOfEnvironment(config: Config, name: string) {
  return configuredType(config.environments, name);
}

/**
 * Where each of `names` reads its value in `env`: the local overrides file (local only), else the
 * store, judged as `check` judges it. Each input is read only if asked for.
 */
export function planFromStore(names: readonly string[], env: Environment, root: string, config: Config | undefined) {
  return planSecrets(names, env, {
    localOverrides: () => localOverrides().readLocalOverrides(root),
    store: () => readStore(root),
    identities: () => loadIdentities(),
    // Who reads what (recipients, environments' types): the same judgement as `check`.
    config: () => config ?? defaultConfig(),
  });
}
