import type { Command } from "commander";

/** The "Examples:" section of a command's --help (for `.addHelpText("after", …)`): the lines people paste first. */
export const examples = (lines: readonly string[]): string => `\nExamples:\n${lines.map((line) => `  $ ${line}`).join("\n")}\n`;

/** Adds an "Examples:" section to a command's --help. */
export function withExamples<T extends Command>(command: T, lines: readonly string[]): T {
  command.addHelpText("after", examples(lines));
  return command;
}

/** A required option's description, marked as such in --help (commander lists it like any other). */
export const required = (description: string): string => `${description} (required)`;

/** `--root`, declared once for every command that reads an app: `.option(...ROOT_OPTION)`. */
export const ROOT_OPTION = ["--root <dir>", "app root (default: the nearest folder with keystash.yaml or package.json)"] as const;
