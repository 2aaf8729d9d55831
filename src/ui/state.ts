import { ENV_TYPES, type EnvType } from "../project/env-types";
import { typeOfEnvironment, type Environment } from "../project/environments";
import { declaredSecrets } from "../cli/declared";
import type { AppContext } from "../cli/context";
import { localOverrides } from "../cli/resolve-values";
import type { X25519Identity } from "../store/age-decrypt";
import { describeSelector } from "../store/selector";
import { readStore, type StoredValue } from "../store/store-file";
import { currentVersion, pendingRecipients, typesOfValue } from "../store/values";
import { verdictFor } from "../store/verdict";

/** One column of the matrix: an env type, or a specific environment that has a value. */
export interface Column {
  key: string;
  label: string;
  type: EnvType;
  env?: string;
}

/** One cell: what that environment reads for the secret, judged from metadata. */
export interface Cell {
  state: "set" | "missing" | "unset" | "drift";
  /** The value's selector when it serves other columns too (`--type development,preview,local`). */
  shared: string | null;
  /** Index into the secret's values. */
  value: number | null;
}

/** Everything the page shows: what the code declares, what the store holds, who reads what. Never a value. */
export interface UiState {
  app: string;
  me: string | null;
  columns: Column[];
  secrets: {
    name: string;
    declared: boolean;
    description: string | null;
    declarations: { file: string; line: number; service: string | null }[];
    values: { selector: string; types: EnvType[]; envs: string[]; current: number; versions: number; readable: boolean; pending: string[] }[];
    cells: Record<string, Cell>;
  }[];
  checks: { env: string; type: EnvType; ok: boolean; missing: string[] }[];
  access: Record<EnvType, string[]>;
  environments: string[];
}

const TITLES: Record<EnvType, string> = { production: "Production", development: "Development", preview: "Preview", local: "Local" };

/** Builds the page's state through the CLI's own functions (analysis, store reader, resolution, verdicts). */
export function buildState(context: AppContext, identities: readonly X25519Identity[]): UiState {
  const { config, root } = context;
  const manifest = declaredSecrets(context).manifest;
  const store = readStore(root);
  const overrides = localOverrides(root);
  const inputs = { localOverrides: () => overrides, store: () => store };
  const environments = Object.keys(config.environments).filter((name) => !name.endsWith("*")).sort();
  const specific = [...new Set(Object.values(store.secrets).flatMap((values) => values.flatMap((v) => v.selector.envs)))].sort();
  const columns: Column[] = [
    ...ENV_TYPES.map((type) => ({ key: type, label: TITLES[type], type })),
    // A specific environment's column: its type from keystash.yaml (patterns included), for the local file rule.
    ...specific.map((env) => ({ key: `env:${env}`, label: env, type: typeOfEnvironment(config, env) ?? "development", env })),
  ];
  const names = [...new Set([...Object.keys(store.secrets), ...manifest.secrets.map((s) => s.name)])].sort();
  const readable = (value: StoredValue) => identities.some((identity) => currentVersion(value).recipients.includes(identity.recipient));
  const secrets = names.map((name) => {
    const declared = manifest.secrets.find((s) => s.name === name);
    const values = store.secrets[name] ?? [];
    const cells: Record<string, Cell> = {};
    for (const column of columns) {
      const index = values.findIndex((v) => (column.env ? v.selector.envs.includes(column.env) : v.selector.types.includes(column.type)));
      const value = index >= 0 ? values[index]! : undefined;
      const fromFile = column.type === "local" && !column.env && overrides.has(name);
      const state = value ? (pendingRecipients(config, value).length ? "drift" : "set") : fromFile ? "set" : declared ? "missing" : "unset";
      const reach = value ? value.selector.types.length + value.selector.envs.length : 0;
      cells[column.key] = { state, shared: value && reach > 1 ? describeSelector(value.selector) : null, value: value ? index : null };
    }
    return {
      name,
      declared: declared !== undefined,
      description: declared?.declarations.find((d) => d.description !== undefined)?.description ?? null,
      declarations: declared?.declarations.map((d) => ({ file: d.file, line: d.line, service: d.service })) ?? [],
      values: values.map((v) => ({
        selector: describeSelector(v.selector), types: typesOfValue(config, v), envs: v.selector.envs, current: v.current,
        versions: v.versions.length, readable: readable(v), pending: pendingRecipients(config, v),
      })),
      cells,
    };
  });
  const checkEnvs: Environment[] = [...ENV_TYPES.map((type) => ({ name: type, type })), ...environments.map((name) => ({ name, type: config.environments[name]! }))];
  const checks = checkEnvs.map((env) => {
    const missing = manifest.secrets.filter((s) => verdictFor(s.name, env, config, inputs).kind === "missing").map((s) => s.name);
    return { env: env.name, type: env.type, ok: missing.length === 0, missing };
  });
  return { app: config.app ?? "app", me: identities[0]?.recipient ?? null, columns, secrets, checks, access: config.access, environments };
}
