import { spawn } from "node:child_process";
import type { Command } from "commander";
import { UserError } from "../../project/errors";
import { loadIdentities } from "../../store/identity";
import { startDashboard } from "../../ui/server";
import { appContext } from "../context";
import { currentIo } from "../io";
import { processOutput } from "../output";

/** `keystash ui [--port N] [--open]`: the local dashboard. */
export function register(program: Command): void {
  program
    .command("ui")
    .description("open the local secrets dashboard: what the code needs per environment, set values, access (127.0.0.1 only)")
    .option("--port <port>", "port on 127.0.0.1 (default: a free one)")
    .option("--open", "open the page in your browser")
    .option("--idle <minutes>", "stop after this many minutes without a request", "30")
    .option("--root <dir>", "app root")
    .action(async (flags: { port?: string; open?: boolean; idle: string; root?: string }) => {
      const port = flags.port === undefined ? 0 : Number(flags.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UserError(`--port: '${flags.port}' is not a port number`);
      const idleMinutes = Number(flags.idle);
      if (!(idleMinutes > 0)) throw new UserError(`--idle: '${flags.idle}' is not a number of minutes`);
      const output = processOutput();
      const io = currentIo();
      const context = appContext(flags, { writesStore: true });
      // Requests are logged by method, path and status only: never a body, a header or a value.
      const dashboard = await startDashboard(context, loadIdentities(io.env), { port, idleMs: idleMinutes * 60_000, log: (line) => output.err(line) });
      output.out(`keystash dashboard for ${context.root}: ${dashboard.url}`);
      output.out("(the session token is in the URL fragment: share the URL with no one; Ctrl-C stops the server)");
      if (flags.open) {
        const opener = process.platform === "darwin" ? "open" : process.platform === "win32" ? "explorer" : "xdg-open";
        spawn(opener, [dashboard.url], { stdio: "ignore", detached: true }).on("error", () => output.err(`could not start ${opener}: open the URL above yourself`)).unref();
      }
      // Stop when the terminal session ends: Ctrl-C, the terminal closing, or its stdin ending.
      const stop = () => void dashboard.close();
      const signals: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];
      for (const signal of signals) process.once(signal, stop);
      if (io.stdin === process.stdin && process.stdin.isTTY) process.stdin.once("end", stop).resume();
      await dashboard.stopped;
      for (const signal of signals) process.off(signal, stop);
      if (io.stdin === process.stdin) process.stdin.pause();
      output.err("keystash dashboard stopped");
    });
}
