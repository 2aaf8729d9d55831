import { UserError } from "../project/errors";

/**
 * A secret manager keystash syncs to (AWS Secrets Manager, GCP Secret Manager, Vault): list
 * what exists under a prefix with each secret's fingerprint, create, update, delete. One file
 * per target implements it; `keystash sync` plans and applies over it.
 */

/** A secret as it exists in the target. */
export interface RemoteSecret {
  /** Its name in the target (see Target.remoteId). */
  id: string;
  /** Whether keystash created it (tagged so): keystash never changes or deletes any other. */
  managed: boolean;
  /** The prefix and environment recorded by the sync that wrote it (absent: written before keystash recorded them). */
  owner?: { prefix?: string; env?: string };
  /** The keyed fingerprint of the value keystash last wrote (tag, label or metadata). */
  fingerprint?: string;
}

/** A secret as keystash wants it in the target. */
export interface DesiredSecret {
  id: string;
  /** The run that writes it (recorded with it: see RemoteSecret.owner). */
  owner: { prefix: string; env: string };
  /** The secret's keystash name and the service whose code declares it (null: no service). */
  name: string;
  service: string | null;
  value: string;
  /** HMAC of id and value under a key only the env's readers have: never a plain hash of the value. */
  fingerprint: string;
}

/** What a target needs to connect: its flags, and the environment its SDK reads credentials from. */
export interface TargetOptions {
  region?: string;
  endpoint?: string;
  project?: string;
  mount?: string;
  env: NodeJS.ProcessEnv;
  /** The app root: SDKs are loaded from the app's own node_modules first. */
  root: string;
  /** Where a target reports what it ignored (a listing key it will not trust). */
  warn?: (line: string) => void;
}

/** How a target names secrets: pure, no SDK (deploy files reference synced secrets by it). */
export interface TargetNaming {
  /** The target's name for a secret of `service` under `prefix` (the path an IAM policy can scope). */
  remoteId(prefix: string, service: string | null, name: string): string;
  /** The start every id under `prefix` (and `service`, when given) shares: what `--prune` may delete. */
  scope(prefix: string, service?: string): string;
  /** The largest value the target stores, in bytes (its documented limit), when it has one. */
  maxValueBytes?: number;
  /** The owner record as the target stores it (GCP labels are lowercase and short): what `list` gives back. */
  recordedOwner?(owner: { prefix: string; env: string }): { prefix: string; env: string };
}

/** The operations `keystash sync` needs. Every method throws TargetError on failure. */
export interface Target extends TargetNaming {
  /** Every secret under `prefix`, keystash's and others'. */
  list(prefix: string): Promise<RemoteSecret[]>;
  create(secret: DesiredSecret): Promise<void>;
  /** Writes a new version (only called when the fingerprint changed). */
  update(secret: DesiredSecret): Promise<void>;
  remove(id: string): Promise<void>;
}

/** Why a target call failed, in the words that decide what the user should do. */
export type TargetFailure = "credentials" | "denied" | "throttled" | "network" | "notFound" | "other";

/** A failed call to a target: one line naming what failed, never a value. */
export class TargetError extends Error {
  override readonly name = "TargetError";
  constructor(
    readonly kind: TargetFailure,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** What to do about each kind of failure. */
export const FAILURE_HINTS: Record<TargetFailure, string> = {
  credentials: "configure the target's credentials the way its own tools read them (environment variables, profile, workload identity); never on the command line",
  denied: "the credentials lack a permission on that secret or prefix: grant it (scoping the policy to the prefix is enough)",
  throttled: "the target kept throttling after retries: run again in a moment (a rerun converges)",
  network: "check --endpoint / the address and the network, then run again (a rerun converges)",
  notFound: "the secret disappeared while syncing: run again (a rerun converges)",
  other: "run again with KEYSTASH_DEBUG=1 for the stack",
};

/** The fingerprint tag/label/metadata keys and the managed marker every target writes. */
export const MANAGED_KEY = "keystash-managed";
export const FINGERPRINT_KEY = "keystash-fingerprint";
export const SERVICE_KEY = "keystash-service";

/**
 * Runs `attempt` until it succeeds, retrying throttling (and brief unavailability) with
 * exponential backoff: 0.1 s, 0.2 s, 0.4 s. Any other failure, or the last one, is thrown.
 */
export async function withRetries<T>(attempt: () => Promise<T>, retryable: (error: unknown) => boolean, attempts = 4): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      if (n >= attempts || !retryable(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** (n - 1)));
    }
  }
}

/**
 * One segment of a remote name (app, environment, service, a prefix's parts, a secret name):
 * letters, digits, `_`, `.` and `-`, never `.` or `..`, never empty. keystash builds remote
 * names and URLs only from such segments, so no input can climb out of its path.
 */
export const SEGMENT_PATTERN = /^(?!\.{1,2}$)[A-Za-z0-9_.-]+$/;

/**
 * @throws UserError naming the field when `value` is not one segment (see SEGMENT_PATTERN).
 */
export function checkSegment(field: string, value: string): string {
  if (!SEGMENT_PATTERN.test(value)) {
    throw new UserError(`sync: the ${field} '${JSON.stringify(value).slice(1, -1)}' cannot be part of a name in the target`, "use letters, digits, '_', '.' and '-' (not '.' or '..', no '/')");
  }
  return value;
}

/** Whether `id` is segments joined by `/`: what keystash itself builds (no `.`, `..` or empty part). */
export const isSegmentPath = (id: string): boolean => id.split("/").every((part) => SEGMENT_PATTERN.test(part));

/** A prefix: one or more segments joined by `/`. */
export function checkPrefix(prefix: string): string {
  for (const part of prefix.split("/")) checkSegment("prefix part", part);
  return prefix;
}

/**
 * Who a managed secret belongs to: the prefix (app and environment by default) and the
 * environment of the sync that wrote it. `sync` updates and prunes only what this run owns.
 */
export const OWNER_PREFIX_KEY = "keystash-prefix";
export const OWNER_ENV_KEY = "keystash-env";
