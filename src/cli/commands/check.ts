import type { Command } from "../../vendor/commander";
import type { Diagnostic } from "../../analyzer/diagnostics";
import type { ManifestDeclaration } from "../../analyzer/manifest";
import { resolveEnvironment, type Environment } from "../../project/environments";
import { verdictFor } from "../../store/verdict";
import { StoreTamperedError } from "../../store/errors";
import type { StatusInputs } from "../../store/resolve";
import { readStore } from "../../store/store-file";
import { UserError } from "../../project/errors";
import { appContext } from "../context";
import { setExitCode } from "../io";
import { declaredSecrets } from "../declared";
import { describeAnalysed } from "../../core/declared";
import { formatDiagnostic, plural, printable, printablePath, printJson, processOutput, type Output } from "../output";
import { githubCommand } from "../github";
import { fixText } from "../../core/fix-text";
import { shortRecipient } from "../../project/recipient";
import { verifyStoreHistory } from "./verify";
import { localFileTracked, unknownLocalNames } from "../../core/delivery";
import { localOverrides } from "../../core/local-overrides";
import { required, withExamples, ROOT_OPTION, MANIFEST_OPTION, REPORT_FORMAT_OPTION } from "../help";

interface MissingEntry {
  name: string;
  declarations: ManifestDeclaration[];
  reason: string;
  fix: string;
}

/**
 * A value whose recipients differ from keystash.yaml (drift), both ways: listed recipients it
 * is not encrypted to yet (a warning), and recipients no longer listed that it is still
 * encrypted to (over-shared: a warning, and a failure for production).
 */
interface DriftEntry {
  name: string;
  /** The listed recipients it is not encrypted to. */
  pending: string[];
  /** The recipients it is encrypted to that keystash.yaml no longer lists. */
  overShared: string[];
}

const where = (d: ManifestDeclaration) => `${printablePath(d.file)}:${d.line}:${d.column}`;

function printText(output: Output, env: Environment, missing: MissingEntry[], drift: DriftEntry[], overShared: number, unused: string[], declaredCount: number, analysed: string): void {
  const { color } = output;
  for (const entry of drift) output.out(`${color.yellow("warning")}: ${driftText(entry)}`);
  const local = env.type === "local";
  const label = local ? color.yellow("warning") : color.red("error");
  for (const entry of missing) {
    output.out(`${label}: ${entry.name} is not set for ${env.name} (${env.type}): ${entry.reason}`);
    output.out(`  declared at ${entry.declarations.map(where).join(", ")}`);
    const description = entry.declarations.find((d) => d.description !== undefined)?.description;
    if (description !== undefined) output.out(`  about: ${printable(description.replace(/\s*\n\s*/g, " "))}`);
    output.out(`  fix: ${entry.fix}`);
  }
  for (const name of unused) output.out(`${color.gray("note")}: ${name} is set but no longer declared in the code (keystash secret delete ${name})`);
  if (declaredCount === 0) return output.out(`no secrets declared (${analysed}); nothing to check for ${env.name} (${env.type})`);
  const declared = declaredCount === 1 ? "declared secret" : "declared secrets";
  if (overShared > 0) return output.out(`${color.red("error")}: ${overShared} of ${declaredCount} ${declared} ${overShared === 1 ? "is" : "are"} over-shared in ${env.name} (${env.type}); ${analysed}`);
  const summary =
    missing.length === 0 ? color.green(`✓ ${declaredCount === 1 ? "the 1 declared secret is" : `all ${declaredCount} declared secrets are`} set for ${env.name} (${env.type})`)
    : `${missing.length} of ${declaredCount} ${declared} missing for ${env.name} (${env.type})`;
  output.out(`${summary}; ${analysed}`);
}

const shortList = (recipients: readonly string[]): string => recipients.map(shortRecipient).join(", ");

function driftText(entry: DriftEntry): string {
  const parts: string[] = [];
  if (entry.pending.length > 0) {
    parts.push(`${entry.name} is not re-encrypted yet for ${plural(entry.pending.length, "recipient")} keystash.yaml lists (${shortList(entry.pending)}): someone who can read it runs \`keystash access sync\``);
  }
  if (entry.overShared.length > 0) {
    parts.push(`${entry.name} is over-shared: still encrypted to ${plural(entry.overShared.length, "recipient")} keystash.yaml no longer lists (${shortList(entry.overShared)}); they hold a copy, so rotate it (a new value at its source, then \`keystash secret set\`) and run \`keystash access sync\``);
  }
  return parts.join("; ");
}

