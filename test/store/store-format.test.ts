import YAML from "yaml";
import { seededRandom as random } from "../helpers/random";
import { parseStore, serializeStore, type StoreData } from "../../src/store/store-file";
import { readCanonicalStore } from "../../src/store/store-format";
import { normaliseSelector, selectorKey } from "../../src/store/selector";

const NAMES = ["GitHubAPIToken", "null", "True", "FALSE", "_x", "A1", "yes", "on"];
const ENVS = ["staging", "pr-42", "123", "1.5", "true", "null", "e.x-1", "0x10"];
const TYPES = ["production", "development", "preview", "local"] as const;
const ARMOR = "-----BEGIN AGE ENCRYPTED FILE-----\nYWdlLWVuY3J5cHRpb24ub3JnL3YxCi0+IFgyNTUxOSBHZ3NYUzVOYXJDT1dUUXJ3\nAAAA\n-----END AGE ENCRYPTED FILE-----";

function randomStore(next: () => number): StoreData {
  const pick = <T>(items: readonly T[]): T[] => items.filter(() => next() < 0.4);
  const secrets: StoreData["secrets"] = {};
  for (const name of pick(NAMES)) {
    secrets[name] = [0, 1].slice(0, 1 + Math.floor(next() * 2)).map((i) => {
      const versions = Array.from({ length: 1 + Math.floor(next() * 3) }, (_, v) => ({
        version: v + 1,
        created: new Date(1_700_000_000_000 + v * 1000).toISOString(),
        recipients: next() < 0.2 ? [] : ["age1ud3peutzwt70w9msv7nq5rt0y8qv2muz0xfqgc73ppajry05m9sq7mt6pv"],
        ciphertext: next() < 0.5 ? `${ARMOR}\n` : ARMOR,
      }));
      const types = i === 0 ? pick(TYPES) : [];
      const envs = i === 1 || types.length === 0 ? [ENVS[Math.floor(next() * ENVS.length)]!] : pick(ENVS);
      return { selector: normaliseSelector({ types: [...types], envs }), current: versions.length, versions };
    });
    // the order the store keeps values in
    secrets[name]!.sort((a, b) => (selectorKey(a.selector) < selectorKey(b.selector) ? -1 : 1));
  }
  return { secrets };
}

describe("the store's canonical layout", () => {
  test("200 seeded stores: the fast reader and a general YAML parser read back exactly what was written", () => {
    const next = random(42);
    for (let i = 0; i < 200; i++) {
      const data = randomStore(next);
      const text = serializeStore(data);
      const fast = readCanonicalStore(text);
      expect(fast).not.toBeNull();
      expect(parseStore(text)).toEqual(data);
      const viaYaml = YAML.parse(text) as { version: number; secrets: StoreData["secrets"] };
      expect(viaYaml.version).toBe(1);
      expect(viaYaml.secrets).toEqual(data.secrets);
      expect(serializeStore(parseStore(text))).toBe(text);
    }
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
