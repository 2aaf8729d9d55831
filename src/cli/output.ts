import chalk from "chalk";
import type { Diagnostic } from "../analyzer/diagnostics";

/** Colours for a stream: on only for a TTY without NO_COLOR (SPEC 6). */
export function colorsFor(stream: NodeJS.WriteStream): chalk.Chalk {
  const enabled = stream.isTTY === true && !("NO_COLOR" in process.env) && process.env.TERM !== "dumb";
  return new chalk.Instance({ level: enabled ? 1 : 0 });
}

/** Standard output and error with their colours. */
export interface Output {
  out: (line: string) => void;
  err: (line: string) => void;
  color: chalk.Chalk;
  errColor: chalk.Chalk;
}

/** The process's own output streams. */
export function processOutput(): Output {
  return {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    color: colorsFor(process.stdout),
    errColor: colorsFor(process.stderr),
  };
}

/** `file:line:column - error KS1001: message` */
export function formatDiagnostic(diagnostic: Diagnostic, color: chalk.Chalk): string {
  const where = color.cyan(`${diagnostic.file}:${diagnostic.line}:${diagnostic.column}`);
  return `${where} - ${color.red("error")} ${color.gray(`${diagnostic.code}:`)} ${diagnostic.message}`;
}

/** Stable JSON for `--json` output: two-space indent and a trailing newline. */
export function printJson(output: Output, value: unknown): void {
  output.out(JSON.stringify(value, null, 2));
}
