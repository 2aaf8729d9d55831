import { Command, CommanderError } from "commander";
import { UserError } from "../project/errors";
import { registerAccess } from "./commands/access";
import { registerCheck } from "./commands/check";
import { registerExport } from "./commands/export";
import { registerRun } from "./commands/run";
import { registerInit } from "./commands/init";
import { registerManifest } from "./commands/manifest";
import { registerSecretReads } from "./commands/secret-read";
import { registerSecretWrites } from "./commands/secret-write";
import { colorsFor } from "./output";

const { version } = require("../../package.json") as { version: string };

/** Builds the `keystash` command tree. */
export function buildProgram(): Command {
  const program = new Command("keystash")
    .description("Declare secrets in code, keep them encrypted in the repo, hand them to the app at run time.")
    .version(version)
    .showHelpAfterError("(run with --help for usage)")
    .enablePositionalOptions()
    .exitOverride();
  registerInit(program);
  const secret = program.command("secret").description("set, list and read secret values");
  registerSecretWrites(secret);
  registerSecretReads(secret);
  registerAccess(program);
  registerManifest(program);
  registerCheck(program);
  registerRun(program);
  registerExport(program);
  const overrideExits = (command: Command): void => {
    command.exitOverride();
    command.commands.forEach(overrideExits);
  };
  overrideExits(program);
  return program;
}

/** Prints a known failure as one line plus a hint; unknown ones keep their stack. */
export function reportError(error: unknown): number {
  const color = colorsFor(process.stderr);
  if (error instanceof CommanderError) {
    // commander has already printed its message (or the help / version)
    const done = ["commander.helpDisplayed", "commander.help", "commander.version"].includes(error.code);
    return done ? 0 : 2;
  }
  if (error instanceof UserError) {
    process.stderr.write(`${color.red("error:")} ${error.message}\n`);
    if (error.hint) process.stderr.write(`${color.gray("hint:")} ${error.hint}\n`);
    return error.exitCode;
  }
  process.stderr.write(`${(error as Error)?.stack ?? String(error)}\n`);
  return 2;
}

/** Runs the CLI with `argv` (without node and the script) and sets the exit code. */
export async function main(argv: readonly string[]): Promise<void> {
  // `keystash ... | head`: a closed pipe ends the command quietly.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw error;
  });
  try {
    await buildProgram().parseAsync([...argv], { from: "user" });
  } catch (error) {
    process.exitCode = reportError(error);
  }
}
