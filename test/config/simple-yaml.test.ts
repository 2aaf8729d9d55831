import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseDocument } from "yaml";
import { parseConfig } from "../../src/project/config";
import { withAccess, writeInitialConfig } from "../../src/project/config-write";
import { readSimpleYaml } from "../../src/project/simple-yaml";
import { generateIdentity } from "../../src/store/age-encrypt";
import { mutate, seededRandom } from "../helpers/random";

// The fast config reader must give exactly what the library it stands in for gives (the \`yaml\`
// package, as project/config.ts calls it), or nothing.
function reference(text: string): unknown {
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true, schema: "core" });
  if (doc.errors.length > 0) throw doc.errors[0]!;
  return doc.toJS();
}

/** keystash.yaml as `keystash init` and `keystash access add` write it. */
function writtenConfig(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "keystash-simple-yaml-"));
  try {
    writeInitialConfig(dir);
    let text = fs.readFileSync(path.join(dir, "keystash.yaml"), "utf8");
    text = withAccess(text, "production", [generateIdentity().recipient], {});
    return withAccess(text, "development", [generateIdentity().recipient, generateIdentity().recipient], {});
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const written = writtenConfig();

const HAND_EDITED = [
  written,
  `app: shop\ninclude: ["src/**/*.ts", 'lib/**/*.{ts,tsx}']\nservices:\n  api: services/api   # the API\n  web: "apps/web"\nenvironments: {}\naccess:\n  production:\n    - age1abc\n    - age1def\n  local: []\nscan:\n  ignore: [ks_0123abcd, ks_4567]\n`,
  `# only a comment\napp: 'it'\nenvironments:\n    prod:   production\n    pr-*: preview\n\n\naccess:\n`,
  `app:\nenvironments:   # none yet\n`,
];

describe("the config reader for the plain subset of YAML", () => {
  test.each(HAND_EDITED.map((text, i) => [i, text]))("config %i is read without the yaml library, as the yaml library reads it", (_, text) => {
    const fast = readSimpleYaml(text);
    expect(fast).toBeDefined();
    expect(fast).toEqual(reference(text));
  });

  test.each([
    ["an anchor and alias", "a: &x b\nc: *x\n"],
    ["a tag", "app: !!str x\n"],
    ["a number", "app: 123\n"],
    ["a boolean", "app: true\n"],
    ["null spelled out", "app: null\n"],
    ["a tab", "app:\tx\n"],
    ["CRLF line ends", "app: x\r\n"],
    ["a BOM", "\uFEFFapp: x\n"],
    ["a duplicate key", "app: x\napp: y\n"],
    ["the same key quoted and plain", "app: x\n'app': y\n"],
    ["a sequence at the key's indent", "access:\n- age1abc\n"],
    ["a multi-line flow sequence", "include: [a,\n  b]\n"],
    ["an escaped string", 'app: "a\\tb"\n'],
    ["a doubled single quote", "app: 'it''s'\n"],
    ["a block scalar", "app: |\n  x\n"],
    ["a plain scalar with a space", "app: my app\n"],
    ["a document marker", "---\napp: x\n"],
    ["a top-level sequence", "- a\n"],
    ["a mapping inside a sequence", "include:\n  - a: b\n"],
    ["__proto__", "__proto__: x\n"],
    ["a no-break space", "app: x\u00A0\n"],
    ["a trailing comma", "include: [a, ]\n"],
    ["a merge key", "<<: {a: b}\n"],
  ])("leaves %s to the yaml library", (_, text) => {
    expect(readSimpleYaml(text)).toBeUndefined();
  });

  test("parseConfig reads the same config through either path", () => {
    // The subset path, and the same file made unreadable to it by a CRLF line end.
    const crlf = written.replace("\n", "\r\n");
    expect(readSimpleYaml(written)).toBeDefined();
    expect(readSimpleYaml(crlf)).toBeUndefined();
    expect(parseConfig(written)).toEqual(parseConfig(crlf));
  });

  test("20,000 mutated configs: whatever it reads, the yaml library reads the same way", () => {
    const next = seededRandom(20261129);
    const alphabet = ":-#'\"[]{},&*!|>%@` \n\t\r\\abcxyz019_.~\u00A0";
    let read = 0;
    for (let i = 0; i < 20_000; i++) {
      const text = mutate(HAND_EDITED[i % HAND_EDITED.length]!, next, alphabet);
      const fast = readSimpleYaml(text);
      if (fast === undefined) continue;
      read++;
      let expected: unknown;
      try {
        expected = reference(text);
      } catch (error) {
        throw new Error(`the yaml library rejects a text the reader accepted: ${JSON.stringify(text)} (${(error as Error).message})`);
      }
      if (!isEqual(fast, expected)) throw new Error(`readers disagree on ${JSON.stringify(text)}: ${JSON.stringify(fast)} vs ${JSON.stringify(expected)}`);
    }
    // The mutations must exercise the fast path, not only the fallback.
    expect(read).toBeGreaterThan(2_000);
  });
});

function isEqual(a: unknown, b: unknown): boolean {
  try {
    expect(a).toEqual(b);
    return true;
  } catch {
    return false;
  }
}
