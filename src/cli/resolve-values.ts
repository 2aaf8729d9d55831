import type { Manifest } from "../analyzer/manifest";
import type { Config } from "../project/config";
import { checkSecretName } from "../core/secret-name";
import { closest } from "../project/suggest";
import type { Environment } from "../project/environments";
import { UserError } from "../project/errors";
import { LOCAL_OVERRIDES_FILE } from "../runtime/local-overrides";
import { checkValueCarriable } from "../core/carriable";
import { localOverrides } from "../core/local-overrides";
import { loadIdentities } from "../store/identity";
import { planSecrets, type MissingSecret } from "../store/resolve";
import { readStore } from "../store/store-file";
import type { AppContext } from "./context";
import { currentIo } from "./io";
import { fixText } from "../core/fix-text";
import type { Output } from "./output";

/**
 * The declared secrets' names, narrowed to one service when asked. Every name is checked
 * again before anything is injected (a hand-made manifest could name `PATH`).
 * @throws UserError for a service that neither keystash.yaml nor any declaration knows, or a
 *   name that is not a valid secret name.
 */
export function declaredNames(manifest: Manifest, config: Config, service?: string): string[] {
  if (service !== undefined) {
    const known = [...new Set([...Object.keys(config.services), ...manifest.secrets.flatMap((s) => s.services)])].sort();
    if (!known.includes(service)) {
      throw new UserError(
        `--service: unknown service '${service}'`,
        known.length ? `services: ${known.join(", ")}` : "keystash.yaml configures no services (see `services` in the README)",
      );
    }
  }
  const secrets = service === undefined ? manifest.secrets : manifest.secrets.filter((s) => s.services.includes(service));
  return secrets.map((s) => checkSecretName(s.name));
}

/**
 * One warning naming the keys of `.secrets.local.cue` that the code does not declare (a typo
 * there silently leaves the real secret unset), with the closest declared name for each.
 */
export function warnUnknownLocalNames(root: string, declared: readonly string[], output: Output): void {
  const unknown = [...localOverrides(root).keys()].filter((name) => !declared.includes(name));
  if (unknown.length === 0) return;
  const named = unknown.map((name) => {
    const suggestion = closest(name, declared);
    return suggestion ? `${name} (did you mean ${suggestion}?)` : name;
  });
  output.err(`${output.errColor.yellow("warning:")} ${LOCAL_OVERRIDES_FILE} sets ${named.join(", ")}, which the code does not declare`);
}

/**
 * Resolves and decrypts every named secret for `env` (`.secrets.local.cue` first in local
 * environments, then the store). In a non-local environment anything missing is an error
 * (exit 1) listing all of it; in local it is a warning.
 */
export function resolveValues(context: AppContext, env: Environment, names: readonly string[], output: Output): Map<string, string> {
  const { sources, missing } = planSecrets(names, env, {
    localOverrides: () => localOverrides(context.root),
    store: () => readStore(context.root),
    identities: () => loadIdentities(currentIo().env),
    config: () => context.config,
  });
  if (missing.length > 0) reportMissing(env, missing, output);
  const values = new Map<string, string>();
  for (const [name, source] of sources) {
    const value = source.kind === "localFile" ? source.value : source.read();
    checkValueCarriable(name, value, source.kind === "localFile" ? LOCAL_OVERRIDES_FILE : "store");
    values.set(name, value);
  }
  return values;
}

function reportMissing(env: Environment, missing: readonly MissingSecret[], output: Output): void {
  const lines = missing.map((m) => `  ${m.name}: ${m.reason}; ${fixText(m.fix)}`).join("\n");
  const count = `${missing.length} secret${missing.length === 1 ? "" : "s"}`;
  if (env.type !== "local") {
    throw new UserError(`${count} not set for ${env.name} (${env.type}):\n${lines}`, "set them, then run again", { exitCode: 1 });
  }
  output.err(`${output.errColor.yellow("warning:")} ${count} not set for ${env.name} (they read as ""):\n${lines}`);
}
