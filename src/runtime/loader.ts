import * as fs from "node:fs";
import * as path from "node:path";
import type { Config } from "../project/config";
import type { Environment } from "../project/environments";
import { checkName } from "./names";
import { environmentNameFrom, environmentTypeFrom } from "../project/env-types";
import { appRootMarker, CONFIG_FILE, findUp, MANIFEST_FILE, requireFromFirst } from "../project/file-names";
import type { MissingSecret, ValueSource } from "../store/resolve";
import type { StoreProblem } from "../store/problem";
import type { Fix } from "../project/fix";
import { STORE_TIER_VERSION } from "./store-tier-version";
import { KeystashError, KeystashStartupError, KeystashStoreError, SecretNotSetError } from "./errors";

/** The package path of store-tier.ts (package.json `exports`). */
const STORE_TIER = "keystash/runtime-store";

/** Set (to true) in the ES module build, which only bundlers load: there this file's own path means nothing. */
declare const KEYSTASH_ESM_BUILD: boolean | undefined;
/** This file, in the CommonJS build Node loads (where the store tier is its neighbour in the same package). */
const OWN_FILE = typeof KEYSTASH_ESM_BUILD === "undefined" && typeof __filename === "string" ? __filename : undefined;

/**
 * The loader behind `secret()` (README, "At run time"). On first use it reads the manifest once, finds the
 * environment and its type, and works out where each declared secret's value comes from:
 * the process environment, then (local only) `.secrets.local.cue`, then the store. YAML, the
 * store and crypto (the store tier) are loaded only when some value is not in the environment,
 * and store values are decrypted on first read. Values are cached.
 */
interface LoaderState {
  /** Found on first need: when every value is in the process environment, the type does not matter. */
  readonly env: Environment;
  /** The app root (keystash.yaml, the store, .secrets.local.cue), also found on first need. */
  readonly root: string;
  values: Map<string, string>;
  sources: Map<string, ValueSource>;
  missing: Set<string>;
  /** Missing local secrets already announced (at start-up, or on first read). */
  warned: Set<string>;
}

let state: LoaderState | undefined;

/** An error of start-up (KeystashStartupError: one line per problem, no stack unless KEYSTASH_DEBUG=1). */
function startupError(message: string, cause?: unknown): KeystashStartupError {
  return new KeystashStartupError(message, cause === undefined ? undefined : { cause });
}

/**
 * Runs store-tier code: what it throws (a tampered store, an unreadable identity, a bad
 * .secrets.local.cue) reaches the app as a KeystashStoreError with the same message and what to do
 * (its free-text hint, or its fix as data, worded by the tier).
 */
function fromStore<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof KeystashError) throw error;
    if (!(error instanceof Error)) throw new KeystashStoreError("keystash: the store could not be read", { cause: error });
    // A free-text hint first, then the fix: the same order as the CLI's error line.
    const { fix, hint, problem } = error as { fix?: Fix; hint?: string; problem?: StoreProblem };
    const then = hint ?? (fix && tier ? tier.fixSentence(fix) : undefined);
    throw new KeystashStoreError(then ? `${error.message}; ${then}` : error.message, { cause: error, problem, fix });
  }
}

/**
 * The manifest the app was built with, found from the app rather than the working directory:
 * KEYSTASH_MANIFEST when set, else the nearest `keystash.manifest.json` at or above the entry
 * module (a bundle carries one beside it; `cd / && node /app/dist/main.js` still finds the app's),
 * else at or above the working directory (`node -e`, a REPL).
 */
function findManifest(): string | undefined {
  if (process.env.KEYSTASH_MANIFEST) return path.resolve(process.env.KEYSTASH_MANIFEST);
  const entry = process.argv[1];
  const fromEntry = entry ? findUp(path.dirname(path.resolve(entry)), MANIFEST_FILE) : undefined;
  return fromEntry ?? findUp(process.cwd(), MANIFEST_FILE);
}

function declaredNames(manifestPath: string | undefined, root: () => string): string[] {
  if (!manifestPath) return [];
  let manifest: { secrets?: { name: string; services?: string[] }[] };
  try {
    manifest = JSON.parse(fs.readFileSync(manifestPath, "utf8"));
  } catch (cause) {
    throw startupError(`keystash: cannot read the manifest ${manifestPath}; rebuild it with \`keystash manifest\``, cause);
  }
  const secrets = manifest.secrets ?? [];
  const service = process.env.KEYSTASH_SERVICE;
  if (service !== undefined) checkService(service, secrets, root);
  const names = secrets.filter((s) => service === undefined || (s.services ?? []).includes(service)).map((s) => s.name);
  for (const name of names) checkName(name, `the manifest ${manifestPath}`);
  return names;
}

