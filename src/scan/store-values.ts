import type { Config } from "../project/config";
import type { X25519Identity } from "../store/age-decrypt";
import { describeReach } from "../store/selector";
import { readStore } from "../store/store-file";
import { canRead, currentVersion, decryptVersion, typesReached } from "../store/values";

/** Current store values to look for, keyed by name and reach, with what to call each in a finding. */
export interface KnownValues {
  values: Map<string, string>;
  labels: Map<string, string>;
}

/**
 * Every current store value these identities can read (`scan --values` and the bundler plugin's
 * output check), labelled "production StripeSecretKey".
 */
export function readableValues(root: string, config: Config, identities: readonly X25519Identity[]): KnownValues {
  const values = new Map<string, string>();
  const labels = new Map<string, string>();
  for (const [name, stored] of Object.entries(readStore(root).secrets)) {
    for (const value of stored) {
      const version = currentVersion(value);
      if (!canRead(identities, version)) continue;
      const key = `${name}\n${describeReach(value.selector)}`;
      const type = typesReached(config, value.selector)[0] ?? "local";
      values.set(key, decryptVersion(name, value, version, identities, { name: type, type }));
      labels.set(key, `${describeReach(value.selector)} ${name}`);
    }
  }
  return { values, labels };
}
