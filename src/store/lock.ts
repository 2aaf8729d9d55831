import * as fs from "node:fs";
import * as path from "node:path";
import type * as LockFile from "proper-lockfile";
import { UserError } from "../project/errors";
import { lazy } from "../lazy";

// Loaded on first lock, not at start-up: only commands that write the store need it.
const lockfileLibrary = lazy(() => require("../vendor/proper-lockfile") as typeof LockFile);

/** Whether the lock is still ours: it is taken over when this process stops refreshing it. */
export interface LockState {
  compromised: boolean;
}

/**
 * Runs `work` while holding the store's cross-process lock (`<store>.lock`). Waiting
 * writers retry for up to about two minutes; a lock left by a killed process is taken over
 * once stale (5 s without a heartbeat; the holder refreshes it every 2.5 s). A holder whose
 * lock was taken over is told through `LockState.compromised` (never an uncaught
 * ECOMPROMISED error), and checks the file before it renames (see updateStore).
 */
export async function withStoreLock<T>(storeFile: string, work: (lock: LockState) => Promise<T>): Promise<T> {
  fs.mkdirSync(path.dirname(storeFile), { recursive: true });
  const lockfile = lockfileLibrary();
  const state: LockState = { compromised: false };
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(storeFile, {
      realpath: false,
      stale: 5_000,
      retries: { retries: 1200, factor: 1.2, minTimeout: 10, maxTimeout: 100, randomize: true },
      onCompromised: () => {
        state.compromised = true;
      },
    });
  } catch (cause) {
    throw new UserError(`store: another keystash process holds the lock on ${path.basename(storeFile)}`, "try again in a moment", { cause });
  }
  try {
    return await work(state);
  } finally {
    await release().catch(() => undefined);
  }
}
