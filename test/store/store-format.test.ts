import YAML from "yaml";
import { seededRandom as random } from "../helpers/random";
import { parseStore, serializeStore, type StoreData, type StoredValue } from "../../src/store/store-file";
import { readCanonicalStore } from "../../src/store/store-format";
import { normaliseSelector, selectorKey } from "../../src/store/selector";

const NAMES = ["GitHubAPIToken", "null", "True", "FALSE", "_x", "A1", "yes", "on"];
const ENVS = ["staging", "pr-42", "123", "1.5", "true", "null", "e.x-1", "0x10"];
const TYPES = ["production", "development", "preview", "local"] as const;
const RECIPIENT = "age1ud3peutzwt70w9msv7nq5rt0y8qv2muz0xfqgc73ppajry05m9sq7mt6pv";
const ARMOR = "-----BEGIN AGE ENCRYPTED FILE-----\nYWdlLWVuY3J5cHRpb24ub3JnL3YxCi0+IFgyNTUxOSBHZ3NYUzVOYXJDT1dUUXJ3\nAAAA\n-----END AGE ENCRYPTED FILE-----";

function randomStore(next: () => number): StoreData {
  const pick = <T>(items: readonly T[]): T[] => items.filter(() => next() < 0.4);
  const secrets: StoreData["secrets"] = {};
  for (const name of pick(NAMES)) {
    secrets[name] = [0, 1].slice(0, 1 + Math.floor(next() * 2)).map((i) => {
      const versions = Array.from({ length: 1 + Math.floor(next() * 3) }, (_, v) => ({
        version: v + 1,
        created: new Date(1_700_000_000_000 + v * 1000).toISOString(),
        recipients: next() < 0.2 ? [] : [RECIPIENT],
        ciphertext: next() < 0.5 ? `${ARMOR}\n` : ARMOR,
        ...(next() < 0.3 ? { writer: RECIPIENT } : {}),
      }));
      const types = i === 0 ? pick(TYPES) : [];
      const envs = i === 1 || types.length === 0 ? [ENVS[Math.floor(next() * ENVS.length)]!] : pick(ENVS);
      const selector = normaliseSelector({ types: [...types], envs });
      const envTypes = Object.fromEntries(selector.envs.filter(() => next() < 0.7).map((env) => [env, TYPES[Math.floor(next() * TYPES.length)]!]));
      // serializeStore records envTypes only for a selector that names environments
      return { selector, ...(selector.envs.length > 0 && next() < 0.5 ? { envTypes } : {}), current: versions.length, versions };
    });
    // the order the store keeps values in
    secrets[name]!.sort((a, b) => (selectorKey(a.selector) < selectorKey(b.selector) ? -1 : 1));
  }
  return { secrets };
}

/** What a general YAML parser reads in a store's text, in the shape the fast reader returns (envTypes as a record). */
function fromYaml(text: string): StoreData {
  const raw = YAML.parse(text) as { version: number; secrets: Record<string, (StoredValue & { selector: { envTypes?: string[] } })[]> };
  expect(raw.version).toBe(1);
  const secrets: StoreData["secrets"] = {};
  for (const [name, values] of Object.entries(raw.secrets)) {
    secrets[name] = values.map(({ selector: { envTypes, ...selector }, ...value }) => ({
      ...value,
      selector,
      ...(envTypes ? { envTypes: Object.fromEntries(envTypes.map((entry) => entry.split("="))) } : {}),
    }));
  }
  return { secrets };
}

/** One random edit of a store's text: a character inserted or deleted, or a line repeated elsewhere. */
function mutate(text: string, next: () => number): string {
  const at = Math.floor(next() * text.length);
  const edit = next();
  if (edit < 0.4) return text.slice(0, at) + MUTATION_CHARACTERS[Math.floor(next() * MUTATION_CHARACTERS.length)] + text.slice(at);
  if (edit < 0.8) return text.slice(0, at) + text.slice(at + 1);
  const lines = text.split("\n");
  lines.splice(Math.floor(next() * lines.length), 0, lines[Math.floor(next() * lines.length)]!);
  return lines.join("\n");
}
const MUTATION_CHARACTERS = [" ", "\n", "-", '"', "\\", "\r", "#", ":", "=", "[", "]", "{", "|", ">", "&", "*", "!", "\t", "\u2028", "0", "a", "é"];

describe("the store's canonical layout", () => {
  test("200 seeded stores: the fast reader and a general YAML parser read back exactly what was written", () => {
    const next = random(42);
    for (let i = 0; i < 200; i++) {
      const data = randomStore(next);
      const text = serializeStore(data);
      const fast = readCanonicalStore(text);
      expect(fast).not.toBeNull();
      expect(parseStore(text)).toEqual(data);
      expect(fromYaml(text)).toEqual(data);
      expect(serializeStore(parseStore(text))).toBe(text);
    }
  });

  test("3,000 edited stores: whatever the fast reader accepts, a general YAML parser reads the same way", () => {
    const next = random(2026);
    let accepted = 0;
    for (let i = 0; i < 3000; i++) {
      let text = serializeStore(randomStore(next));
      for (let edits = 1 + Math.floor(next() * 3); edits > 0; edits--) text = mutate(text, next);
      const fast = readCanonicalStore(text);
      if (fast === null) continue;
      accepted++;
      expect(fast).toEqual(fromYaml(text));
    }
    // Many edits keep the layout (a digit in a ciphertext, a line repeated in a list): the check above ran.
    expect(accepted).toBeGreaterThan(300);
  });

  test("anything outside the layout falls back to the YAML parser with the same result", () => {
    const data = randomStore(random(7));
    const text = serializeStore(data);
    const reindented = YAML.stringify(YAML.parse(text));
    expect(readCanonicalStore(reindented)).toBeNull();
    expect(parseStore(reindented)).toEqual(data);
    expect(readCanonicalStore(text.replace("version: 1", "version: 1 # a comment"))).toBeNull();
    expect(parseStore("")).toEqual({ secrets: {} });
    expect(serializeStore({ secrets: {} })).toContain("secrets: {}\n");
    expect(parseStore(serializeStore({ secrets: {} }))).toEqual({ secrets: {} });
  });
});
