import type { Command } from "commander";
import { UserError } from "../../project/errors";
import { appContext } from "../context";
import { declaredSecrets } from "../declared";
import { targetEnvironment } from "../environment";
import { currentIo } from "../io";
import { warnIfLocalFileTracked } from "../local-file";
import { processOutput } from "../output";
import { declaredNames, resolveValues, warnUnknownLocalNames } from "../resolve-values";

/** A dotenv line the `dotenv` package reads back byte for byte, or null when none can. */
export function dotenvLine(name: string, value: string): string | null {
  // dotenv turns CRLF into LF everywhere and expands \n and \r only inside double quotes.
  if (!value.includes("'") && !value.includes("\r")) return `${name}='${value}'`;
  if (!value.includes("`") && !value.includes("\r")) return `${name}=\`${value}\``;
  if (!value.includes('"') && !/\\[nr]/.test(value)) return `${name}="${value.replace(/\n/g, "\\n").replace(/\r/g, "\\r")}"`;
  return null;
}

/** A POSIX shell line (`export NAME='...'`) that bash/sh `eval` or `source` read back exactly. */
export function shellLine(name: string, value: string): string {
  return `export ${name}='${value.replace(/'/g, `'\\''`)}'`;
}

/** `keystash export --env E [--format dotenv|json|shell]`. */
export function registerExport(program: Command): void {
  program
    .command("export")
    .description("print every declared secret's value for an environment, for a deploy pipeline or container platform")
    .requiredOption("--env <env>", "environment name or env type")
    .option("--format <format>", "dotenv, json or shell", "dotenv")
    .option("--service <name>", "only the secrets this service declares")
    .option("--manifest <file>", "declared secrets from a build's manifest instead of analysing the source")
    .option("--root <dir>", "app root")
    .action((flags: { env: string; format: string; service?: string; manifest?: string; root?: string }) => {
      if (!["dotenv", "json", "shell"].includes(flags.format)) throw new UserError(`--format: '${flags.format}' is not dotenv, json or shell`);
      const output = processOutput();
      const context = appContext(flags);
      const env = targetEnvironment(context.config, flags.env);
      warnIfLocalFileTracked(context.root, output);
      const { manifest } = declaredSecrets(context, flags.manifest, env);
      if (env.type === "local") warnUnknownLocalNames(context.root, manifest.secrets.map((s) => s.name), output);
      const values = [...resolveValues(context, env, declaredNames(manifest, context.config, flags.service), output)].sort(([a], [b]) => (a < b ? -1 : 1));
      if (flags.format === "json") {
        currentIo().stdout.write(`${JSON.stringify(Object.fromEntries(values), null, 2)}\n`);
        return;
      }
      const lines = values.map(([name, value]) => {
        if (flags.format === "shell") return shellLine(name, value);
        const line = dotenvLine(name, value);
        if (line === null) throw new UserError(`export: the value of ${name} cannot be written as dotenv without changing it`, "use --format json or --format shell");
        return line;
      });
      currentIo().stdout.write(lines.length ? `${lines.join("\n")}\n` : "");
    });
}
