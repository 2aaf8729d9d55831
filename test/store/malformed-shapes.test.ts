import { stringify } from "yaml";
import { UserError } from "../../src/project/errors";
import { parseStore, readStoreMetadata } from "../../src/store/store-file";
import { seededRandom } from "../helpers/random";

// A store from a hostile or broken branch may hold any YAML shape where a mapping, a list or a
// string belongs. Whatever it holds, reading it gives a store or a UserError naming what is wrong
// (`secrets: {A: [null]}` was a TypeError), never a crash.

const next = seededRandom(20261202);
const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;

const CIPHERTEXT = "-----BEGIN AGE ENCRYPTED FILE-----\nYWdlLWVuY3J5cHRpb24ub3JnL3YxCg==\n-----END AGE ENCRYPTED FILE-----\n";
const scalar = (): unknown => pick([null, 0, 7, -1, 1.5, true, "", "x", "production", "age1qqq", [], {}, CIPHERTEXT, "2026-12-02T00:00:00.000Z"]);

/** A value that is well formed, then each part replaced by a random shape with some probability. */
function value(): unknown {
  const maybe = <T>(good: T): unknown => (next() < 0.25 ? (next() < 0.5 ? scalar() : [scalar(), scalar()]) : good);
  const version = () => maybe({ version: maybe(1), created: maybe("2026-12-02T00:00:00.000Z"), recipients: maybe([maybe("age1qyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqs3290gq")]), ciphertext: maybe(CIPHERTEXT), ...(next() < 0.2 ? { writer: scalar() } : {}) });
  return maybe({ selector: maybe({ types: maybe([maybe("development")]), envs: maybe([]), ...(next() < 0.2 ? { envTypes: scalar() } : {}) }), current: maybe(1), versions: maybe([version()]) });
}

test("2,000 generated store shapes: each is read or refused with a UserError", () => {
  const crashes: string[] = [];
  let refused = 0;
  for (let i = 0; i < 2_000; i++) {
    const secrets = next() < 0.05 ? scalar() : { [pick(["A", "Token", "constructor"])]: next() < 0.1 ? scalar() : [value(), ...(next() < 0.3 ? [value()] : [])] };
    const text = stringify({ version: next() < 0.95 ? 1 : scalar(), secrets });
    try {
      parseStore(text);
    } catch (error) {
      if (error instanceof UserError) refused++;
      else crashes.push(`${String(error)} on:\n${text}`);
    }
    // The metadata reader (the merge driver, verify) never throws at all.
    try {
      readStoreMetadata(text);
    } catch (error) {
      crashes.push(`readStoreMetadata threw ${String(error)} on:\n${text}`);
    }
  }
  expect(crashes.slice(0, 3)).toEqual([]);
  expect(refused).toBeGreaterThan(500);
});
