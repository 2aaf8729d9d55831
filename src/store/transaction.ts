import * as fs from "node:fs";
import * as path from "node:path";
import { CONFIG_FILE, parseConfig, type Config } from "../project/config";
import { UserError } from "../project/errors";
import { writeFileAtomic } from "../project/write-file-atomic";
import { withStoreLock, type LockState } from "./lock";
import { emptyStore, parseStore, readRegularFile, serializeStore, STORE_FILE, storePath, type StoreData } from "./store-file";

/**
 * What one store write sees and changes: the store and keystash.yaml, both read under the
 * store's lock, so recipients are always computed from the config that is current when the
 * value is encrypted (an `access remove` that lands first is never missed).
 */
export interface StoreTransaction {
  data: StoreData;
  config: Config;
  /** keystash.yaml's text as this transaction sees it (null when there is none). */
  configText: string | null;
  /** Replaces keystash.yaml; it is written with the store, both or neither. */
  writeConfig(text: string): void;
}

/** The lock was taken over (this process was paused or slow) and the file changed under it. */
class LostLock extends Error {}

const ATTEMPTS = 3;

/** The app-relative label of the store or keystash.yaml, for messages. */
const labelOf = (file: string): string => (path.basename(file) === CONFIG_FILE ? CONFIG_FILE : STORE_FILE);
const readText = (file: string): string | null => readRegularFile(file, labelOf(file));

function restore(file: string, text: string | null): void {
  if (text === null) fs.rmSync(file, { force: true });
  else writeFileAtomic(file, text);
}

/** Temp files of writers that were killed mid-write (safe to remove: we hold the lock). */
function removeLeftoverTempFiles(file: string): void {
  const prefix = `.${path.basename(file)}.`;
  for (const name of fs.readdirSync(path.dirname(file))) {
    if (name.startsWith(prefix) && name.endsWith(".tmp")) fs.rmSync(path.join(path.dirname(file), name), { force: true });
  }
}

async function attempt<T>(root: string, change: (tx: StoreTransaction) => T | Promise<T>, lock: LockState): Promise<T> {
  const file = storePath(root);
  const configFile = path.join(root, CONFIG_FILE);
  removeLeftoverTempFiles(file);
  const before = readText(file);
  const configBefore = readText(configFile);
  let configAfter: string | null = null;
  const tx: StoreTransaction = {
    data: before === null ? emptyStore() : parseStore(before),
    config: parseConfig(configBefore ?? ""),
    configText: configBefore,
    writeConfig(text) {
      this.config = parseConfig(text);
      this.configText = configAfter = text;
    },
  };
  const result = await change(tx);
  const after = serializeStore(tx.data);
  const storeChanged = after !== before && !(before === null && Object.keys(tx.data.secrets).length === 0);
  // Just before each rename: is the file still the one this transaction read?
  const unchanged = (target: string, expected: string | null) => () => {
    if (lock.compromised || readText(target) !== expected) throw new LostLock();
  };
  if (storeChanged) writeFileAtomic(file, after, { beforeRename: unchanged(file, before) });
  if (configAfter !== null && configAfter !== configBefore) {
    try {
      writeFileAtomic(configFile, configAfter, { beforeRename: unchanged(configFile, configBefore) });
    } catch (error) {
      if (storeChanged) restore(file, before);
      throw error;
    }
  }
  return result;
}

/**
 * Runs `change` on the store and keystash.yaml under the store's cross-process lock, then
 * writes what changed atomically (store first, then config; when the config write fails the
 * store is put back). Unchanged bytes are not rewritten. When the lock was taken over while
 * this process waited (paused, or slower than the stale timeout) and the file changed, the
 * transaction runs again on the new content; nothing is ever overwritten blindly.
 * @throws UserError when that keeps happening, or whatever `change` throws (nothing written).
 */
export async function updateStore<T>(root: string, change: (tx: StoreTransaction) => T | Promise<T>): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await withStoreLock(storePath(root), (lock) => attempt(root, change, lock));
    } catch (error) {
      if (!(error instanceof LostLock)) throw error;
      if (n === ATTEMPTS) {
        throw new UserError(
          "store: another keystash process changed .keystash/store.yaml while this one held a lock that went stale; nothing was written",
          "run the command again",
        );
      }
    }
  }
}
