import type { Environment } from "../project/environments";
import type { TargetNaming } from "../targets/target";

/** What an export format renders: the environment, each service's secrets, and (when it needs them) their values. */
export interface ExportInput {
  env: Environment;
  app: string;
  /** Service (null: secrets no service declares) -> the names its code declares, sorted. */
  services: Map<string | null, string[]>;
  /** The values, for formats that carry them. */
  values: ReadonlyMap<string, string>;
  /** For formats that point at synced secrets: where `keystash sync` put them. */
  synced?: { target: string; prefix: string; naming: TargetNaming };
  options: { namespace?: string; store?: string; storeKind?: string; region?: string; account?: string };
}

/** One output format of `keystash export` (one file per format, a line in the registry). */
export interface ExportFormat {
  description: string;
  /** Whether it carries values (needs an identity that reads them) or only references synced ones. */
  carriesValues: boolean;
  /** Formats that reference synced secrets need `--target` (the sync target) to name them. */
  needsTarget?: boolean;
  /**
   * Renders the output.
   * @throws UserError when a value cannot be written in this format without changing it.
   */
  render(input: ExportInput): string;
}

/**
 * The variables that tell the app's loader where it runs. The one rule of every format: an export
 * is the environment the app starts with, so each one carries these two beside the secrets
 * (as values, or as plain variables next to references to synced secrets).
 */
export function placeVariables(env: Environment): [string, string][] {
  return [["KEYSTASH_ENV", env.name], ["KEYSTASH_ENV_TYPE", env.type]];
}

/** What a format that carries values writes: the place variables, then each declared secret's value, by name. */
export function exportedVariables(input: ExportInput): [string, string][] {
  return [...placeVariables(input.env), ...allNames(input).map((name): [string, string] => [name, input.values.get(name)!])];
}

/** All the names, across services, sorted. */
export function allNames(input: ExportInput): string[] {
  return [...new Set([...input.services.values()].flat())].sort();
}

/** The `metadata:` lines of a Kubernetes object keystash writes for `service`. */
export function kubernetesMetadata(input: ExportInput, name: string, service: string | null): string[] {
  return [
    "metadata:",
    `  name: ${name}`,
    ...(input.options.namespace ? [`  namespace: ${kubernetesName(input.options.namespace)}`] : []),
    "  labels:",
    "    app.kubernetes.io/managed-by: keystash",
    ...(service ? [`    app.kubernetes.io/component: ${kubernetesName(service)}`] : []),
  ];
}

/** A Kubernetes object name (DNS-1123): lowercase letters, digits and `-`. */
export function kubernetesName(...parts: (string | null)[]): string {
  return parts.filter((p): p is string => p !== null).join("-").toLowerCase().replace(/[^a-z0-9-]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 253);
}
