import type { Command } from "../../vendor/commander";
import { describeEnvironment, resolveEnvironment } from "../../project/environments";
import { ENV_TYPES, type EnvType } from "../../project/env-types";
import { UserError } from "../../project/errors";
import { readStore } from "../../store/store-file";
import { describeSelector, sameSelector } from "../../store/selector";
import { introducingCommit } from "../../store/audit";
import { selectorFromFlags } from "../../core/selector-flags";
import { StoreTamperedError } from "../../store/errors";
import { unreadableReason } from "../../store/resolve";
import { secretStatus, statusesOf, type StatusInputs } from "../../store/status";
import { recipientLabel } from "../../project/recipient";
import { decryptVersion } from "../../store/values";
import { localOverrides } from "../../core/local-overrides";
import { appContext } from "../context";
import { currentIo } from "../io";
import { declaredSecrets } from "../declared";
import { requireIdentities } from "../identities";
import { printable, printJson, processOutput } from "../output";
import { renderTable } from "../table";
import { required, ROOT_OPTION, examples, selectorOptions, JSON_OPTION, SECRET_NAME_ARGUMENT } from "../help";

const TYPE_TITLES: Record<EnvType, string> = { production: "Production", development: "Development", preview: "Preview", local: "Local" };

interface ListRow {
  name: string;
  production: boolean;
  development: boolean;
  preview: boolean;
  local: boolean;
  envs: string[];
  declared: boolean;
  /**
   * `ok`, `missing` (declared, some env type reads no value), `unused` (set, not declared),
   * `tampered` (some environment's value contradicts itself: `problem` says how).
   */
  status: "ok" | "missing" | "unused" | "tampered";
  missing: EnvType[];
  /** The local environment reads it from .secrets.local.cue (which wins over the store). */
  localFile: boolean;
  /** Recipients keystash.yaml lists that a value read here is not encrypted to yet (drift: run `access sync`). */
  pending: string[];
  /** Recipients a value read here is still encrypted to that keystash.yaml no longer lists (rotate it). */
  overShared: string[];
  /** Why the status is `tampered`, else null. */
  problem: string | null;
  /** The doc comment above the first declaration, when there is one. */
  description: string | null;
}

const union = (lists: readonly string[][]): string[] => [...new Set(lists.flat())].sort();

/** One row of `secret list`: each env type and each environment a value names, judged by the status function. */
function listRow(name: string, inputs: StatusInputs, declared: boolean, description: string | null): ListRow {
  const all = statusesOf(name, inputs);
  const envs = all.slice(ENV_TYPES.length).map(({ env }) => env.name);
  const byType = new Map(all.slice(0, ENV_TYPES.length).map(({ env, status }) => [env.type, status]));
  const statuses = all.map(({ status }) => status);
  const has = (type: EnvType) => ["set", "localFile"].includes(byType.get(type)!.kind);
  const missing = ENV_TYPES.filter((type) => !has(type));
  const tampered = statuses.find((s) => s.kind === "tampered");
  const set = statuses.flatMap((s) => (s.kind === "set" ? [s] : []));
  return {
    name, production: has("production"), development: has("development"), preview: has("preview"), local: has("local"), envs, declared,
    status: tampered ? "tampered" : !declared ? "unused" : missing.length ? "missing" : "ok",
    missing, localFile: byType.get("local")!.kind === "localFile",
    pending: union(set.map((s) => s.pending)), overShared: union(set.map((s) => s.overShared)),
    problem: tampered?.kind === "tampered" ? tampered.reason : null, description,
  };
}

