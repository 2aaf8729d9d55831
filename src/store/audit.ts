import * as fs from "node:fs";
import { historyProblems } from "./history";
import { parseStore, readStoreMetadata, STORE_FILE, storePath, type StoreData } from "./store-file";
import { gitBytes, gitText } from "../project/git";

/** A secret a recipient could read somewhere in the store's past, and where. */
export interface ExposedSecret {
  name: string;
  /** The env types and environments of the values it could read (`production`, `env staging`). */
  reach: string[];
  /** Where: `working tree`, and the short hashes of the commits whose store it could read. */
  seen: string[];
}

/** What the audit found, and what it could not look at. */
export interface Audit {
  exposed: ExposedSecret[];
  /** Revisions checked (the working tree included). */
  revisions: number;
  /** False when the app is not in a git repository: only the working tree was read. */
  history: boolean;
}

/**
 * The store's text at each of `commits` (null where it did not exist), read through one
 * `git cat-file --batch` rather than a `git show` per commit.
 */
function storeAt(root: string, commits: readonly string[]): (string | null)[] {
  if (commits.length === 0) return [];
  const prefix = gitText(root, ["rev-parse", "--show-prefix"])?.trim() ?? "";
  const input = commits.map((commit) => `${commit}:${prefix}${STORE_FILE}\n`).join("");
  const out = gitBytes(root, ["cat-file", "--batch"], input);
  if (out === undefined) return commits.map(() => null);
  const texts: (string | null)[] = [];
  let at = 0;
  for (let i = 0; i < commits.length; i++) {
    const end = out.indexOf(0x0a, at);
    const header = out.subarray(at, end).toString("utf8");
    const size = / blob (\d+)$/.exec(header);
    if (!size) {
      texts.push(null); // "<name> missing", or not a file there
      at = end + 1;
      continue;
    }
    const length = Number(size[1]);
    texts.push(out.subarray(end + 1, end + 1 + length).toString("utf8"));
    at = end + 1 + length + 1;
  }
  return texts;
}

/**
 * Every secret `recipient` could decrypt in the working tree's store or in any revision of it
 * in git history (`git log` of `.keystash/store.yaml`): re-encrypting does not revoke what a
 * removed key already holds, so these are the secrets to rotate. Reads metadata only.
 */
export function auditRecipient(root: string, recipient: string): Audit {
  const exposed = new Map<string, { reach: Set<string>; seen: string[] }>();
  const scan = (text: string, where: string): void => {
    for (const value of readStoreMetadata(text) ?? []) {
      if (!value.recipients.some((list) => list.includes(recipient))) continue;
      const entry = exposed.get(value.name) ?? { reach: new Set<string>(), seen: [] };
      for (const type of value.types) entry.reach.add(type);
      for (const env of value.envs) entry.reach.add(`env ${env}`);
      if (!entry.seen.includes(where)) entry.seen.push(where);
      exposed.set(value.name, entry);
    }
  };
  let revisions = 0;
  if (fs.existsSync(storePath(root))) {
    scan(fs.readFileSync(storePath(root), "utf8"), "working tree");
    revisions++;
  }
  const top = gitText(root, ["rev-parse", "--show-toplevel"])?.trim();
  const commits = top === undefined ? undefined : gitText(root, ["log", "--format=%h", "--all", "--", STORE_FILE]);
  const list = commits?.split("\n").filter(Boolean) ?? [];
  storeAt(root, list).forEach((text, i) => {
    if (text === null) return; // deleted in that commit
    scan(text, list[i]!);
    revisions++;
  });
  return {
    exposed: [...exposed].map(([name, entry]) => ({ name, reach: [...entry.reach].sort(), seen: entry.seen })).sort((a, b) => (a.name < b.name ? -1 : 1)),
    revisions,
    history: commits !== undefined,
  };
}

/**
 * The commit that brought a ciphertext into the store (its hash and author), found by the
 * ciphertext's first line of base64, which no other version shares; null outside git or
 * before it is committed.
 */
export function introducingCommit(root: string, ciphertext: string): { hash: string; author: string } | null {
  const marker = ciphertext.split("\n")[1];
  if (!marker) return null;
  const log = gitText(root, ["log", "--format=%h %an", "-S", marker, "--", STORE_FILE]);
  const oldest = log?.trim().split("\n").filter(Boolean).pop();
  if (!oldest) return null;
  const space = oldest.indexOf(" ");
  return { hash: oldest.slice(0, space), author: oldest.slice(space + 1) };
}

/** A way the store rewrites its own history, and the commit whose store it contradicts. */
export interface HistoryFinding {
  commit: string;
  problem: string;
}

/**
 * Compares the working tree's store with every revision of it in git history (commits
 * reachable from HEAD): a version that existed in an ancestor and is gone, or whose ciphertext
 * changed in place, is tampering (history.ts). Revisions that do not parse are passed over
 * (a merge in progress, an older format); outside git only the working tree exists.
 */
export function verifyHistory(root: string, current: StoreData): { revisions: number; history: boolean; findings: HistoryFinding[] } {
  const top = gitText(root, ["rev-parse", "--show-toplevel"])?.trim();
  const commits = top === undefined ? undefined : gitText(root, ["log", "--format=%h", "HEAD", "--", STORE_FILE]);
  const findings: HistoryFinding[] = [];
  const seen = new Set<string>();
  let revisions = 0;
  const list = commits?.split("\n").filter(Boolean) ?? [];
  const texts = storeAt(root, list);
  for (const [i, commit] of list.entries()) {
    const text = texts[i];
    if (text === null || text === undefined) continue;
    let older: StoreData;
    try {
      older = parseStore(text);
    } catch {
      continue;
    }
    revisions++;
    for (const problem of historyProblems(older, current)) {
      // The newest commit that still held it is the one to restore from; older ones say the same.
      if (seen.has(problem)) continue;
      seen.add(problem);
      findings.push({ commit, problem });
    }
  }
  return { revisions, history: commits !== undefined, findings };
}