// keystash.yaml, read once per root for everything start-up asks of it (the service list, the
// environment's type, who reads what); undefined when the app has none (a deployed bundle), so the
// config code is not even loaded then.
const appConfigs = new Map<string, Config | undefined>();
function appConfig(root: string): Config | undefined {
  if (!appConfigs.has(root)) appConfigs.set(root, fs.existsSync(path.join(root, CONFIG_FILE)) ? fromStore(() => storeTier(root, `reading ${CONFIG_FILE}`).readConfig(root)) : undefined);
  return appConfigs.get(root);
}

/**
 * KEYSTASH_SERVICE must name a service: one the manifest's secrets belong to, or one keystash.yaml
 * lists (a service that needs no secret). A typo would otherwise check nothing at start-up.
 */
function checkService(service: string, secrets: readonly { services?: string[] }[], root: () => string): void {
  const known = new Set(secrets.flatMap((s) => s.services ?? []));
  if (known.has(service)) return;
  for (const name of Object.keys(appConfig(root())?.services ?? {})) known.add(name);
  if (known.has(service)) return;
  const list = [...known].sort();
  const message = `keystash: KEYSTASH_SERVICE is ${JSON.stringify(service)}, which is not a service of this app (${list.length ? `services: ${list.join(", ")}` : "it declares no services"})`;
  throw startupError(message);
}

/**
 * The environment's type from every source that names one: KEYSTASH_ENV_TYPE (what `keystash
 * run` and container platforms set), keystash.yaml when the app has one, and the name itself
 * when it is an env type or shorthand. None, or two that disagree: a start-up error.
 */
function environmentOf(name: string, root: string): Environment {
  const app = appConfig(root);
  const configured = app ? storeTier(root, `reading ${CONFIG_FILE}`).typeOfEnvironment(app, name) : undefined;
  const type = environmentTypeFrom(name, process.env.KEYSTASH_ENV_TYPE, configured);
  if (typeof type !== "string") throw startupError(`keystash: ${type.problem}`);
  return { name, type };
}

/** A variable of the process environment (own properties only: `toString` is not a variable). */
function envVar(name: string): string | undefined {
  return Object.hasOwn(process.env, name) ? process.env[name] : undefined;
}

/** One line per missing secret: why, and its fix in the store tier's words (the tier planned them). */
function describeMissing(missing: readonly MissingSecret[]): string {
  return missing.map((m) => `  ${m.name}: ${m.reason}; ${tier!.fixSentence(m.fix)}`).join("\n");
}

/** Plans the secrets' sources from the store tier; each input is read only if asked for. */
function plan(names: readonly string[], env: Environment, root: string) {
  const why = `${names.join(", ")} ${names.length === 1 ? "is" : "are"} not in the environment, and reading the store`;
  const tierOf = storeTier(root, why);
  return fromStore(() => tierOf.planFromStore(names, env, root, appConfig(root)));
}

let tier: typeof import("./store-tier") | undefined;

/**
 * The store tier, loaded on first need with a require no bundler follows (a bundle then carries
 * only the environment reader, and the store code comes from the keystash package installed
 * beside it). Resolved by package name, never by a path a bundle's folder could plant: from this
 * file (keystash's own, unbundled), then from the entry module, then from the app root.
 */
function storeTier(root: string, why: string): typeof import("./store-tier") {
  if (tier) return tier;
  const anchors = [OWN_FILE, process.argv[1], path.join(root, "package.json")].filter((anchor): anchor is string => anchor !== undefined && path.isAbsolute(anchor));
  // Only "this package is not here" moves on; an error inside the tier is the tier's to report.
  const loaded = requireFromFirst<typeof import("./store-tier")>(STORE_TIER, anchors);
  if (loaded) {
    if (loaded.STORE_TIER_VERSION !== STORE_TIER_VERSION) {
      throw startupError(`keystash: the keystash package installed beside this app reads the store with interface ${String(loaded.STORE_TIER_VERSION)}, but the app was bundled with interface ${STORE_TIER_VERSION}; install the keystash version the app was built with, or rebuild`);
    }
    return (tier = loaded);
  }
  throw startupError(`keystash: ${why} needs the keystash package, which is not installed beside this app (a bundle carries only the environment reader); set the values as environment variables, or install keystash with the app`);
}

