import { emptyRecord } from "../project/records";
import { describeSelector, isEmptySelector, overlap, selectorKey } from "./selector";
import { historyProblems } from "./history";
import type { StoreData, StoredValue, StoredVersion } from "./store-file";

/** The merged store, and the secrets both branches changed in ways that cannot be combined. */
export interface MergeResult {
  merged: StoreData;
  /** One sentence per conflict, naming the secret; the merged store keeps our side of it. */
  conflicts: string[];
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** The usual three-way rule: one side's change wins over no change; both changing alike agree. */
function pick<T>(base: T | undefined, ours: T | undefined, theirs: T | undefined): { value: T | undefined } | "both" {
  if (same(ours, theirs)) return { value: ours };
  if (same(ours, base)) return { value: theirs };
  if (same(theirs, base)) return { value: ours };
  return "both";
}

/**
 * Versions of one value changed on both sides: the union of both sides' versions (history
 * only grows; each side was already checked against the base). A version's plaintext never
 * changes after it is written (only its encryption does, by `access sync`), so a re-encrypted
 * version either side changed is safe to take; a version number both sides *added* with
 * different ciphertexts is two new values for the same selector: a real conflict.
 */
function mergeVersions(name: string, base: StoredValue | undefined, ours: StoredValue, theirs: StoredValue, conflicts: string[]): StoredValue {
  const byNumber = (value: StoredValue | undefined) => new Map((value?.versions ?? []).map((v) => [v.version, v]));
  const [b, o, t] = [byNumber(base), byNumber(ours), byNumber(theirs)];
  const versions: StoredVersion[] = [];
  for (const number of [...new Set([...o.keys(), ...t.keys()])].sort((x, y) => x - y)) {
    const choice = pick(b.get(number), o.get(number), t.get(number));
    if (choice === "both") {
      if (!b.has(number) && o.has(number) && t.has(number)) {
        conflicts.push(`${name} (${describeSelector(ours.selector)}): both branches set a new value (version ${number}); set it again after the merge to keep one`);
      }
      versions.push(o.get(number) ?? t.get(number)!);
    } else if (choice.value) {
      versions.push(choice.value);
    }
  }
  const envTypes = ours.envTypes || theirs.envTypes ? Object.assign(emptyRecord<string>(), theirs.envTypes, ours.envTypes) : undefined;
  const merged: StoredValue = { selector: ours.selector, current: Math.max(...versions.map((v) => v.version)), versions };
  return envTypes ? { ...merged, envTypes: envTypes as StoredValue["envTypes"] } : merged;
}

/** One secret's values changed on both sides: merged value by value (keyed by selector). */
function mergeValues(name: string, base: StoredValue[], ours: StoredValue[], theirs: StoredValue[], conflicts: string[]): StoredValue[] {
  const byKey = (values: StoredValue[]) => new Map(values.map((v) => [selectorKey(v.selector), v]));
  const [b, o, t] = [byKey(base), byKey(ours), byKey(theirs)];
  const merged: StoredValue[] = [];
  for (const key of [...new Set([...o.keys(), ...t.keys(), ...b.keys()])].sort()) {
    const choice = pick(b.get(key), o.get(key), t.get(key));
    if (choice !== "both") {
      if (choice.value) merged.push(choice.value);
      continue;
    }
    const [ov, tv] = [o.get(key), t.get(key)];
    if (ov && tv) {
      merged.push(mergeVersions(name, b.get(key), ov, tv, conflicts));
    } else {
      conflicts.push(`${name} (${describeSelector((ov ?? tv ?? b.get(key))!.selector)}): removed on one branch and changed on the other; set or unset it again after the merge`);
      if (ov) merged.push(ov);
    }
  }
  // Two branches that each added a value for the same type (different selectors) overlap.
  for (let i = 0; i < merged.length; i++) {
    for (let j = i + 1; j < merged.length; j++) {
      const shared = overlap(merged[i]!.selector, merged[j]!.selector);
      if (!isEmptySelector(shared)) conflicts.push(`${name}: both branches set a value for ${describeSelector(shared)}; set it again after the merge to keep one`);
    }
  }
  return merged;
}

/**
 * Three-way merge of the store, secret by secret, value by value, version by version: two
 * branches that add different secrets, or change different secrets or values, never conflict.
 * A real conflict (the same value changed on both sides, a deletion against an update) is
 * reported by name; the merged store keeps our side of it and is always a valid store. A side
 * that removes a version or rewrites one in place (see history.ts) is a conflict too.
 */
export function mergeStores(base: StoreData, ours: StoreData, theirs: StoreData): MergeResult {
  // A side that removes or rewrites a version the base holds is refused, whatever the other side did.
  const conflicts: string[] = [
    ...historyProblems(base, ours).map((problem) => `ours: ${problem}`),
    ...historyProblems(base, theirs).map((problem) => `theirs: ${problem}`),
  ];
  const secrets = emptyRecord<StoredValue[]>();
  const names = [...new Set([...Object.keys(ours.secrets), ...Object.keys(theirs.secrets), ...Object.keys(base.secrets)])].sort();
  for (const name of names) {
    const [b, o, t] = [base.secrets[name], ours.secrets[name], theirs.secrets[name]];
    const choice = pick(b, o, t);
    if (choice !== "both") {
      if (choice.value) secrets[name] = choice.value;
      continue;
    }
    if (!o || !t) {
      conflicts.push(`${name}: deleted on one branch and changed on the other; delete it or set it again after the merge`);
      if (o) secrets[name] = o;
      continue;
    }
    secrets[name] = mergeValues(name, b ?? [], o, t, conflicts);
  }
  return { merged: { secrets }, conflicts };
}
