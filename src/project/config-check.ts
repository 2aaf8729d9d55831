import { recipientProblem, recipientStart } from "./recipient";
import { ENV_NAME_PATTERN, ENV_TYPES, parseEnvType, type EnvType } from "./env-types";

/** `keystash.yaml`, checked and with defaults filled in. */
export interface Config {
  app: string | null;
  include: string[];
  services: Record<string, string>;
  /** Environment name or `prefix*` pattern -> type. */
  environments: Record<string, EnvType>;
  /** Recipients (age public keys) allowed to read each env type. */
  access: Record<EnvType, string[]>;
  /** The names keystash.yaml gives recipients (`- alice: age1...`): recipient -> name. */
  recipientNames: Record<string, string>;
  /** `keystash scan`: fingerprints of findings to leave out (never the values). */
  scan: { ignore: string[] };
}

export { RECIPIENT_PATTERN } from "./recipient";

/** A recipient's name in keystash.yaml: a person or machine, as people write it. */
const RECIPIENT_NAME = /^[A-Za-z0-9][A-Za-z0-9._@+-]{0,63}$/;

/** A problem in keystash.yaml: where (a key path) and what is expected. */
export class ConfigProblem extends Error {
  constructor(
    readonly path: readonly (string | number)[],
    readonly key: string,
    readonly expected: string,
  ) {
    super(`\`${key}\` ${expected}`);
  }
}

const isMap = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
const KEYS = ["app", "include", "services", "environments", "access", "scan"];

/**
 * Checks keystash.yaml's parsed value and fills in `config`.
 * @throws ConfigProblem naming the key path and what is expected.
 */
export function checkConfigValue(raw: unknown, config: Config): Config {
  if (raw === null || raw === undefined) return config;
  if (!isMap(raw)) throw new ConfigProblem([], "(top level)", "must be a mapping of keys to values");
  const fail = (path: (string | number)[], key: string, expected: string): never => {
    throw new ConfigProblem(path, key, expected);
  };
  const str = (value: unknown, path: (string | number)[], key: string, expected: string): string =>
    typeof value === "string" && value !== "" ? value : fail(path, key, expected);
  const strings = (value: unknown, path: string[], key: string, expected: string): string[] =>
    Array.isArray(value) ? value.map((item, i) => str(item, [...path, i], key, `must list ${expected}`)) : fail(path, key, `must be a list of ${expected}`);
  const map = (key: string): [string, unknown][] => {
    const value = raw[key];
    if (value === undefined || value === null) return [];
    return isMap(value) ? Object.entries(value) : fail([key], key, "must be a mapping");
  };

  for (const key of Object.keys(raw)) {
    if (!KEYS.includes(key)) fail([key], key, "is not a keystash.yaml key (expected app, include, services, environments, access or scan)");
  }
  if (raw.app !== undefined) config.app = str(raw.app, ["app"], "app", "must be the app's name (a string)");
  if (raw.include !== undefined) config.include = strings(raw.include, ["include"], "include", "glob strings");
  for (const [name, value] of map("services")) {
    config.services[name] = str(value, ["services", name], `services.${name}`, "must be a directory relative to the app root");
  }
  const types = `${ENV_TYPES.join(", ")}, or prod, dev, pr`;
  for (const [name, value] of map("environments")) {
    const key = `environments.${name}`;
    const word = str(value, ["environments", name], key, `must be an env type (${types})`);
    const type = parseEnvType(word) ?? fail(["environments", name], key, `is '${word}', not an env type (${types})`);
    if (!ENV_NAME_PATTERN.test(name.replace(/\*$/, "") || "x")) fail(["environments", name], key, "has an invalid environment name");
    config.environments[name] = type;
  }
  for (const [word, value] of map("access")) {
    const key = `access.${word}`;
    const type = parseEnvType(word) ?? fail(["access", word], key, `is not an env type (${types})`);
    if (value === null) continue;
    if (!Array.isArray(value)) fail(["access", word], key, "must be a list of age recipients (age1... or name: age1...)");
    const recipients = (value as unknown[]).map((item, index) => {
      // - age1...   or   - alice: age1...
      const entry = isMap(item) ? Object.entries(item) : undefined;
      if (entry && entry.length !== 1) fail(["access", word, index], key, "lists a mapping that is not one `name: age1...` pair");
      const [name, recipient] = entry ? entry[0]! : [undefined, item];
      if (typeof recipient !== "string" || recipient === "") return fail(["access", word, index], key, "must list age recipients (age1... or name: age1...)");
      const problem = recipientProblem(recipient);
      if (problem !== undefined) fail(["access", word, index], key, `lists ${recipientStart(recipient)}, which ${problem}`);
      if (name !== undefined) {
        if (!RECIPIENT_NAME.test(name)) fail(["access", word, index], key, "names a recipient with characters other than letters, digits and . _ @ + -");
        const known = config.recipientNames[recipient];
        if (known !== undefined && known !== name) fail(["access", word, index], key, `names ${recipient.slice(0, 12)}… '${name}', but it is '${known}' elsewhere`);
        config.recipientNames[recipient] = name;
      }
      return recipient;
    });
    config.access[type] = [...new Set([...config.access[type], ...recipients])];
  }
  const scan = raw.scan;
  if (scan !== undefined && scan !== null) {
    if (!isMap(scan) || Object.keys(scan).some((key) => key !== "ignore")) fail(["scan"], "scan", "must be a mapping with `ignore`");
    const ignore = (scan as Record<string, unknown>).ignore;
    if (ignore !== undefined && ignore !== null) {
      config.scan.ignore = strings(ignore, ["scan", "ignore"], "scan.ignore", "finding fingerprints (16 hex characters, as the scan prints them)");
      config.scan.ignore.forEach((fingerprint, index) => {
        if (!/^[0-9a-f]{16}$/.test(fingerprint)) fail(["scan", "ignore", index], "scan.ignore", `lists '${fingerprint.slice(0, 20)}', which is not a finding fingerprint (16 hex characters)`);
      });
    }
  }
  return config;
}
