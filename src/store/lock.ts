import * as fs from "node:fs";
import * as path from "node:path";
import type * as LockFile from "proper-lockfile";
import { UserError } from "../project/errors";

/**
 * Runs `work` while holding the store's cross-process lock (`<store>.lock`). Waiting
 * writers retry for up to about a minute; a lock left by a killed process is taken over
 * once stale (5 s without a heartbeat; the holder refreshes it every 2.5 s).
 */
export async function withStoreLock<T>(storeFile: string, work: () => Promise<T>): Promise<T> {
  fs.mkdirSync(path.dirname(storeFile), { recursive: true });
  // Loaded here, not at start-up: only commands that write the store need it.
  const lockfile = require("proper-lockfile") as typeof LockFile;
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(storeFile, {
      realpath: false,
      stale: 5_000,
      retries: { retries: 600, factor: 1.2, minTimeout: 10, maxTimeout: 100, randomize: true },
    });
  } catch (cause) {
    throw new UserError(`store: another keystash process holds the lock on ${path.basename(storeFile)}`, "try again in a moment", { cause });
  }
  try {
    return await work();
  } finally {
    await release().catch(() => undefined);
  }
}
