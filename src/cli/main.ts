import { Command, CommanderError, type CommandUnknownOpts } from "../vendor/commander";
import { UserError } from "../project/errors";
import { currentIo, processIo, withIo, type CliIo } from "./io";
import { colorsFor } from "./output";
import { hintText } from "../core/fix-text";
import { lazy } from "../lazy";

const { version } = require("../../package.json") as { version: string };

/** A command's module: it adds its command (with sub-commands and options) to the program. */
interface CommandModule {
  register: (program: Command) => void;
}

const checkCommand = lazy(() => require("./commands/check") as typeof import("./commands/check"));

// Each command's module is loaded only when that command runs (or for the full help):
// `keystash run` should not pay for loading `keystash access`.
const COMMANDS: Record<string, () => CommandModule> = {
  init: lazy(() => require("./commands/init") as typeof import("./commands/init")),
  secret: lazy(() => require("./commands/secret") as typeof import("./commands/secret")),
  access: lazy(() => require("./commands/access") as typeof import("./commands/access")),
  manifest: lazy(() => require("./commands/manifest") as typeof import("./commands/manifest")),
  check: checkCommand,
  run: lazy(() => require("./commands/run") as typeof import("./commands/run")),
  export: lazy(() => require("./commands/export") as typeof import("./commands/export")),
  import: lazy(() => require("./commands/import") as typeof import("./commands/import")),
  migrate: lazy(() => require("./commands/migrate") as typeof import("./commands/migrate")),
  scan: lazy(() => require("./commands/scan") as typeof import("./commands/scan")),
  ui: lazy(() => require("./commands/ui") as typeof import("./commands/ui")),
  sync: lazy(() => require("./commands/sync") as typeof import("./commands/sync")),
  verify: lazy(() => require("./commands/verify") as typeof import("./commands/verify")),
  whoami: lazy(() => require("./commands/whoami") as typeof import("./commands/whoami")),
  "merge-driver": lazy(() => require("./commands/merge-driver") as typeof import("./commands/merge-driver")),
  completion: lazy(() => require("./commands/completion") as typeof import("./commands/completion")),
};
/** The binaries: `keystash`, and `check-secrets` (= `keystash check`, speaking as itself). */
export type BinaryName = "keystash" | "check-secrets";

/** Builds the command tree (for `keystash`, only the command named in `argv` when there is one). */
export function buildProgram(argv: readonly string[] = [], io: CliIo = currentIo(), binary: BinaryName = "keystash"): Command {
  const program = new Command(binary).version(version).exitOverride();
  if (binary === "check-secrets") {
    checkCommand().configureCheck(program);
  } else {
    program.description("Declare secrets in code, keep them encrypted in the repo, hand them to the app at run time.").enablePositionalOptions();
    const named = argv.find((arg) => !arg.startsWith("-"));
    // `completion` describes every command, so it gets them all.
    const wanted = named !== undefined && named !== "completion" && Object.hasOwn(COMMANDS, named) ? [named] : Object.keys(COMMANDS);
    for (const name of wanted) COMMANDS[name]!().register(program);
  }
  // Every command: no process.exit, help and usage errors on the io's streams, a usage error in
  // keystash's own `error:` / `hint:` form, and defaults written one way, `(default: dotenv)`.
  const configure = (command: CommandUnknownOpts, path: string): void => {
    command.exitOverride();
    command.configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text) });
    command.showHelpAfterError(`hint: see \`${path} --help\` for its options and examples`);
    for (const option of command.options) {
      if (option.defaultValue !== undefined && option.defaultValueDescription === undefined) option.defaultValueDescription = String(option.defaultValue);
    }
    command.commands.forEach((sub) => configure(sub, `${path} ${sub.name()}`));
  };
  configure(program, binary);
  return program;
}

/**
 * An unexpected error as one line. Its message is left out: it may quote data the failing
 * code was handling (a parser's excerpt, a child's environment); the error's class, OS code,
 * system call and path are safe and usually enough. KEYSTASH_DEBUG=1 adds the stack frames.
 */
function describeUnexpected(error: unknown): string {
  const e = (error ?? {}) as Partial<NodeJS.ErrnoException>;
  const name = typeof e.name === "string" ? e.name : typeof error;
  const details = [e.code, e.syscall, e.path].filter((part): part is string => typeof part === "string");
  return `keystash failed unexpectedly (${[name, ...details].join(" ")})`;
}

/** Prints a known failure as one line plus a hint; an unknown one as one line without its message. */
export function reportError(error: unknown, io: CliIo = currentIo()): number {
  const stderr = io.stderr;
  const color = colorsFor(stderr, io.env);
  if (error instanceof CommanderError) {
    // commander has already printed its message (or the help / version)
    // --help and --version succeed; help shown because a sub-command is missing is a usage error.
    const done = ["commander.helpDisplayed", "commander.version"].includes(error.code);
    return done ? 0 : 2;
  }
  if (error instanceof UserError) {
    stderr.write(`${color.red("error:")} ${error.message}\n`);
    const hint = hintText(error);
    if (hint) stderr.write(`${color.gray("hint:")} ${hint}\n`);
    return error.exitCode;
  }
  stderr.write(`${color.red("error:")} ${describeUnexpected(error)}\n`);
  if (io.env.KEYSTASH_DEBUG === "1" && error instanceof Error && error.stack) {
    // The frames only: the message (first lines of the stack) may quote data such as a value
    // or a child's environment, and util.inspect would print properties such as `envPairs`.
    stderr.write(`${error.stack.split("\n").filter((line) => /^\s+at /.test(line)).join("\n")}\n`);
  } else {
    stderr.write(`${color.gray("hint:")} run again with KEYSTASH_DEBUG=1 to see where it failed, and report it\n`);
  }
  return 2;
}

/**
 * Runs the CLI with `argv` (without node and the script) on `io` and returns the exit code.
 * The binary passes the process's own io; tests pass theirs and run commands in-process.
 * Never throws: every failure is reported on `io.stderr` and turned into its exit code.
 */
export async function main(argv: readonly string[], io: CliIo = processIo(), binary: BinaryName = "keystash"): Promise<number> {
  return withIo(io, async () => {
    try {
      await buildProgram(argv, io, binary).parseAsync([...argv], { from: "user" });
    } catch (error) {
      return reportError(error, io);
    }
  });
}

/** What the `keystash` and `check-secrets` binaries run: `main` on the process's own io. */
export function runBinary(argv: readonly string[], binary: BinaryName = "keystash"): void {
  // `keystash ... | head`: a closed pipe ends the command quietly.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw error;
  });
  void main(argv, processIo(), binary).then((code) => {
    process.exitCode = code;
  });
}
