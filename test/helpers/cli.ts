import { spawnSync, type SpawnSyncOptions } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export const REPO_ROOT = path.resolve(__dirname, "../..");
export const KEYSTASH_BIN = path.join(REPO_ROOT, "bin/keystash.js");
export const CHECK_SECRETS_BIN = path.join(REPO_ROOT, "bin/check-secrets.js");

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI the way a user does: a separate node process, no TTY. */
export function runCli(args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; input?: string | Buffer; bin?: string }): CliResult {
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