/** `keystash secret list|get|history`. */
export function registerSecretReads(secret: Command): void {
  secret
    .command("list")
    .addHelpText("after", examples(["keystash secret list                        # ✓/✗ per env type, against the code", "keystash secret list StripeKey --json"]))
    .description("show which env types and environments have a value for each secret, and each secret's status against the code")
    .argument("[names...]", "only these secrets")
    .option(...JSON_OPTION)
    .option("--manifest <file>", "declared secrets from this manifest instead of analysing the source")
    .option(...ROOT_OPTION)
    .action((names, flags) => {
      const context = appContext(flags);
      const data = readStore(context.root);
      const manifest = declaredSecrets(context, flags.manifest).manifest;
      const declared = new Set(manifest.secrets.map((s) => s.name));
      const descriptions = new Map(manifest.secrets.map((s) => [s.name, s.declarations.find((d) => d.description !== undefined)?.description ?? null]));
      const overrides = localOverrides(context.root);
      const inputs: StatusInputs = { config: () => context.config, localOverrides: () => overrides, store: () => data };
      const all = [...new Set([...Object.keys(data.secrets), ...declared])].sort();
      const rows = all.filter((name) => names.length === 0 || names.includes(name)).map((name) => listRow(name, inputs, declared.has(name), descriptions.get(name) ?? null));
      const output = processOutput();
      if (flags.json) return printJson(output, { secrets: rows });
      const { color } = output;
      const mark = (on: boolean, file = false) => (file ? color.green("✓ file") : on ? color.green("✓") : color.red("✗"));
      const recipientNames = context.config.recipientNames;
      const drift = (row: ListRow) =>
        [
          ...row.pending.map((r) => `${recipientLabel(r, recipientNames)} pending (access sync)`),
          ...row.overShared.map((r) => color.red(`${recipientLabel(r, recipientNames)} over-shared (rotate)`)),
        ].join(", ");
      const statusText = (row: ListRow) =>
        row.status === "ok" ? "ok"
        : row.status === "tampered" ? color.red(`tampered: ${row.problem}`)
        : row.status === "unused" ? color.yellow("set but not declared")
        : color.red(`declared, missing: ${row.missing.join(", ")}`);
      const about = (row: ListRow) => {
        const text = printable((row.description ?? "").replace(/\s*\n\s*/g, " "));
        return text.length > 48 ? `${text.slice(0, 47)}…` : text;
      };
      output.out(renderTable(
        ["Secret", ...ENV_TYPES.map((t) => TYPE_TITLES[t]), "Specific envs", "Status", "Readers drift", "Description"],
        rows.map((r) => [r.name, ...ENV_TYPES.map((t) => mark(r[t], t === "local" && r.localFile)), printable(r.envs.join(", ")), statusText(r), drift(r), about(r)]),
        output.width,
      ));
    });

  secret
    .command("get")
    .addHelpText("after", examples(["keystash secret get GitHubAPIToken --env dev", "keystash secret get StripeKey --env prod | pbcopy"]))
    .description("print a secret's resolved value for an environment (needs an identity with access)")
    .argument(...SECRET_NAME_ARGUMENT)
    .requiredOption("--env <env>", required("environment name, or an env type"))
    .option(...ROOT_OPTION)
    .action((name, flags) => {
      const context = appContext(flags);
      const env = resolveEnvironment(context.config, flags.env);
      // The same path as run, export and the runtime: .secrets.local.cue first in local environments.
      const resolution = secretStatus(name, env, { config: () => context.config, localOverrides: () => localOverrides(context.root), store: () => readStore(context.root) });
      if (resolution.kind === "missing") {
        throw new UserError(`secret get: '${name}' is not set for ${describeEnvironment(env)}: ${resolution.reason}`, undefined, { exitCode: 1, fix: resolution.fix });
      }
      if (resolution.kind === "tampered") throw new StoreTamperedError(name, resolution.reason, resolution.fix);
      let value: string;
      if (resolution.kind === "localFile") {
        value = resolution.value;
      } else {
        const identities = requireIdentities();
        const unreadable = unreadableReason(resolution.version, env, identities, () => context.config.access[env.type]);
        if (unreadable) throw new UserError(`secret get: cannot read '${name}' for ${describeEnvironment(env)}: ${unreadable.reason}`, undefined, { fix: unreadable.fix });
        value = decryptVersion(name, resolution.value, resolution.version, identities, env);
      }
      const { stdout } = currentIo();
      stdout.write(stdout.isTTY ? `${value}\n` : value);
    });

  selectorOptions(
    secret
      .command("history")
    .addHelpText("after", examples(["keystash secret history StripeKey", "keystash secret history StripeKey --prod --json"]))
      .description("list a secret's values and their versions: time, selector, current, who wrote each (recipient, and the git commit that brought it)")
      .argument(...SECRET_NAME_ARGUMENT)
      .option(...JSON_OPTION),
  ).action((name, flags) => {
    const { root, config } = appContext(flags);
    const only = flags.type || flags.env || flags.dev || flags.prod ? selectorFromFlags(config, flags) : undefined;
    const values = readStore(root).secrets[name]?.filter((value) => !only || sameSelector(value.selector, only));
    if (!values?.length) throw new UserError(`secret history: no ${only ? `value with ${describeSelector(only)} ` : ""}for '${name}' in the store`, "see `keystash secret list`");
    const rows = values.flatMap((value) =>
      value.versions.map((v) => ({
        selector: describeSelector(value.selector), version: v.version, created: v.created, current: v.version === value.current,
        writer: v.writer ?? null, commit: introducingCommit(root, v.ciphertext),
      })),
    );
    const output = processOutput();
    if (flags.json) return printJson(output, { name, versions: rows });
    output.out(renderTable(
      ["Selector", "Version", "Created", "Current", "Written by", "Commit"],
      rows.map((r) => [r.selector, String(r.version), r.created, r.current ? "✓" : "", r.writer ? `${r.writer.slice(0, 12)}…` : "", r.commit ? `${r.commit.hash} ${r.commit.author}` : ""]),
      output.width,
    ));
  });
}