function printGithub(output: Output, env: Environment, missing: MissingEntry[], drift: DriftEntry[], unused: string[], diagnostics: readonly Diagnostic[]): void {
  for (const d of diagnostics) output.out(githubCommand("error", d.message, d, d.code));
  for (const entry of drift) output.out(githubCommand("warning", driftText(entry)));
  const level = env.type === "local" ? "warning" : "error";
  for (const entry of missing) {
    for (const d of entry.declarations) output.out(githubCommand(level, `${entry.name} is not set for ${env.name} (${env.type}): ${entry.reason}. Fix: ${entry.fix}`, d));
  }
  for (const name of unused) output.out(githubCommand("notice", `${name} is set but no longer declared in the code`));
}

/** `keystash check --env E` (also `check-secrets --env E`). */
export function register(program: Command): void {
  configureCheck(program.command("check"));
}

/** Gives `command` check's options and action: `keystash check` and the `check-secrets` binary. */
export function configureCheck(command: Command): void {
  withExamples(command, [
    "keystash check --env local                      # what is missing on your machine (warns, exit 0)",
    "keystash check --env prod                       # the deploy gate: exit 1 if anything is missing",
    "keystash check --env prod --format github       # annotations on the declarations in CI",
    "keystash check --env prod --manifest dist/keystash.manifest.json",
  ]);
  command
    .description("check that every secret the code declares has a value for an environment (no identity needed)")
    .requiredOption("--env <env>", required("environment name from keystash.yaml, or an env type (prod, dev, pr, local...)"))
    .option(...MANIFEST_OPTION)
    .option("--json", "print JSON (same as --format json)")
    .option(...REPORT_FORMAT_OPTION)
    .option("--allow-empty", "pass a non-local check that finds no declared secret (else exit 2: a wrong folder or manifest must not pass a deploy)")
    .option(...ROOT_OPTION)
    .action((flags) => {
      const output = processOutput();
      const format = flags.json ? "json" : flags.format;
      if (!["text", "json", "github"].includes(format)) throw new UserError(`--format: '${format}' is not text, json or github`);
      const context = appContext(flags);
      const env = resolveEnvironment(context.config, flags.env);
      const tracked = localFileTracked(context.root);
      if (tracked) output.warn(tracked);
      const { manifest, diagnostics, files, skipped, unanalysedImports } = declaredSecrets(context, flags.manifest, env);
      const analysed = files === undefined || skipped === undefined ? `from ${flags.manifest}` : describeAnalysed(context.root, files, skipped);
      if (manifest.secrets.length === 0 && diagnostics.length === 0 && env.type !== "local" && !flags.allowEmpty) {
        throw new UserError(`0 declared secrets (${analysed}); a check for ${env.name} that finds none passes nothing`, "run it in your app's folder or pass the right --manifest; an app that needs no secret passes --allow-empty");
      }
      for (const i of unanalysedImports ?? []) output.warn(`${printablePath(i.file)}:${i.line} imports '${printable(i.specifier)}' (${printable(i.target)}), which was not analysed; a cloud check fails on this`);
      const unknownLocal = env.type === "local" ? unknownLocalNames(context.root, manifest.secrets.map((s) => s.name)) : undefined;
      if (unknownLocal) output.warn(unknownLocal);
      const data = readStore(context.root);
      // The deploy gate also refuses a store that rewrites its own history (a rolled-back merge).
      if (env.type !== "local") verifyStoreHistory(context.root, data);
      const inputs: StatusInputs = { config: () => context.config, localOverrides: () => localOverrides(context.root), store: () => data };
      const missing: MissingEntry[] = [];
      const drift: DriftEntry[] = [];
      for (const secret of manifest.secrets) {
        const verdict = verdictFor(secret.name, env, inputs);
        if (verdict.kind === "tampered") throw new StoreTamperedError(secret.name, verdict.reason, verdict.fix);
        if (verdict.kind === "missing") missing.push({ name: secret.name, declarations: secret.declarations, reason: verdict.reason, fix: fixText(verdict.fix) });
        else if (verdict.pending.length > 0 || verdict.overShared.length > 0) drift.push({ name: secret.name, pending: verdict.pending, overShared: verdict.overShared });
      }
      // A production value a removed key can still read fails the deploy gate.
      const overSharedProduction = env.type === "production" ? drift.filter((d) => d.overShared.length > 0) : [];
      const declared = new Set(manifest.secrets.map((s) => s.name));
      const unused = Object.keys(data.secrets).filter((name) => !declared.has(name)).sort();
      const failed = diagnostics.length > 0 || (env.type !== "local" && missing.length > 0) || overSharedProduction.length > 0;
      if (format === "json") {
        printJson(output, { env: env.name, type: env.type, ok: !failed, missing, unused, diagnostics, files: files ?? null, drift });
      } else if (format === "github") {
        printGithub(output, env, missing, drift, unused, diagnostics);
      } else {
        for (const d of diagnostics) output.out(formatDiagnostic(d, output.color));
        printText(output, env, missing, drift, overSharedProduction.length, unused, manifest.secrets.length, analysed);
      }
      setExitCode(failed ? 1 : 0);
    });
}
