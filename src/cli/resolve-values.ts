import type { Manifest } from "../analyzer/manifest";
import type { Environment } from "../project/environments";
import { UserError } from "../project/errors";
import { readLocalOverrides } from "../runtime/local-overrides";
import { loadIdentities } from "../store/identity";
import { planSecrets, type MissingSecret } from "../store/resolve";
import { readStore } from "../store/store-file";
import type { AppContext } from "./context";
import type { Output } from "./output";

/** The declared secrets' names, narrowed to one service when asked. */
export function declaredNames(manifest: Manifest, service?: string): string[] {
  if (service === undefined) return manifest.secrets.map((s) => s.name);
  return manifest.secrets.filter((s) => s.services.includes(service)).map((s) => s.name);
}

/**
 * Resolves and decrypts every named secret for `env` (`.secrets.local.cue` first in local
 * environments, then the store). In a non-local environment anything missing is an error
 * (exit 1) listing all of it; in local it is a warning.
 */
export function resolveValues(context: AppContext, env: Environment, names: readonly string[], output: Output): Map<string, string> {
  const { sources, missing } = planSecrets(names, env, {
    localOverrides: () => {
      try {
        return readLocalOverrides(context.root);
      } catch (cause) {
        throw new UserError((cause as Error).message, "fix the file, or move it away to use the store's values", { cause });
      }
    },
    store: () => readStore(context.root),
    identities: () => loadIdentities(),
  });
  if (missing.length > 0) reportMissing(env, missing, output);
  const values = new Map<string, string>();
  for (const [name, source] of sources) values.set(name, source.kind === "localFile" ? source.value : source.read());
  return values;
}

function reportMissing(env: Environment, missing: readonly MissingSecret[], output: Output): void {
  const lines = missing.map((m) => `  ${m.name}: ${m.reason} (keystash secret set --type ${env.type} ${m.name})`).join("\n");
  const count = `${missing.length} secret${missing.length === 1 ? "" : "s"}`;
  if (env.type !== "local") {
    throw new UserError(`${count} not set for ${env.name} (${env.type}):\n${lines}`, "set them, then run again", { exitCode: 1 });
  }
  output.err(`${output.errColor.yellow("warning:")} ${count} not set for ${env.name} (they read as ""):\n${lines}`);
}
