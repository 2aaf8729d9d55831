import type { SpawnSyncReturns } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { lazy } from "../lazy";

// Started only when a command asks git something (most runs never do).
const childProcess = lazy(() => require("node:child_process") as typeof import("node:child_process"));

/** Enough for any history or blob keystash reads (a store's whole history, a staged file). */
const MAX_OUTPUT = 1024 * 1024 * 1024;

function run(root: string, args: readonly string[], input?: string): SpawnSyncReturns<Buffer> {
  return childProcess().spawnSync("git", args, { cwd: root, input, maxBuffer: MAX_OUTPUT, stdio: ["pipe", "pipe", "ignore"] });
}

/** git's output as text when it exits 0; undefined otherwise (not a repository, no such revision, no git). */
export function gitText(root: string, args: readonly string[]): string | undefined {
  const result = run(root, args);
  return result.status === 0 ? result.stdout.toString("utf8") : undefined;
}

/** git's output as bytes when it exits 0 (a blob, `cat-file --batch` with `input`); undefined otherwise. */
export function gitBytes(root: string, args: readonly string[], input?: string): Buffer | undefined {
  const result = run(root, args, input);
  return result.status === 0 ? result.stdout : undefined;
}

/** Whether git exits 0 (`ls-files --error-unmatch`, `config --local`). */
export function gitSucceeds(root: string, args: readonly string[]): boolean {
  return run(root, args).status === 0;
}

/** A word for sh (git runs hooks and merge drivers through it): single-quoted, so a folder name is never shell syntax. */
export function shellWord(text: string): string {
  return `'${text.replace(/'/g, "'\\''")}'`;
}

/** The app's folder relative to the top of its git work tree, with `/` separators ("" when it is the top). */
export function appFromTop(root: string, top: string): string {
  return path.relative(fs.realpathSync(top), fs.realpathSync(root)).split(path.sep).join("/");
}
