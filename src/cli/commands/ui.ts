import { spawn } from "node:child_process";
import { ROOT_OPTION, examples } from "../help";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { Command } from "../../vendor/commander";
import { UserError } from "../../project/errors";
import { loadIdentities } from "../../store/identity";
import { startDashboard } from "../../ui/server";
import { appContext } from "../context";
import { currentIo } from "../io";
import { processOutput } from "../output";

const MAX_IDLE_MINUTES = 24 * 60;

/**
 * Opens the dashboard without putting its session token in anyone's argv (`/proc/PID/cmdline` is
 * readable by every local user): the browser is handed a page in a private folder (0700, the
 * file 0600) that forwards to the URL, and the page is removed a minute later, or when the
 * dashboard stops if that comes first.
 * @returns what removes the page.
 */
function openInBrowser(url: string, warn: (line: string) => void): () => void {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), "keystash-ui-"));
  const page = path.join(folder, "open.html");
  fs.writeFileSync(page, `<!doctype html><meta charset="utf-8"><title>keystash</title><script>location.replace(${JSON.stringify(url)})</script>\n`, { mode: 0o600 });
  const remove = () => fs.rmSync(folder, { recursive: true, force: true });
  setTimeout(remove, 60_000).unref();
  const opener = process.platform === "darwin" ? "open" : process.platform === "win32" ? "explorer" : "xdg-open";
  spawn(opener, [page], { stdio: "ignore", detached: true }).on("error", () => warn(`could not start ${opener}: open the URL above yourself`)).unref();
  return remove;
}

/** `keystash ui [--port N] [--open]`: the local dashboard. */
export function register(program: Command): void {
  program
    .command("ui")
    .addHelpText("after", examples(["keystash ui                                 # prints the URL (with its one-time token)", "keystash ui --open --idle 10"]))
    .description("serve the local secrets dashboard on 127.0.0.1 (--open also opens it in your browser): what the code needs per environment, set values, access")
    .option("--port <port>", "port on 127.0.0.1 (default: a free one)")
    .option("--open", "open the page in your browser")
    .option("--idle <minutes>", "stop after this many minutes without a request (1 to 1440)", "30")
    .option(...ROOT_OPTION)
    .action(async (flags) => {
      const port = flags.port === undefined ? 0 : Number(flags.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UserError(`--port: '${flags.port}' is not a port number`);
      const idleMinutes = Number(flags.idle);
      // A timer holds at most 2^31-1 ms (24.8 days); a day is the sane upper end for an idle dashboard.
      if (!(idleMinutes > 0 && idleMinutes <= MAX_IDLE_MINUTES)) throw new UserError(`--idle: '${flags.idle}' is not a number of minutes from 1 to ${MAX_IDLE_MINUTES}`);
      const output = processOutput();
      const io = currentIo();
      const context = appContext(flags, { writesStore: true });
      // Requests are logged by method, path and status only: never a body, a header or a value.
      const dashboard = await startDashboard(context, loadIdentities(io.env), { port, idleMs: idleMinutes * 60_000, log: (line) => output.err(line) });
      output.out(`keystash dashboard for ${context.root}: ${dashboard.url}`);
      output.out("(the session token is in the URL fragment: share the URL with no one; Ctrl-C stops the server)");
      const removeOpener = flags.open ? openInBrowser(dashboard.url, (line) => output.err(line)) : () => undefined;
      // Stop when the terminal session ends: Ctrl-C, the terminal closing, or its stdin ending.
      const stop = () => void dashboard.close();
      const signals: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];
      for (const signal of signals) process.once(signal, stop);
      if (io.stdin === process.stdin && process.stdin.isTTY) process.stdin.once("end", stop).resume();
      await dashboard.stopped;
      removeOpener();
      for (const signal of signals) process.off(signal, stop);
      if (io.stdin === process.stdin) process.stdin.pause();
      output.err("keystash dashboard stopped");
    });
}
