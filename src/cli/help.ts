import { checkSecretName } from "../core/secret-name";
import { collectList } from "../core/selector-flags";
import type { Command, CommandUnknownOpts, OptionValues } from "../vendor/commander";

/** The "Examples:" section of a command's --help (for `.addHelpText("after", …)`): the lines people paste first. */
export const examples = (lines: readonly string[]): string => `\nExamples:\n${lines.map((line) => `  $ ${line}`).join("\n")}\n`;

/** Adds an "Examples:" section to a command's --help. */
export function withExamples<T extends CommandUnknownOpts>(command: T, lines: readonly string[]): T {
  command.addHelpText("after", examples(lines));
  return command;
}

/** A required option's description, marked as such in --help (commander lists it like any other). */
export const required = (description: string): string => `${description} (required)`;

/** `--root`, declared once for every command that reads an app: `.option(...ROOT_OPTION)`. */
export const ROOT_OPTION = ["--root <dir>", "app root (default: the nearest folder with keystash.yaml or package.json)"] as const;

// Options and arguments several commands take, each declared once (spread into `.option(...)`).

/** A command's `<name>` argument: a secret name, checked as commander parses it (before the action runs). */
export const SECRET_NAME_ARGUMENT = ["<name>", "secret name", (name: string) => checkSecretName(name)] as const;
/** `--manifest`: read the declared secrets from a build's manifest. */
export const MANIFEST_OPTION = ["--manifest <file>", "declared secrets from a build's manifest instead of analysing the source"] as const;
/** `--service`: one service's secrets. */
export const SERVICE_OPTION = ["--service <name>", "only the secrets this service declares"] as const;
/** `--json` on a command that reads. */
export const JSON_OPTION = ["--json", "print JSON"] as const;
/** `--format` of a command that reports findings (check, scan). */
export const REPORT_FORMAT_OPTION = ["--format <format>", "text, json or github", "text"] as const;
/** `--yes` on a command that may let someone read production for the first time. */
export const GRANT_OPTION = ["--yes", "let recipients keystash.yaml lists read production for the first time without asking"] as const;

/**
 * `--type`, `--env`, `--dev`, `--prod` and `--root`, declared once for every command that takes a
 * selector; commander infers the flags' types from these definitions (`SelectorFlags` is their shape).
 */
export function selectorOptions<Args extends unknown[], Opts extends OptionValues, Global extends OptionValues>(command: Command<Args, Opts, Global>) {
  return command
    .option("--type <types>", "env types: production, development, preview, local (or prod, dev, pr); comma-separated", collectList)
    .option("--env <envs>", "specific environments from keystash.yaml; comma-separated", collectList)
    .option("--dev", "same as --type development,preview,local")
    .option("--prod", "same as --type production")
    .option(...ROOT_OPTION);
}
