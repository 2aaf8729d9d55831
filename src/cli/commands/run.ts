import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { constants } from "node:os";
import type { Command } from "../../vendor/commander";
import { UserError } from "../../project/errors";
import { appContext } from "../context";
import { targetEnvironment } from "../environment";
import { currentIo, setExitCode } from "../io";
import { withExamples, ROOT_OPTION, MANIFEST_OPTION, SERVICE_OPTION } from "../help";
import { processOutput } from "../output";
import { deliveryValues, localWarnings, planDelivery } from "../../core/delivery";
import { loadIdentities } from "../../store/identity";

const FORWARDED_SIGNALS: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT", "SIGUSR1", "SIGUSR2"];

/** Variables the child never inherits: the app gets values, never the key that decrypts them. */
const WITHHELD = ["KEYSTASH_IDENTITY", "KEYSTASH_IDENTITY_FILE"];

type Execve = (file: string, args: readonly string[], env: NodeJS.ProcessEnv) => never;

/** The executable `command` names, found as a shell finds it (a path, else each PATH folder), or undefined. */
function findExecutable(command: string, env: NodeJS.ProcessEnv): string | undefined {
  const isExecutable = (file: string) => {
    try {
      fs.accessSync(file, fs.constants.X_OK);
      return fs.statSync(file).isFile();
    } catch {
      return false;
    }
  };
  if (command.includes("/")) return isExecutable(command) ? path.resolve(command) : undefined;
  for (const dir of (env.PATH ?? "").split(path.delimiter)) {
    const candidate = path.join(dir || ".", command);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

/**
 * Becomes the app (`process.execve`, Node >= 22.15): no keystash process stays alive as its
 * parent, so nothing the app can read (`/proc/$PPID/environ`) still holds KEYSTASH_IDENTITY.
 * Returns only where the runtime cannot (older Node, Bun, Deno), after saying so when the
 * identity came from the environment.
 * @throws UserError (exit 127) when the command is not found: execve cannot report that itself.
 */
function replaceProcess(file: string, args: readonly string[], childEnv: NodeJS.ProcessEnv, ownEnv: NodeJS.ProcessEnv): void {
  const execve = (process as unknown as { execve?: Execve }).execve;
  if (typeof execve !== "function") {
    if (ownEnv.KEYSTASH_IDENTITY !== undefined) {
      process.stderr.write(`keystash: warning: this runtime (${process.release.name} ${process.version}) cannot replace itself with the app (process.execve needs Node 22.15 or later), so the app's parent process keeps KEYSTASH_IDENTITY in its environment (/proc/$PPID/environ); prefer KEYSTASH_IDENTITY_FILE, or Node 22.15+\n`);
    }
    return;
  }
  const executable = findExecutable(file, childEnv);
  if (executable === undefined) throw new UserError(`run: cannot start '${file}': command not found`, undefined, { exitCode: 127 });
  execve(executable, [file, ...args], childEnv);
}

/** `keystash run [--env E] -- CMD [ARGS...]`. */
export function register(program: Command): void {
  withExamples(program.command("run"), [
    "keystash run -- npm run dev                              # local values",
    "keystash run --env staging -- node dist/main.js",
    "KEYSTASH_IDENTITY_FILE=/run/secrets/key keystash run --env prod -- node dist/main.js",
  ])
    .description("start a command with every declared secret of an environment as environment variables")
    .option("--env <env>", "environment name or env type (default: KEYSTASH_ENV, else local)")
    .option(...SERVICE_OPTION)
    .option(...MANIFEST_OPTION)
    .option(...ROOT_OPTION)
    .argument("<command...>", "the command to run, after --")
    .passThroughOptions()
    .action(async (command, flags) => {
      const output = processOutput();
      const io = currentIo();
      const context = appContext(flags);
      const env = targetEnvironment(context.config, flags.env);
      const delivery = planDelivery(context, { env, manifestFile: flags.manifest, service: flags.service }, (line) => output.err(line));
      for (const line of localWarnings(context, delivery)) output.warn(line);
      const values = deliveryValues(context, env, delivery.names, () => loadIdentities(io.env), output.warn);
      const childEnv: NodeJS.ProcessEnv = { ...io.env, ...Object.fromEntries(values), KEYSTASH_ENV: env.name, KEYSTASH_ENV_TYPE: env.type };
      for (const name of WITHHELD) delete childEnv[name];
      // The app's runtime need not repeat the missing-secret warning printed above.
      childEnv.KEYSTASH_QUIET = "1";
      if (flags.service !== undefined) childEnv.KEYSTASH_SERVICE = flags.service;
      // A value set empty on purpose (`secret set --allow-empty`): the runtime refuses any other empty variable outside local.
      const empty = [...values].filter(([, value]) => value === "").map(([name]) => name);
      if (empty.length > 0 && env.type !== "local") childEnv.KEYSTASH_EMPTY = empty.join(",");
      const [file, ...args] = command;
      // Values travel only in the child's environment, never in argv. The child shares the
      // terminal; run in-process (tests), its output goes to the command's own streams.
      const own = io.stdout === process.stdout && io.stderr === process.stderr;
      if (own) replaceProcess(file!, args, childEnv, io.env);
      const child = spawn(file!, args, { stdio: own ? "inherit" : ["ignore", "pipe", "pipe"], env: childEnv, cwd: io.cwd });
      child.stdout?.pipe(io.stdout, { end: false });
      child.stderr?.pipe(io.stderr, { end: false });
      const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
      const handlers = FORWARDED_SIGNALS.map((signal) => [signal, forward(signal)] as const);
      for (const [signal, handler] of handlers) process.on(signal, handler);
      const code = await new Promise<number>((resolve, reject) => {
        child.on("error", (error: NodeJS.ErrnoException) =>
          reject(new UserError(`run: cannot start '${file}': ${error.code === "ENOENT" ? "command not found" : error.code ?? "error"}`, undefined, { exitCode: 127 })),
        );
        // "close": the child has exited and its piped output is all written.
        child.on("close", (status, signal) => resolve(status ?? 128 + (signal ? constants.signals[signal] : 0)));
      }).finally(() => {
        for (const [signal, handler] of handlers) process.off(signal, handler);
      });
      setExitCode(code);
    });
}
