import type { Command } from "commander";
import type { Diagnostic } from "../../analyzer/diagnostics";
import type { ManifestDeclaration } from "../../analyzer/manifest";
import { resolveEnvironment, type Environment } from "../../project/environments";
import { readStore, type StoreData } from "../../store/store-file";
import { currentVersion, envTypeMismatch, missingReason, resolveValue } from "../../store/values";
import type { Config } from "../../project/config";
import { UserError } from "../../project/errors";
import { appContext } from "../context";
import { setExitCode } from "../io";
import { declaredSecrets } from "../declared";
import { warnIfLocalFileTracked } from "../local-file";
import { formatDiagnostic, printJson, processOutput, type Output } from "../output";

interface MissingEntry {
  name: string;
  declarations: ManifestDeclaration[];
  reason: string;
  fix: string;
}

/** Why a declared secret has no usable value in `env`, or null when it has one (metadata only). */
function whyMissing(data: StoreData, config: Config, name: string, env: Environment): string | null {
  const values = data.secrets[name];
  const value = resolveValue(values, env);
  if (!value) return missingReason(values);
  const mismatch = envTypeMismatch(config, value);
  if (mismatch) return `set when ${mismatch.env} was ${mismatch.recorded}, but keystash.yaml now says ${mismatch.now ?? "nothing"} (set it again: keystash secret unset --env ${mismatch.env} ${name}, then keystash secret set --env ${mismatch.env} ${name})`;
  const recipients = config.access[env.type];
  if (!currentVersion(value).recipients.some((r) => recipients.includes(r))) {
    return `set, but not readable by any current recipient of ${env.type} (re-encrypt it: keystash access add --type ${env.type} <recipient>)`;
  }
  return null;
}

const where = (d: ManifestDeclaration) => `${d.file}:${d.line}:${d.column}`;

function printText(output: Output, env: Environment, missing: MissingEntry[], unused: string[], declaredCount: number, analysed: string): void {
  const { color } = output;
  const local = env.type === "local";
  const label = local ? color.yellow("warning") : color.red("error");
  for (const entry of missing) {
    output.out(`${label}: ${entry.name} is not set for ${env.name} (${env.type}): ${entry.reason}`);
    output.out(`  declared at ${entry.declarations.map(where).join(", ")}`);
    const description = entry.declarations.find((d) => d.description !== undefined)?.description;
    if (description !== undefined) output.out(`  about: ${description.replace(/\s*\n\s*/g, " ")}`);
    output.out(`  fix: ${entry.fix}`);
  }
  for (const name of unused) output.out(`${color.gray("note")}: ${name} is set but no longer declared in the code (keystash secret delete ${name})`);
  if (declaredCount === 0) return output.out(`no secrets declared (${analysed}); nothing to check for ${env.name} (${env.type})`);
  const summary = missing.length === 0 ? color.green(`✓ all ${declaredCount} declared secrets are set for ${env.name} (${env.type})`) : `${missing.length} of ${declaredCount} declared secrets missing for ${env.name} (${env.type})`;
  output.out(`${summary}; ${analysed}`);
}

// GitHub workflow commands: data escapes %, CR and LF; property values also `:` and `,`, so a
// crafted file name cannot end the command early and inject another (`::add-mask::`...).
const escapeData = (text: string): string => text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
const escapeProperty = (text: string): string => escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");

/** One `::level file=…,line=…,col=…,title=…::message` workflow command, every part escaped. */
function githubCommand(level: string, message: string, at?: { file: string; line: number; column: number }, title = "keystash"): string {
  const where = at ? `file=${escapeProperty(at.file)},line=${at.line},col=${at.column},` : "";
  return `::${level} ${where}title=${escapeProperty(title)}::${escapeData(message)}`;
}

function printGithub(output: Output, env: Environment, missing: MissingEntry[], unused: string[], diagnostics: readonly Diagnostic[]): void {
  for (const d of diagnostics) output.out(githubCommand("error", d.message, d, d.code));
  const level = env.type === "local" ? "warning" : "error";
  for (const entry of missing) {
    for (const d of entry.declarations) output.out(githubCommand(level, `${entry.name} is not set for ${env.name} (${env.type}): ${entry.reason}. Fix: ${entry.fix}`, d));
  }
  for (const name of unused) output.out(githubCommand("notice", `${name} is set but no longer declared in the code`));
}

/** `keystash check --env E` (also `check-secrets --env E`). */
export function registerCheck(program: Command): void {
  program
    .command("check")
    .description("check that every secret the code declares has a value for an environment (no identity needed)")
    .requiredOption("--env <env>", "environment name from keystash.yaml, or an env type (prod, dev, pr, local...)")
    .option("--manifest <file>", "declared secrets from a build's manifest instead of analysing the source")
    .option("--json", "print JSON (same as --format json)")
    .option("--format <format>", "text, json or github", "text")
    .option("--root <dir>", "app root")
    .action((flags: { env: string; manifest?: string; json?: boolean; format: string; root?: string }) => {
      const output = processOutput();
      const format = flags.json ? "json" : flags.format;
      if (!["text", "json", "github"].includes(format)) throw new UserError(`--format: '${format}' is not text, json or github`);
      const context = appContext(flags);
      const env = resolveEnvironment(context.config, flags.env);
      warnIfLocalFileTracked(context.root, output);
      const { manifest, diagnostics, files } = declaredSecrets(context, flags.manifest, env);
      const data = readStore(context.root);
      const missing: MissingEntry[] = [];
      for (const secret of manifest.secrets) {
        const reason = whyMissing(data, context.config, secret.name, env);
        if (reason) missing.push({ name: secret.name, declarations: secret.declarations, reason, fix: `keystash secret set --type ${env.type} ${secret.name}` });
      }
      const declared = new Set(manifest.secrets.map((s) => s.name));
      const unused = Object.keys(data.secrets).filter((name) => !declared.has(name)).sort();
      const failed = diagnostics.length > 0 || (env.type !== "local" && missing.length > 0);
      if (format === "json") {
        printJson(output, { env: env.name, type: env.type, ok: !failed, missing, unused, diagnostics, files: files ?? null });
      } else if (format === "github") {
        printGithub(output, env, missing, unused, diagnostics);
      } else {
        for (const d of diagnostics) output.out(formatDiagnostic(d, output.color));
        const analysed = files === undefined ? `from ${flags.manifest}` : `${files} source file${files === 1 ? "" : "s"} analysed in ${context.root}`;
        printText(output, env, missing, unused, manifest.secrets.length, analysed);
      }
      setExitCode(failed ? 1 : 0);
    });
}
