import { ENV_TYPES, type EnvType } from "../project/env-types";
import { typeOfEnvironment, type Environment } from "../project/environments";
import { declaredSecrets } from "../core/declared";
import type { AppContext } from "../core/context";
import type { Fix } from "../project/fix";
import { localOverrides } from "../core/local-overrides";
import type { X25519Identity } from "../store/age-decrypt";
import { describeSelector, selectorKey } from "../store/selector";
import { readStore, type StoredValue } from "../store/store-file";
import { canRead, currentVersion, typesOfValue } from "../store/values";
import { verdictFor } from "../store/verdict";
import { secretStatus, type StatusInputs } from "../store/status";

/** One column of the matrix: an env type, or a specific environment that has a value. */
export interface Column {
  key: string;
  label: string;
  type: EnvType;
  env?: string;
}

/** One cell: what that environment reads for the secret, judged from metadata. */
export interface Cell {
  state: "set" | "missing" | "unset" | "drift" | "overShared" | "tampered";
  /** Why it is missing, over-shared or tampered (the status function's reason). */
  reason: string | null;
  /** What fixes a missing or tampered cell, as data: the page words it as a dashboard action. */
  fix: Fix | null;
  /** The value's selector when it serves other columns too (`--type development,preview,local`). */
  shared: string | null;
  /** The serving value's selector key (stable while others write), when a store value serves it. */
  value: string | null;
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
    values: { key: string; selector: string; types: EnvType[]; envs: string[]; current: number; versions: number; readable: boolean; pending: string[]; overShared: string[] }[];
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
  const inputs: StatusInputs = { config: () => config, localOverrides: () => overrides, store: () => store };
  const environments = Object.keys(config.environments).filter((name) => !name.endsWith("*")).sort();
  // Every environment keystash.yaml names, and every one a value names: each reads its own answer.
  const specific = [...new Set([...environments, ...Object.values(store.secrets).flatMap((values) => values.flatMap((v) => v.selector.envs))])].sort();
  const columns: Column[] = [
    ...ENV_TYPES.map((type) => ({ key: type, label: TITLES[type], type })),
    // A specific environment's column: its type from keystash.yaml (patterns included), for the local file rule.
    ...specific.map((env) => ({ key: `env:${env}`, label: env, type: typeOfEnvironment(config, env) ?? "development", env })),
  ];
  const names = [...new Set([...Object.keys(store.secrets), ...manifest.secrets.map((s) => s.name)])].sort();
  const readable = (value: StoredValue) => canRead(identities, currentVersion(value));
  const secrets = names.map((name) => {
    const declared = manifest.secrets.find((s) => s.name === name);
    const values = store.secrets[name] ?? [];
    const cells: Record<string, Cell> = {};
    // Each value's drift as the status function sees it from the columns it serves.
    const drift = new Map<StoredValue, { pending: Set<string>; overShared: Set<string> }>(values.map((v) => [v, { pending: new Set(), overShared: new Set() }]));
    for (const column of columns) {
      // The same status function as check, get, run and the runtime: the page only renders it.
      const status = secretStatus(name, { name: column.env ?? column.type, type: column.type }, inputs);
      const value = status.kind === "set" ? status.value : undefined;
      if (status.kind === "set") {
        for (const r of status.pending) drift.get(status.value)?.pending.add(r);
        for (const r of status.overShared) drift.get(status.value)?.overShared.add(r);
      }
      const reach = value ? value.selector.types.length + value.selector.envs.length : 0;
      const state: Cell["state"] =
        status.kind === "set" ? (status.overShared.length ? "overShared" : status.pending.length ? "drift" : "set")
        : status.kind === "localFile" ? "set"
        : status.kind === "tampered" ? "tampered"
        : declared ? "missing" : "unset";
      const problem = status.kind === "missing" || status.kind === "tampered" ? status : undefined;
      const reason = problem ? problem.reason : status.kind === "set" && status.overShared.length ? `still encrypted to ${status.overShared.length} recipient(s) no longer listed: rotate it` : null;
      cells[column.key] = { state, reason, fix: problem?.fix ?? null, shared: value && reach > 1 ? describeSelector(value.selector) : null, value: value ? selectorKey(value.selector) : null };
    }
    return {
      name,
      declared: declared !== undefined,
      description: declared?.declarations.find((d) => d.description !== undefined)?.description ?? null,
      declarations: declared?.declarations.map((d) => ({ file: d.file, line: d.line, service: d.service })) ?? [],
      values: values.map((v) => ({
        key: selectorKey(v.selector), selector: describeSelector(v.selector), types: typesOfValue(config, v), envs: v.selector.envs, current: v.current,
        versions: v.versions.length, readable: readable(v), pending: [...drift.get(v)!.pending].sort(), overShared: [...drift.get(v)!.overShared].sort(),
      })),
      cells,
    };
  });
  const checkEnvs: Environment[] = [...ENV_TYPES.map((type) => ({ name: type, type })), ...environments.map((name) => ({ name, type: config.environments[name]! }))];
  const checks = checkEnvs.map((env) => {
    const missing = manifest.secrets.filter((s) => verdictFor(s.name, env, inputs).kind !== "set").map((s) => s.name);
    return { env: env.name, type: env.type, ok: missing.length === 0, missing };
  });
  return { app: config.app ?? "app", me: identities[0]?.recipient ?? null, columns, secrets, checks, access: config.access, environments };
}
