import { kubernetesMetadata, kubernetesName, placeVariables, type ExportFormat } from "./format";

/**
 * `--format external-secret`: an External Secrets Operator `ExternalSecret` per service that
 * pulls exactly its secrets from where `keystash sync --to TARGET` put them. Carries no values.
 */
export const externalSecret: ExportFormat = {
  description: "External Secrets Operator ExternalSecrets per service, pulling from the sync target (no values)",
  carriesValues: false,
  needsTarget: true,
  render(input) {
    const synced = input.synced!;
    const store = input.options.store ?? "keystash";
    const documents: string[] = [];
    for (const [service, names] of input.services) {
      const name = kubernetesName(input.app, service, "secrets");
      documents.push([
        "apiVersion: external-secrets.io/v1",
        "kind: ExternalSecret",
        ...kubernetesMetadata(input, name, service),
        "spec:",
        "  refreshInterval: 1h",
        "  secretStoreRef:",
        `    name: ${store}`,
        `    kind: ${input.options.storeKind ?? "SecretStore"}`,
        "  target:",
        `    name: ${name}`,
        "    creationPolicy: Owner",
        "    template:",
        "      mergePolicy: Merge",
        "      data:",
        ...placeVariables(input.env).map(([key, value]) => `        ${key}: ${JSON.stringify(value)}`),
        "  data:",
        ...names.flatMap((secret) => [
          `    - secretKey: ${secret}`,
          "      remoteRef:",
          `        key: ${JSON.stringify(synced.naming.remoteId(synced.prefix, service, secret))}`,
          // Vault holds { "value": … } (see keystash sync --to vault); the cloud managers hold the value itself.
          ...(synced.target === "vault" ? ["        property: value"] : []),
        ]),
      ].join("\n"));
    }
    return `${documents.join("\n---\n")}\n`;
  },
};
