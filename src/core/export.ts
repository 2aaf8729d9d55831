import { UserError } from "../project/errors";
import { exportFormat } from "../formats";
import type { ExportInput } from "../formats/format";
import { targetNaming } from "../targets";
import { syncPrefix } from "../targets/placement";
import type { X25519Identity } from "../store/age-decrypt";
import type { AppContext } from "./context";
import { deliveryValues, localWarnings, type Delivery } from "./delivery";

/** What `export` renders: a format, where a reference format's secrets were synced, and the format's own options. */
export interface ExportRequest {
  format: string;
  target?: string;
  prefix?: string;
  options: ExportInput["options"];
}

/**
 * An environment's delivery as one export document: the values (formats that carry them) or
 * references to where `sync` put them (the same names sync writes).
 * @throws UserError for an unknown format, a reference format without a target, or what is missing.
 */
export function renderExport(context: AppContext, delivery: Delivery, request: ExportRequest, identities: () => readonly X25519Identity[], warn: (line: string) => void): string {
  const format = exportFormat(request.format);
  const { env, app } = delivery;
  const services = new Map(delivery.services);
  let synced: ExportInput["synced"];
  if (format.needsTarget) {
    // ECS task definitions reference only Secrets Manager (or SSM), so that is ecs's target unless told otherwise.
    const target = request.target ?? (request.format === "ecs" ? "aws-secrets-manager" : undefined);
    if (!target) throw new UserError(`--format ${request.format} references synced secrets: pass --target`, "the target you sync to: aws-secrets-manager, gcp-secret-manager or vault");
    synced = { target, prefix: syncPrefix(app, env.name, request.prefix), naming: targetNaming(target) };
  }
  let values: ReadonlyMap<string, string> = new Map();
  if (format.carriesValues) {
    for (const line of localWarnings(context, delivery)) warn(line);
    values = deliveryValues(context, env, delivery.names, identities, warn);
    // A local environment may miss some (warned above): export what it has.
    for (const [service, list] of services) services.set(service, list.filter((name) => values.has(name)));
  }
  return format.render({ env, app, services, values, synced, options: request.options });
}
