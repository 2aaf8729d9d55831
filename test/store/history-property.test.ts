import { historyProblems } from "../../src/store/history";
import type { StoreData, StoredValue } from "../../src/store/store-file";
import { seededRandom } from "../helpers/random";

// Generated histories: every sequence of legitimate store changes (set, a new value, two
// values of a secret set in the same millisecond, unset of a whole value, delete, re-encryption for other recipients) passes historyProblems, and
// every rollback an attacker can write on top of one (drop a version, rewrite a time, writer
// or ciphertext, paste an old version back as a new value) is found.

const TYPES = ["production", "development", "preview", "local"] as const;
const KEYS = ["age1alice", "age1bob", "age1carol"];
const clone = (data: StoreData): StoreData => structuredClone(data);

function legitimateStep(data: StoreData, next: () => number, clock: { t: number; c: number }): void {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const stamp = () => new Date(Date.UTC(2026, 0, 1) + ++clock.t * 1000).toISOString();
  const ciphertext = () => `ct-${++clock.c}`;
  const names = Object.keys(data.secrets);
  const recipients = KEYS.filter(() => next() < 0.7);
  switch (names.length === 0 ? 0 : Math.floor(next() * 5)) {
    case 0: { // a new value (a new secret, or a free type of an existing one)
      const name = pick(["A", "B", "C"]);
      const values = (data.secrets[name] ??= []);
      const free = TYPES.filter((t) => !values.some((v) => v.selector.types.includes(t)));
      if (free.length === 0) return;
      // Sometimes in the same millisecond as another value of the secret (one `import`, or a script).
      const created = values.length > 0 && next() < 0.3 ? values[0]!.versions[0]!.created : stamp();
      values.push({ selector: { types: [pick(free)], envs: [] }, current: 1, versions: [{ version: 1, created, recipients, ciphertext: ciphertext() }] });
      return;
    }
    case 1: { // secret set on an existing value
      const value = pick(data.secrets[pick(names)]!);
      const version = Math.max(...value.versions.map((v) => v.version)) + 1;
      value.versions.push({ version, created: stamp(), recipients, ciphertext: ciphertext(), writer: pick(KEYS) });
      value.current = version;
      return;
    }
    case 2: { // access sync: every version re-encrypted to other recipients
      const value = pick(data.secrets[pick(names)]!);
      const others = KEYS.filter((k) => !value.versions[0]!.recipients.includes(k));
      for (const version of value.versions) {
        version.recipients = [...version.recipients, ...others.slice(0, 1)];
        if (others.length) version.ciphertext = ciphertext();
      }
      return;
    }
    case 3: { // secret unset of a whole value
      const name = pick(names);
      data.secrets[name] = data.secrets[name]!.slice(1);
      if (data.secrets[name]!.length === 0) delete data.secrets[name];
      return;
    }
    default: // secret delete
      delete data.secrets[pick(names)];
  }
}

type Attack = (data: StoreData, history: StoreData[], next: () => number) => boolean;

const allValues = (data: StoreData): { name: string; value: StoredValue }[] => Object.entries(data.secrets).flatMap(([name, values]) => values.map((value) => ({ name, value })));

const attacks: Record<string, Attack> = {
  "drops the newest version and points current at an older one": (data, _h, next) => {
    const target = allValues(data).filter(({ value }) => value.versions.length > 1)[0];
    if (!target) return false;
    target.value.versions.pop();
    target.value.current = target.value.versions[Math.floor(next() * target.value.versions.length)]!.version;
    return true;
  },
  "rewrites an old version's ciphertext to the same recipients": (data) => {
    const target = allValues(data)[0];
    if (!target) return false;
    target.value.versions[0]!.ciphertext = "ct-forged";
    return true;
  },
  "rewrites an old version's writer": (data) => {
    const target = allValues(data)[0];
    if (!target) return false;
    target.value.versions[0]!.writer = "age1mallory";
    return true;
  },
  "pastes an older version back as a new value with a fresh time": (data, history) => {
    for (const older of history) {
      for (const { name, value } of allValues(older)) {
        const old = value.versions[0]!;
        const current = data.secrets[name];
        if (current?.some((v) => v.versions.some((x) => x.ciphertext === old.ciphertext) && v.versions.length === 1)) continue;
        data.secrets[name] = [...(current ?? []).filter((v) => !v.selector.types.some((t) => value.selector.types.includes(t))), {
          selector: value.selector, current: 1, versions: [{ ...old, version: 1, created: "2030-01-01T00:00:00.000Z" }],
        }];
        return true;
      }
    }
    return false;
  },
};

test("500 generated legitimate histories pass; each attack on top of them is found", () => {
  const found: Record<string, number> = Object.fromEntries(Object.keys(attacks).map((name) => [name, 0]));
  for (let seed = 1; seed <= 500; seed++) {
    const next = seededRandom(seed);
    const clock = { t: 0, c: 0 };
    let data: StoreData = { secrets: {} };
    const history: StoreData[] = [clone(data)];
    for (let step = 0; step < 3 + Math.floor(next() * 10); step++) {
      const after = clone(data);
      legitimateStep(after, next, clock);
      for (const older of history) expect([seed, step, historyProblems(older, after)]).toEqual([seed, step, []]);
      history.push(clone(after));
      data = after;
    }
    for (const [name, attack] of Object.entries(attacks)) {
      const evil = clone(data);
      if (!attack(evil, history, next)) continue;
      const problems = history.flatMap((older) => historyProblems(older, evil));
      expect([seed, name, problems.length > 0]).toEqual([seed, name, true]);
      found[name]!++;
    }
  }
  // Every attack was tried on many generated histories, not skipped by the generator.
  for (const [name, count] of Object.entries(found)) expect([name, count > 100]).toEqual([name, true]);
});
