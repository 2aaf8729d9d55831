import { kubernetesMetadata, kubernetesName, placeVariables, type ExportFormat } from "./format";

/**
 * `--format k8s-secret`: one Kubernetes `Secret` per service holding exactly the secrets its
 * code declares (values base64 in `data`, plus KEYSTASH_ENV and KEYSTASH_ENV_TYPE), each
 * followed by the `envFrom` snippet for its Deployment.
 */
export const k8sSecret: ExportFormat = {
  description: "a Kubernetes Secret per service (values base64), with its envFrom snippet",
  carriesValues: true,
  render(input) {
    const documents: string[] = [];
    for (const [service, names] of input.services) {
      const name = kubernetesName(input.app, service, "secrets");
      const data = [...placeVariables(input.env), ...names.map((n) => [n, input.values.get(n)!] as [string, string])];
      documents.push([
        "apiVersion: v1",
        "kind: Secret",
        ...kubernetesMetadata(input, name, service),
        "type: Opaque",
        "data:",
        ...data.map(([key, value]) => `  ${key}: ${Buffer.from(value, "utf8").toString("base64")}`),
        `# In ${service ? `the ${service} Deployment's` : "the Deployment's"} container spec:`,
        "#   envFrom:",
        "#     - secretRef:",
        `#         name: ${name}`,
      ].join("\n"));
    }
    return `${documents.join("\n---\n")}\n`;
  },
};
