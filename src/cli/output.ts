import type ChalkModule from "chalk";
import type { Diagnostic } from "../analyzer/diagnostics";
import { currentIo, type OutputStream } from "./io";
import { lazy } from "../lazy";
import { printable, printablePath } from "../project/printable";

export { printable, printablePath };

const chalkModule = lazy(() => require("../vendor/chalk") as { default: typeof ChalkModule });
const chalk = () => chalkModule().default;

/** The colours keystash prints with. */
export type Colors = Record<"red" | "green" | "yellow" | "cyan" | "gray", (text: string) => string>;

const plain = (text: string): string => text;
const NO_COLORS: Colors = { red: plain, green: plain, yellow: plain, cyan: plain, gray: plain };

/**
 * Colours for a stream: chalk on a TTY without NO_COLOR; otherwise plain text, and
 * chalk is not even loaded (pipelines and `keystash run` start faster).
 */
export function colorsFor(stream: OutputStream, env: NodeJS.ProcessEnv): Colors {
  const enabled = stream.isTTY === true && !("NO_COLOR" in env) && env.TERM !== "dumb";
  if (!enabled) return NO_COLORS;
  const { Instance } = chalk();
  return new Instance({ level: 1 });
}

/** Standard output and error with their colours. */
export interface Output {
  out: (line: string) => void;
  err: (line: string) => void;
  /** A warning on standard error: `warning: line`, the prefix in yellow on a terminal. */
  warn: (line: string) => void;
  color: Colors;
  errColor: Colors;
  /** Columns standard output fits in: COLUMNS when set, else the terminal's; undefined for a pipe or file (nothing is cut). */
  width: number | undefined;
}

/** COLUMNS (a positive whole number), else the width of a terminal; undefined otherwise. */
function widthOf(stream: OutputStream & { columns?: number }, env: NodeJS.ProcessEnv): number | undefined {
  const fromEnv = Number(env.COLUMNS);
  if (env.COLUMNS !== undefined && Number.isInteger(fromEnv) && fromEnv > 0) return fromEnv;
  return stream.isTTY === true && typeof stream.columns === "number" && stream.columns > 0 ? stream.columns : undefined;
}

/** The running command's output streams (see CliIo). */
export function processOutput(): Output {
  const { stdout, stderr, env } = currentIo();
  const errColor = colorsFor(stderr, env);
  return {
    out: (line) => stdout.write(`${line}\n`),
    err: (line) => stderr.write(`${line}\n`),
    warn: (line) => stderr.write(`${errColor.yellow("warning:")} ${line}\n`),
    color: colorsFor(stdout, env),
    errColor,
    width: widthOf(stdout, env),
  };
}

/** `file:line:column - error KS1001: message` */
export function formatDiagnostic(diagnostic: Diagnostic, color: Colors): string {
  const where = color.cyan(`${printablePath(diagnostic.file)}:${diagnostic.line}:${diagnostic.column}`);
  return `${where} - ${color.red("error")} ${color.gray(`${diagnostic.code}:`)} ${printable(diagnostic.message)}`;
}

/** Stable JSON for `--json` output: two-space indent and a trailing newline. */
export function printJson(output: Output, value: unknown): void {
  output.out(JSON.stringify(value, null, 2));
}

/** `count word` with the word's plural when count is not 1: "1 file", "2 files". */
export function plural(count: number, word: string, words = `${word}s`): string {
  return `${count} ${count === 1 ? word : words}`;
}

/** A list for one line: every item up to `max`, else the first `max` and how many more ("a, b and 148 more"). */
export function listed(items: readonly string[], max = 10): string {
  return items.length > max ? `${items.slice(0, max).join(", ")} and ${items.length - max} more` : items.join(", ");
}
