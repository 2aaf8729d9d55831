import * as crypto from "node:crypto";
import type { X25519Identity } from "../store/age-decrypt";
import { isSegmentPath, TargetError, type DesiredSecret, type RemoteSecret, type Target } from "./target";

/** One line of the plan, like terraform's: never a value. */
export interface PlanEntry {
  action: "create" | "update" | "delete" | "unchanged" | "blocked";
  id: string;
  name: string | null;
  service: string | null;
}

/** What an apply did: what landed, and what did not (a rerun converges). */
export interface ApplyResult {
  applied: PlanEntry[];
  failed: { entry: PlanEntry; error: TargetError }[];
}

/**
 * The key fingerprints are made with: derived (HKDF) from the syncing identity's private key
 * and the environment, so the target learns nothing about a value from its fingerprint and a
 * fingerprint cannot be made without the key. (Another identity syncing the same environment
 * makes other fingerprints: its first sync rewrites each value once, then it is idempotent.)
 */
export function fingerprintKey(identity: X25519Identity, scope: string): Buffer {
  const secretKey = Buffer.from(identity.privateKey.export({ format: "jwk" }).d!, "base64url");
  return Buffer.from(crypto.hkdfSync("sha256", secretKey, "keystash sync fingerprint v1", scope, 32));
}

/** HMAC of the remote id and the value: lowercase hex, 48 characters (fits an AWS tag, a GCP label, Vault metadata). */
export function fingerprint(key: Buffer, id: string, value: string): string {
  return crypto.createHmac("sha256", key).update(`${id}\n${value}`).digest("hex").slice(0, 48);
}

/** Whether this run may change a managed secret: it records this run's prefix and environment, or nothing yet (written before keystash recorded them). */
const ownedBy = (remote: RemoteSecret, owner: { prefix: string; env: string }, strict: boolean): boolean =>
  remote.owner?.prefix === undefined && remote.owner?.env === undefined ? !strict : remote.owner.prefix === owner.prefix && remote.owner.env === owner.env;

/**
 * Compares what keystash wants under `prefix` with what the target holds: create what is
 * missing, update keystash's secrets whose fingerprint changed, leave the rest; with `prune`,
 * delete keystash's secrets (under `pruneScope`: one service's path) that are no longer
 * declared. A secret keystash did not create, or that another sync (another prefix or
 * environment) recorded as its own, is never touched: where keystash wants one by that name the
 * plan says `blocked`. Prune deletes only what records exactly this run as its owner, and only
 * ids made of checked segments (so the scope check sees the path that is sent).
 */
export async function planSync(target: Target, prefix: string, desired: readonly DesiredSecret[], prune: boolean, owner: { prefix: string; env: string }, pruneScope = target.scope(prefix)): Promise<PlanEntry[]> {
  const existing = new Map((await target.list(prefix)).map((remote) => [remote.id, remote]));
  owner = target.recordedOwner?.(owner) ?? owner;
  const plan: PlanEntry[] = [];
  for (const secret of desired) {
    const remote = existing.get(secret.id);
    const entry = { id: secret.id, name: secret.name, service: secret.service };
    if (!remote) plan.push({ action: "create", ...entry });
    else if (!remote.managed || !ownedBy(remote, owner, false)) plan.push({ action: "blocked", ...entry });
    else plan.push({ action: remote.fingerprint === secret.fingerprint ? "unchanged" : "update", ...entry });
  }
  if (prune) {
    const wanted = new Set(desired.map((secret) => secret.id));
    for (const remote of existing.values()) {
      if (remote.managed && ownedBy(remote, owner, true) && !wanted.has(remote.id) && isSegmentPath(remote.id) && remote.id.startsWith(pruneScope)) {
        plan.push({ action: "delete", id: remote.id, name: null, service: null });
      }
    }
  }
  return plan.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * Applies a plan one change at a time. A failure does not stop the others (each is
 * independent); what failed is reported, and running sync again converges.
 */
export async function applySync(target: Target, plan: readonly PlanEntry[], desired: readonly DesiredSecret[], onProgress?: (done: number, total: number) => void): Promise<ApplyResult> {
  const byId = new Map(desired.map((secret) => [secret.id, secret]));
  const result: ApplyResult = { applied: [], failed: [] };
  const changes = plan.filter((entry) => entry.action !== "unchanged" && entry.action !== "blocked");
  for (const [index, entry] of changes.entries()) {
    onProgress?.(index, changes.length);
    try {
      if (entry.action === "create") await target.create(byId.get(entry.id)!);
      else if (entry.action === "update") await target.update(byId.get(entry.id)!);
      else await target.remove(entry.id);
      result.applied.push(entry);
    } catch (error) {
      if (!(error instanceof TargetError)) throw error;
      result.failed.push({ entry, error });
      // Without credentials or network nothing else will land either.
      if (error.kind === "credentials" || error.kind === "network") break;
    }
  }
  return result;
}
