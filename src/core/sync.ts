import { UserError } from "../project/errors";
import type { X25519Identity } from "../store/age-decrypt";
import { syncPrefix } from "../targets/placement";
import { fingerprint, fingerprintKey, planSync, type PlanEntry } from "../targets/sync";
import { checkSegment, type DesiredSecret, type Target } from "../targets/target";
import type { Delivery } from "./delivery";

/** What `sync` would do: where (`prefix`), what the target should hold (`desired`), and the plan that gets it there. */
export interface SyncPlan {
  prefix: string;
  desired: DesiredSecret[];
  plan: PlanEntry[];
}

/** Where a delivery syncs to: `prefix` when given, else `APP/ENV`, every part checked as one segment before any request. */
export const syncPrefixFor = (delivery: Delivery, prefix: string | undefined): string => syncPrefix(delivery.app, delivery.env.name, prefix);

/**
 * Plans a sync of a delivery's values into `target`: one remote secret per service that
 * declares it (names are data: each part checked as one segment), fingerprinted with a key
 * derived from the syncing identity so the target never sees a value to compare. Reads the
 * target; writes nothing.
 * @throws UserError when a value is larger than the target stores (nothing is sent).
 */
export async function planTargetSync(
  target: Target,
  delivery: Delivery,
  values: ReadonlyMap<string, string>,
  request: { targetName: string; prefix: string; service?: string; prune: boolean; identity: X25519Identity },
): Promise<SyncPlan> {
  const { prefix } = request;
  const env = delivery.env.name;
  const key = fingerprintKey(request.identity, `${prefix}\n${env}`);
  // Per service: each service's path holds exactly the secrets its code declares.
  const desired: DesiredSecret[] = [];
  for (const [service, serviceNames] of delivery.services) {
    for (const name of serviceNames) {
      const id = target.remoteId(prefix, service === null ? null : checkSegment("service", service), checkSegment("secret name", name));
      const value = values.get(name)!;
      desired.push({ id, name, service, value, fingerprint: fingerprint(key, id, value), owner: { prefix, env } });
    }
  }
  const max = target.maxValueBytes;
  const tooLarge = max === undefined ? [] : desired.filter((secret) => Buffer.byteLength(secret.value) > max);
  if (tooLarge.length > 0) {
    const lines = tooLarge.map((secret) => `  ${secret.name}: ${Buffer.byteLength(secret.value)} bytes`);
    throw new UserError(`${request.targetName} stores values of at most ${max} bytes; nothing was sent:\n${lines.join("\n")}`, "store a reference (a path or URL) to large material instead of the material itself");
  }
  const scope = target.scope(prefix, request.service === undefined ? undefined : checkSegment("service", request.service));
  const plan = await planSync(target, prefix, desired, request.prune, { prefix, env }, scope);
  return { prefix, desired, plan };
}
