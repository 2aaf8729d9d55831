import * as fs from "node:fs";
import * as path from "node:path";
import ts from "typescript";
import { analyzeSource, findingIds } from "../../src/analyzer";
import { CueError, parseLocalSecrets } from "../../src/runtime/cue";
import { invalidCases, validCases } from "../cases/secret-usage";
import { REPO_ROOT } from "../helpers/cli";
import { mutate, seededRandom } from "../helpers/random";

// Seeded, bounded fuzzing: mutated inputs only ever give results or the documented errors.

const SOURCE_ALPHABET = `secret()"'\`{}[];,.=:+-*/\\<>!?&|$# \n\tkeystashrequireimportexportconstletfunctionclass`;

describe("fuzzing the analyzer", () => {
  const seeds = [...validCases, ...invalidCases].map((c) => ({ code: c.code, file: c.file ?? "app.ts" }));

  test("3,000 mutated sources: findings with valid ids and positions, or declarations, never a throw", () => {
    const next = seededRandom(1234);
    let findings = 0;
    for (let i = 0; i < 3000; i++) {
      const seed = seeds[i % seeds.length]!;
      const code = mutate(seed.code, next, SOURCE_ALPHABET);
      const result = analyzeSource(ts, code, seed.file);
      const lines = code.split(/\r\n|\r|\n|\u2028|\u2029/).length;
      for (const f of result.findings) {
        expect(findingIds).toContain(f.id);
        expect(f.line).toBeGreaterThanOrEqual(1);
        expect(f.line).toBeLessThanOrEqual(lines);
        expect(f.column).toBeGreaterThanOrEqual(1);
        findings++;
      }
      for (const d of result.declarations) expect(d.name).toMatch(/^[A-Za-z_][A-Za-z0-9_]*$/);
    }
    expect(findings).toBeGreaterThan(1000);
  });
});

describe("fuzzing the .secrets.local.cue reader", () => {
  const dir = path.join(REPO_ROOT, "fixtures/cue");
  const seeds = fs.readdirSync(dir).filter((f) => f.endsWith(".cue")).map((f) => fs.readFileSync(path.join(dir, f), "utf8"));

  test("5,000 mutated files: a map of strings or a CueError naming a line, never anything else", () => {
    const next = seededRandom(99);
    let parsed = 0;
    let rejected = 0;
    for (let i = 0; i < 5000; i++) {
      const text = mutate(seeds[i % seeds.length]!, next, '"#\\:,/\n _abcXYZ019{}[]u()`\'');
      try {
        const values = parseLocalSecrets(text);
        for (const value of values.values()) expect(typeof value).toBe("string");
        parsed++;
      } catch (error) {
        expect(error).toBeInstanceOf(CueError);
        const { line } = error as CueError;
        expect(line).toBeGreaterThanOrEqual(1);
        expect(line).toBeLessThanOrEqual(text.split("\n").length);
        rejected++;
      }
    }
    expect(parsed).toBeGreaterThan(200);
    expect(rejected).toBeGreaterThan(200);
  });
});

describe("fuzzing the store", () => {
  const { initApp, storeText } = require("../helpers/keystash-app") as typeof import("../helpers/keystash-app");
  const { parseStore } = require("../../src/store/store-file") as typeof import("../../src/store/store-file");
  const { decryptVersion } = require("../../src/store/values") as typeof import("../../src/store/values");
  const { secretStatus } = require("../../src/store/status") as typeof import("../../src/store/status");
  const { loadConfig } = require("../../src/project/config") as typeof import("../../src/project/config");
  const { loadIdentities } = require("../../src/store/identity") as typeof import("../../src/store/identity");
  const { UserError } = require("../../src/project/errors") as typeof import("../../src/project/errors");

  test("400 randomly damaged stores: the right value or a clear store error, never a wrong value", () => {
    const user = initApp();
    user.ks(["secret", "set", "--type", "development,preview", "Alpha"], "alpha-value");
    user.ks(["secret", "set", "--type", "production,local", "Alpha"], "alpha-prod-value");
    user.ks(["secret", "set", "--dev", "Beta"], "beta-value");
    const original = storeText(user);
    expect(original.match(/ciphertext:/g)).toHaveLength(3);
    const identities = loadIdentities({ KEYSTASH_IDENTITY_FILE: user.identityFile });
    const expected: [string, string, string][] = [["Alpha", "development", "alpha-value"], ["Alpha", "local", "alpha-prod-value"], ["Beta", "preview", "beta-value"]];
    const next = seededRandom(2024);
    let rejected = 0;
    for (let i = 0; i < 400; i++) {
      const damaged = mutate(original, next, "ABCabc019+/=-:\n ");
      for (const [name, type, value] of expected) {
        try {
          const env = { name: type, type: type as never };
          const data = parseStore(damaged);
          const config = loadConfig(user.app);
          const resolution = secretStatus(name, env, { config: () => config, localOverrides: () => new Map(), store: () => data });
          const read = resolution.kind === "set" ? decryptVersion(name, resolution.value, resolution.version, identities, env) : undefined;
          if (read !== undefined) expect(read).toBe(value);
        } catch (error) {
          expect(error).toBeInstanceOf(UserError);
          expect((error as Error).message).toMatch(/^store: /);
          rejected++;
        }
      }
    }
    expect(rejected).toBeGreaterThan(100);
  });
});
