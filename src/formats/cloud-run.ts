import { placeVariables, type ExportFormat } from "./format";

/**
 * `--format cloud-run`: per service, the `gcloud run deploy` flags that mount the secrets
 * synced to GCP Secret Manager as environment variables (`--set-secrets NAME=SECRET:latest`)
 * and set KEYSTASH_ENV and KEYSTASH_ENV_TYPE. No values.
 */
export const cloudRun: ExportFormat = {
  description: "gcloud run deploy --set-secrets flags per service (no values)",
  carriesValues: false,
  needsTarget: true,
  render(input) {
    const synced = input.synced!;
    const lines: string[] = [];
    for (const [service, names] of input.services) {
      const secrets = names.map((name) => `${name}=${synced.naming.remoteId(synced.prefix, service, name)}:latest`).join(",");
      lines.push(`# ${service ?? "secrets no service declares"}`, `--set-secrets=${secrets}`, `--update-env-vars=${placeVariables(input.env).map(([k, v]) => `${k}=${v}`).join(",")}`);
    }
    return `${lines.join("\n")}\n`;
  },
};
