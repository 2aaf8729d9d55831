import { describeSelector, type Selector } from "./selector";
import type { StoreData, StoredValue, StoredVersion } from "./store-file";

/**
 * History only grows. A value keeps its identity through every legitimate change (new
 * versions, a narrower selector after `secret unset`, re-encryption for other recipients):
 * its first version's number and time. Between an older store and a newer one, for every
 * value that still exists, no version may disappear, and no version may change its time,
 * writer, or ciphertext without a change of recipients (a re-encryption). A branch that drops
 * the newest version to serve an older one, or swaps an old version's ciphertext for a fresh
 * one, breaks one of these. Removing a whole value or secret (`secret unset`, `secret delete`)
 * is not a rollback and is allowed; but a ciphertext is written once, so one that reappears
 * anywhere but where it was written (an old version pasted in as a new value with a fresh
 * time, which would otherwise pass as "deleted, then set again") is a rollback in disguise.
 */

const lineageOf = (value: StoredValue): string => {
  const first = value.versions.reduce((a, b) => (b.version < a.version ? b : a));
  return `${first.version}@${first.created}`;
};

const within = (inner: Selector, outer: Selector): boolean => inner.types.every((t) => outer.types.includes(t)) && inner.envs.every((e) => outer.envs.includes(e));

const sameSet = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((item) => b.includes(item));

function versionProblem(name: string, value: StoredValue, older: StoredVersion, newer: StoredVersion | undefined): string | undefined {
  const what = `${name} (${describeSelector(value.selector)}) version ${older.version}`;
  if (!newer) return `${what} was removed (history only grows; a rollback is a new version)`;
  if (newer.created !== older.created || newer.writer !== older.writer) return `${what} had its time or writer rewritten`;
  if (newer.ciphertext !== older.ciphertext && sameSet(newer.recipients, older.recipients)) return `${what} had its ciphertext replaced without a change of recipients`;
  return undefined;
}

/**
 * Every way `newer` rewrites the history `older` holds, one sentence each naming the secret,
 * the value and the version; empty when `newer` only adds to it.
 */
export function historyProblems(older: StoreData, newer: StoreData): string[] {
  const problems: string[] = [];
  const placeOf = (name: string, value: StoredValue, version: StoredVersion) => `${name} ${lineageOf(value)} ${version.version}`;
  const written = new Map<string, { place: string; what: string }>();
  for (const [name, values] of Object.entries(older.secrets)) {
    for (const value of values) {
      for (const version of value.versions) written.set(version.ciphertext, { place: placeOf(name, value, version), what: `${name} (${describeSelector(value.selector)}) version ${version.version}` });
    }
  }
  for (const [name, values] of Object.entries(newer.secrets)) {
    for (const value of values) {
      for (const version of value.versions) {
        const first = written.get(version.ciphertext);
        if (first && first.place !== placeOf(name, value, version)) {
          problems.push(`${name} (${describeSelector(value.selector)}) version ${version.version} reuses the ciphertext of ${first.what} (an old value brought back; history only grows)`);
        }
      }
    }
  }
  for (const [name, olderValues] of Object.entries(older.secrets)) {
    for (const value of olderValues) {
      // Its successors: the values of the same lineage whose selector is within its own (an
      // unset only narrows). Two values set in the same millisecond share a lineage but not a
      // selector; a forged look-alike is one more successor, and each must keep the history.
      const successors = (newer.secrets[name] ?? []).filter((v) => lineageOf(v) === lineageOf(value) && within(v.selector, value.selector));
      for (const successor of successors) {
        const versions = new Map(successor.versions.map((v) => [v.version, v]));
        for (const version of value.versions) {
          const problem = versionProblem(name, value, version, versions.get(version.version));
          if (problem) problems.push(problem);
        }
      }
    }
  }
  return problems;
}
