import type { Config } from "../project/config";
import type { Environment } from "../project/environments";
import { resolveSecret, type ResolveInputs } from "./resolve";
import { envTypeMismatch, pendingRecipients } from "./values";

/** Whether environment E has a usable value for a secret (metadata only), or why not and the fix. */
export type Verdict = { kind: "set"; pending: string[] } | { kind: "missing"; reason: string; fix: string };

/**
 * What environment `env` reads for `name` (the one resolution path: the local file in local
 * environments, else the store), judged from metadata alone: no identity is needed.
 */
export function verdictFor(name: string, env: Environment, config: Config, inputs: ResolveInputs): Verdict {
  const resolution = resolveSecret(name, env, inputs);
  if (resolution.kind === "localFile") return { kind: "set", pending: [] };
  if (resolution.kind === "missing") return resolution;
  const { value, version } = resolution;
  const mismatch = envTypeMismatch(config, value);
  if (mismatch) {
    return {
      kind: "missing",
      reason: `set when ${mismatch.env} was ${mismatch.recorded}, but keystash.yaml now says ${mismatch.now ?? "nothing"}`,
      fix: `set it again: keystash secret unset --env ${mismatch.env} ${name}, then keystash secret set --env ${mismatch.env} ${name}`,
    };
  }
  const listed = config.access[env.type];
  if (!version.recipients.some((r) => listed.includes(r))) {
    return { kind: "missing", reason: `set, but not readable by any recipient keystash.yaml lists for ${env.type}`, fix: "someone who can read it runs `keystash access sync`" };
  }
  return { kind: "set", pending: pendingRecipients(config, value) };
}

