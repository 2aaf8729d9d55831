import type { Manifest } from "../analyzer/manifest";
import { checkPrefix, checkSegment } from "./target";

/**
 * Where `keystash sync` puts an environment's secrets, and so where `export`'s deploy formats
 * point: `--prefix` when given, else `APP/ENV`, each part checked as one segment before any request.
 */
export function syncPrefix(app: string, environment: string, prefix: string | undefined): string {
  return prefix === undefined ? `${checkSegment("app name", app)}/${checkSegment("environment", environment)}` : checkPrefix(prefix);
}

/**
 * The declared secrets among `names` by the service that declares them (null: no service), each
 * list sorted; only `service`'s when given. A secret two services declare is in both.
 */
export function secretsByService(manifest: Manifest, names: readonly string[], service?: string): Map<string | null, string[]> {
  const services = new Map<string | null, string[]>();
  for (const secret of manifest.secrets.filter((s) => names.includes(s.name))) {
    for (const owner of new Set(secret.declarations.map((d) => d.service))) {
      if (service !== undefined && owner !== service) continue;
      services.set(owner, [...(services.get(owner) ?? []), secret.name].sort());
    }
  }
  return services;
}
