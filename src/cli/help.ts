import type { Command } from "commander";

/** Adds an "Examples:" section to a command's --help: the lines people paste first. */
export function withExamples<T extends Command>(command: T, examples: readonly string[]): T {
  command.addHelpText("after", `\nExamples:\n${examples.map((line) => `  $ ${line}`).join("\n")}\n`);
  return command;
}

/** A required option's description, marked as such in --help (commander lists it like any other). */
export const required = (description: string): string => `${description} (required)`;

/** `--root`, declared once for every command that reads an app: `.option(...ROOT_OPTION)`. */
export const ROOT_OPTION = ["--root <dir>", "app root (default: the nearest folder with keystash.yaml or package.json)"] as const;
