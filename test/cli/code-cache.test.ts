import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { requireWithCodeCache } from "../../src/project/code-cache";
import { REPO_ROOT, tempDir, writeFiles } from "../helpers/cli";

describe("TypeScript through V8's code cache", () => {
  let dir: string, file: string, cacheDir: string;
  beforeAll(() => {
    dir = tempDir("keystash-code-cache-");
    writeFiles(dir, { "lib.js": "exports.answer = function () { return 6 * 7; };\nexports.file = __filename;\n" });
    file = path.join(dir, "lib.js");
    cacheDir = path.join(dir, "cache");
  });
  const cacheFiles = (folder = cacheDir) => (fs.existsSync(folder) ? fs.readdirSync(folder).filter((f) => f.endsWith(".bin")) : []);

  test("the first load compiles and saves the cache; the next one uses it; both give the module's exports", () => {
    const first = requireWithCodeCache(file, cacheDir);
    expect((first.exports as { answer(): number }).answer()).toBe(42);
    expect(cacheFiles()).toEqual([]);
    first.save();
    expect(cacheFiles()).toHaveLength(1);
    const before = fs.statSync(path.join(cacheDir, cacheFiles()[0]!)).mtimeMs;
    const second = requireWithCodeCache(file, cacheDir);
    expect(second.exports).toMatchObject({ file });
    second.save(); // accepted: nothing to rewrite
    expect(fs.statSync(path.join(cacheDir, cacheFiles()[0]!)).mtimeMs).toBe(before);
  });

  test("damaged cache data is rejected by V8 and rewritten; the module still loads", () => {
    const damagedDir = path.join(dir, "damaged-cache");
    requireWithCodeCache(file, damagedDir).save();
    const cached = path.join(damagedDir, cacheFiles(damagedDir)[0]!);
    fs.writeFileSync(cached, "not V8 code cache data");
    // A new process, as each CLI run is (V8 also keeps compiled scripts in memory within one).
    const script = `const { requireWithCodeCache } = require(${JSON.stringify(path.join(REPO_ROOT, "dist/project/code-cache.js"))});
      const loaded = requireWithCodeCache(${JSON.stringify(file)}, ${JSON.stringify(damagedDir)});
      loaded.save();
      process.stdout.write(String(loaded.exports.answer()));`;
    expect(execFileSync(process.execPath, ["-e", script], { encoding: "utf8" })).toBe("42");
    expect(fs.readFileSync(cached, "utf8")).not.toBe("not V8 code cache data");
  });

  test("without a cache folder it is a plain require", () => {
    expect((requireWithCodeCache(file, undefined).exports as { answer(): number }).answer()).toBe(42);
  });
});
