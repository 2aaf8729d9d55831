import { AsyncLocalStorage } from "node:async_hooks";

/** A readable input that may be a terminal (`process.stdin` is one). */
export type InputStream = NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (mode: boolean) => unknown };

/** A writable output that may be a terminal. */
export type OutputStream = NodeJS.WritableStream & { isTTY?: boolean };

/**
 * Everything a command reads from or writes to the world outside its arguments. The CLI
 * binary passes the process's own; tests pass their own streams, environment and folder, so
 * a command runs in-process exactly as it runs in a terminal.
 */
export interface CliIo {
  stdin: InputStream;
  stdout: OutputStream;
  stderr: OutputStream;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

interface Session {
  io: CliIo;
  exitCode: number;
}

const sessions = new AsyncLocalStorage<Session>();

/**
 * The process's own streams, environment and working directory. `stdin` is looked up only
 * when a command reads it: creating the stream costs a few milliseconds every command would pay.
 */
export function processIo(): CliIo {
  return {
    get stdin() {
      return process.stdin;
    },
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
  };
}

/** The io of the command running now (the process's own outside `withIo`). */
export function currentIo(): CliIo {
  return sessions.getStore()?.io ?? processIo();
}

/** Sets the running command's exit code (what `main` returns). */
export function setExitCode(code: number): void {
  const session = sessions.getStore();
  if (session) session.exitCode = code;
  else process.exitCode = code;
}

/**
 * Runs `work` with `io` as the current io (for every await inside it, even when several
 * commands run at once) and returns the exit code it set (0 unless set).
 */
export async function withIo(io: CliIo, work: () => Promise<number | void>): Promise<number> {
  const session: Session = { io, exitCode: 0 };
  return sessions.run(session, async () => {
    const code = await work();
    return typeof code === "number" ? code : session.exitCode;
  });
}