function load(): LoaderState {
  // Fail closed before anything else: production never silently becomes local.
  const envName = environmentNameFrom(process.env);
  if (typeof envName !== "string") throw startupError(`keystash: ${envName.problem}`);
  const manifestPath = findManifest();
  let root: string | undefined;
  const rootOf = (): string => {
    if (root !== undefined) return root;
    if (process.env.KEYSTASH_ROOT) return (root = path.resolve(process.env.KEYSTASH_ROOT));
    const start = manifestPath ? path.dirname(manifestPath) : process.cwd();
    // A deployed bundle may carry only its manifest: read (never write) beside it.
    const marker = appRootMarker(start);
    return (root = marker ? path.dirname(marker) : start);
  };
  const names = declaredNames(manifestPath, rootOf);
  let found: Environment | undefined;
  const loaded: LoaderState = {
    get root() {
      return rootOf();
    },
    get env() {
      return (found ??= environmentOf(envName, this.root));
    },
    values: new Map(),
    sources: new Map(),
    missing: new Set(),
    warned: new Set(),
  };
  const pending = names.filter((name) => {
    const fromEnv = envVar(name);
    if (fromEnv !== undefined) loaded.values.set(name, fromEnv);
    return fromEnv === undefined;
  });
  // An empty variable is a value nobody meant (`DatabaseURL=` in a deploy config): outside local it
  // neither wins over the store nor serves "".
  const emptyOnPurpose = new Set((process.env.KEYSTASH_EMPTY ?? "").split(","));
  const empty = names.filter((name) => loaded.values.get(name) === "" && !emptyOnPurpose.has(name));
  if (empty.length > 0 && loaded.env.type !== "local") {
    const env = loaded.env;
    const message = `keystash: ${empty.length} secret${empty.length === 1 ? " is" : "s are"} set to an empty environment variable in ${env.name} (${env.type}): ${empty.join(", ")}; give ${empty.length === 1 ? "it a value" : "them values"}, or unset ${empty.length === 1 ? "it" : "them"} to read the store`;
    throw startupError(message);
  }
  if (pending.length === 0) return loaded;
  const { sources, missing } = plan(pending, loaded.env, loaded.root);
  loaded.sources = sources;
  for (const m of missing) loaded.missing.add(m.name);
  if (missing.length === 0) return loaded;
  const env = loaded.env;
  if (env.type === "local") {
    for (const m of missing) loaded.warned.add(m.name);
    // `keystash run` has already warned about these (and sets KEYSTASH_QUIET for the child).
    if (process.env.KEYSTASH_QUIET === "1") return loaded;
    process.stderr.write(`keystash: ${missing.length} secret${missing.length === 1 ? " is" : "s are"} not set in ${env.name} and will read as "":\n${describeMissing(missing)}\n`);
    return loaded;
  }
  const message = `keystash: ${missing.length} secret${missing.length === 1 ? " is" : "s are"} not set in environment ${env.name} (${env.type}):\n${describeMissing(missing)}`;
  throw startupError(message);
}

function loader(): LoaderState {
  return (state ??= load());
}

/** Loads the manifest and plans every declared secret now (the first `secret()` call does this). */
export function initLoader(): void {
  loader();
}

/**
 * A secret's value. In a local environment a missing secret reads as `""`; elsewhere it throws.
 * @throws SecretNotSetError (`secret NAME is not set in environment E`) outside local environments.
 */
export function readSecret(name: string): string {
  const current = loader();
  const known = current.values.get(name);
  if (known !== undefined) return known;
  let source = current.sources.get(name);
  if (!source && !current.missing.has(name)) {
    // Not in the manifest (no manifest, or a stale one): resolve it on demand.
    const fromEnv = envVar(name);
    if (fromEnv !== undefined) return remember(current, name, fromEnv);
    const planned = plan([name], current.env, current.root);
    source = planned.sources.get(name);
    if (!source) current.missing.add(name);
  }
  if (source) return remember(current, name, source.kind === "localFile" ? source.value : fromStore(() => source.read()));
  if (current.env.type === "local") {
    // Not announced at start-up (not in the manifest it found): say it once, wherever the app runs from.
    if (!current.warned.has(name) && process.env.KEYSTASH_QUIET !== "1") process.stderr.write(`keystash: ${name} is not set in ${current.env.name} and reads as ""; ${tier!.fixSentence({ kind: "set", name, type: current.env.type })}\n`);
    current.warned.add(name);
    return "";
  }
  throw new SecretNotSetError(name, current.env.name);
}

function remember(current: LoaderState, name: string, value: string): string {
  current.values.set(name, value);
  return value;
}

/** Whether a secret has a value (for masking: `*****` or `not set`); never decrypts. */
export function isSecretSet(name: string): boolean {
  const current = loader();
  return current.values.has(name) || current.sources.has(name) || (!current.missing.has(name) && envVar(name) !== undefined);
}

/** Forgets everything loaded (tests and long-lived tools that change environment). */
export function resetLoader(): void {
  state = undefined;
  tier = undefined;
  appConfigs.clear();
}
