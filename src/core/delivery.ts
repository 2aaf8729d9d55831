import * as fs from "node:fs";
import * as path from "node:path";
import type { Manifest } from "../analyzer/manifest";
import type { Config } from "../project/config";
import type { Environment } from "../project/environments";
import { UserError } from "../project/errors";
import { gitSucceeds } from "../project/git";
import { closest } from "../project/suggest";
import { LOCAL_OVERRIDES_FILE } from "../runtime/local-overrides";
import type { X25519Identity } from "../store/age-decrypt";
import { planSecrets, type MissingSecret } from "../store/resolve";
import { readStore } from "../store/store-file";
import { secretsByService } from "../targets/placement";
import { checkValueCarriable } from "./carriable";
import type { AppContext } from "./context";
import { declaredSecrets } from "./declared";
import { fixText } from "./fix-text";
import { localOverrides } from "./local-overrides";
import { checkSecretName } from "./secret-name";

/**
 * What an environment's secrets are delivered as (`run` injects them, `export` prints them,
 * `sync` replicates them): the use case the three commands share, from "which secrets" to
 * "their values". Warnings go to `warn` as plain lines; a front end adds its own prefix.
 */

/** The secrets a delivery carries: the declared ones (of one service, when asked), grouped by the service that declares them. */
export interface Delivery {
  env: Environment;
  /** The app's name: keystash.yaml's `app`, else the root folder's name. */
  app: string;
  manifest: Manifest;
  names: string[];
  services: Map<string | null, string[]>;
}

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

/** Which secrets `env` delivers: from `manifestFile` or the analysis (declared.ts), narrowed to `service`. */
export function planDelivery(context: AppContext, request: { env: Environment; manifestFile?: string; service?: string }, notice: (line: string) => void): Delivery {
  const { manifest } = declaredSecrets(context, request.manifestFile, request.env, notice);
  const names = declaredNames(manifest, context.config, request.service);
  return { env: request.env, app: context.config.app ?? path.basename(context.root), manifest, names, services: secretsByService(manifest, names, request.service) };
}

/**
 * The keys of `.secrets.local.cue` that the code does not declare (a typo there silently leaves
 * the real secret unset), each with the closest declared name, as one warning line (none: undefined).
 */
export function unknownLocalNames(root: string, declared: readonly string[]): string | undefined {
  const unknown = [...localOverrides(root).keys()].filter((name) => !declared.includes(name));
  if (unknown.length === 0) return undefined;
  const named = unknown.map((name) => {
    const suggestion = closest(name, declared);
    return suggestion ? `${name} (did you mean ${suggestion}?)` : name;
  });
  return `${LOCAL_OVERRIDES_FILE} sets ${named.join(", ")}, which the code does not declare`;
}

/** A warning when git tracks `.secrets.local.cue` (it holds plaintext values and must stay local). */
export function localFileTracked(root: string): string | undefined {
  // No file, nothing to leak (and no git process to start on every run).
  if (!fs.existsSync(path.join(root, LOCAL_OVERRIDES_FILE))) return undefined;
  if (!gitSucceeds(root, ["ls-files", "--error-unmatch", "--", LOCAL_OVERRIDES_FILE])) return undefined;
  return `git tracks ${LOCAL_OVERRIDES_FILE}, which holds plaintext values; run \`git rm --cached ${LOCAL_OVERRIDES_FILE}\` and keep it in .gitignore`;
}

/** What a local delivery warns about before it reads a value: a tracked local file, names it sets that the code does not declare. */
export function localWarnings(context: AppContext, delivery: Delivery): string[] {
  const tracked = localFileTracked(context.root);
  const unknown = delivery.env.type === "local" ? unknownLocalNames(context.root, delivery.manifest.secrets.map((s) => s.name)) : undefined;
  return [tracked, unknown].filter((line): line is string => line !== undefined);
}

/**
 * Resolves and decrypts every named secret for `env` (`.secrets.local.cue` first in local
 * environments, then the store). In a non-local environment anything missing is an error
 * (exit 1) listing all of it; in local it is a warning.
 * @throws UserError listing what is missing (non-local), or the store's refusal (tampered, unreadable).
 */
export function deliveryValues(context: AppContext, env: Environment, names: readonly string[], identities: () => readonly X25519Identity[], warn: (line: string) => void): Map<string, string> {
  const { sources, missing } = planSecrets(names, env, {
    localOverrides: () => localOverrides(context.root),
    store: () => readStore(context.root),
    identities,
    config: () => context.config,
  });
  if (missing.length > 0) reportMissing(env, missing, warn);
  const values = new Map<string, string>();
  for (const [name, source] of sources) {
    const value = source.kind === "localFile" ? source.value : source.read();
    checkValueCarriable(name, value, source.kind === "localFile" ? LOCAL_OVERRIDES_FILE : "store");
    values.set(name, value);
  }
  return values;
}

function reportMissing(env: Environment, missing: readonly MissingSecret[], warn: (line: string) => void): void {
  const lines = missing.map((m) => `  ${m.name}: ${m.reason}; ${fixText(m.fix)}`).join("\n");
  const count = `${missing.length} secret${missing.length === 1 ? "" : "s"}`;
  if (env.type !== "local") {
    throw new UserError(`${count} not set for ${env.name} (${env.type}):\n${lines}`, "set them, then run again", { exitCode: 1 });
  }
  warn(`${count} not set for ${env.name} (they read as ""):\n${lines}`);
}
