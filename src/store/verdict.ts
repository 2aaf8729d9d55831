import type { Environment } from "../project/environments";
import type { Fix } from "../project/fix";
import { secretStatus, type StatusInputs } from "./status";

/** Whether environment E has a usable value for a secret (metadata only), or why not and the fix. */
export type Verdict =
  | { kind: "set"; pending: string[]; overShared: string[] }
  | { kind: "missing"; reason: string; fix: Fix }
  | { kind: "tampered"; reason: string; fix: Fix };

/** The status (status.ts) reduced to what `check` and the dashboard's checks judge: no identity is needed. */
export function verdictFor(name: string, env: Environment, inputs: StatusInputs): Verdict {
  const status = secretStatus(name, env, inputs);
  if (status.kind === "localFile") return { kind: "set", pending: [], overShared: [] };
  if (status.kind === "set") return { kind: "set", pending: status.pending, overShared: status.overShared };
  return status;
}
