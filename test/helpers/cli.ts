import { spawnSync, type SpawnSyncOptions } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { MessageChannel, receiveMessageOnPort, Worker } from "node:worker_threads";

export const REPO_ROOT = path.resolve(__dirname, "../..");
export const KEYSTASH_BIN = path.join(REPO_ROOT, "bin/keystash.js");
export const CHECK_SECRETS_BIN = path.join(REPO_ROOT, "bin/check-secrets.js");

/** The newest modification time of the files below `dir` with one of `extensions`. */
function newest(dir: string, extensions: RegExp): number {
  let latest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) latest = Math.max(latest, newest(full, extensions));
    else if (extensions.test(entry.name)) latest = Math.max(latest, fs.statSync(full).mtimeMs);
  }
  return latest;
}

let checkedBuild = false;
/**
 * CLI tests run the build (dist/), as users do: refuse a dist/ older than src/, which would test
 * yesterday's code (`npm test` builds first; a lone `npx jest` may not).
 */
function requireFreshBuild(): void {
  if (checkedBuild) return;
  const dist = path.join(REPO_ROOT, "dist");
  if (!fs.existsSync(dist) || newest(path.join(REPO_ROOT, "src"), /\.ts$/) > newest(dist, /\.js$/)) {
    throw new Error("dist/ is older than src/: run `npm run build` (npm test does) before the CLI tests");
  }
  checkedBuild = true;
}

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the built CLI's `main(argv, io)` in-process (in a warm worker thread) with its own
 * streams, environment and folder: what a terminal gives a spawned CLI, minus a TTY and the
 * process start-up. `spawn: true` (or `bin`) runs the real binary in a new process instead,
 * for the end-to-end tests that need one.
 */
export function runCli(args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; input?: string | Buffer; bin?: string; spawn?: boolean }): CliResult {
  requireFreshBuild();
  if (options.spawn || options.bin) return spawnCli(args, options);
  const worker = cliWorker();
  const flag = new SharedArrayBuffer(4);
  const { port1, port2 } = new MessageChannel();
  const input = options.input === undefined ? undefined : Buffer.from(options.input);
  worker.postMessage({ args, cwd: options.cwd, env: { ...cleanEnv(), ...options.env }, input, flag, port: port2 }, [port2]);
  if (Atomics.wait(new Int32Array(flag), 0, 0, 120_000) === "timed-out") throw new Error(`keystash ${args.join(" ")} did not finish in 120 s`);
  const reply = receiveMessageOnPort(port1)?.message as { status: number | string; stdout: string; stderr: string };
  port1.close();
  if (typeof reply.status === "string") throw new Error(reply.status);
  return { status: reply.status, stdout: reply.stdout, stderr: reply.stderr };
}

/**
 * Runs the built CLI's `main(argv, io)` on this thread and awaits it: for commands that talk to
 * a server the test itself runs (the synchronous `runCli` would block that server's thread).
 */
export async function runCliAsync(args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; input?: string }): Promise<CliResult> {
  requireFreshBuild();
  const { main } = require(path.join(REPO_ROOT, "dist/cli/main.js")) as { main: (argv: string[], io: object) => Promise<number> };
  const { PassThrough, Readable } = require("node:stream") as typeof import("node:stream");
  const collect = () => {
    const stream = new PassThrough();
    const chunks: Buffer[] = [];
    stream.on("data", (chunk: Buffer) => chunks.push(chunk));
    return { stream, text: () => Buffer.concat(chunks).toString("utf8") };
  };
  const [stdout, stderr] = [collect(), collect()];
  const stdin = Readable.from(options.input ? [Buffer.from(options.input)] : []);
  const status = await main(args, { stdin, stdout: stdout.stream, stderr: stderr.stream, env: { ...cleanEnv(), AWS_EC2_METADATA_DISABLED: "true", METADATA_SERVER_DETECTION: "none", ...options.env }, cwd: options.cwd });
  return { status, stdout: stdout.text(), stderr: stderr.text() };
}

let worker: Worker | undefined;
function cliWorker(): Worker {
  if (!worker) {
    worker = new Worker(path.join(__dirname, "cli-worker.js"), { workerData: { main: path.join(REPO_ROOT, "dist/cli/main.js") } });
    worker.unref();
  }
  return worker;
}

afterAll(async () => {
  await worker?.terminate();
  worker = undefined;
});

/** Runs the built CLI the way a user does: a separate node process, no TTY. */
export function spawnCli(args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; input?: string | Buffer; bin?: string }): CliResult {
  requireFreshBuild();
  const spawnOptions: SpawnSyncOptions = {
    cwd: options.cwd,
    env: { ...cleanEnv(), ...options.env },
    input: options.input ?? "",
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
    timeout: 120_000, // generous: a loaded 2-core machine can be slow, and a timeout here reads as a failure
  };
  const result = spawnSync(process.execPath, [options.bin ?? KEYSTASH_BIN, ...args], spawnOptions);
  if (result.error) throw result.error;
  return { status: result.status, stdout: String(result.stdout), stderr: String(result.stderr) };
}

/** The test process's environment without anything keystash reads. */
export function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith("KEYSTASH_") && key !== "FORCE_COLOR") env[key] = value;
  }
  return env;
}

const created: string[] = [];
afterAll(() => {
  for (const dir of created.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A fresh temp directory, removed after the test file. */
export function tempDir(prefix = "keystash-test-"): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  created.push(dir);
  return dir;
}

/** Copies `fixtures/<name>` into a fresh temp directory and returns its path. */
export function copyFixture(name: string): string {
  const target = path.join(tempDir(), path.basename(name));
  fs.cpSync(path.join(REPO_ROOT, "fixtures", name), target, { recursive: true });
  return target;
}

/** Writes files (path -> text) below `root`, creating directories. */
export function writeFiles(root: string, files: Record<string, string>): void {
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  }
}
