import * as crypto from "node:crypto";
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import * as vm from "node:vm";
import { writeFileAtomic } from "./write-file-atomic";

/**
 * Loads a large CommonJS file (typescript.js: ~9 MB) through V8's code cache, kept in
 * `node_modules/.cache/keystash` beside the analysis cache: Node 20 has no built-in compile
 * cache, and compiling TypeScript is most of a cold `keystash manifest`. The cache is keyed by
 * the file's path, size and mtime and the Node version; V8 itself rejects data that does not
 * match. Any failure falls back to a plain `require`. Holds compiled code only, never data.
 *
 * @returns the module's exports, and `save()` to call once the work is done (so the cache also
 *   holds the functions the work compiled).
 */
export function requireWithCodeCache(file: string, cacheDir: string | undefined): { exports: unknown; save: () => void } {
  const plain = () => ({ exports: createRequire(file)(file) as unknown, save: () => undefined });
  if (!cacheDir) return plain();
  try {
    const stat = fs.statSync(file);
    const key = crypto.hash("sha256", `${file}\n${stat.size}\n${stat.mtimeMs}\n${process.version}\n${process.arch}`, "hex").slice(0, 16);
    const cacheFile = path.join(cacheDir, `v8-${path.basename(file)}-${key}.bin`);
    const cachedData = fs.existsSync(cacheFile) ? fs.readFileSync(cacheFile) : undefined;
    const wrapper = `(function (exports, require, module, __filename, __dirname) {${fs.readFileSync(file, "utf8")}\n})`;
    const script = new vm.Script(wrapper, { filename: file, cachedData });
    const module = { exports: {} as unknown, filename: file, id: file, loaded: false };
    (script.runInThisContext() as (...args: unknown[]) => void).call(module.exports, module.exports, createRequire(file), module, file, path.dirname(file));
    module.loaded = true;
    const fresh = cachedData === undefined || script.cachedDataRejected === true;
    return {
      exports: module.exports,
      save: () => {
        if (!fresh) return;
        try {
          fs.mkdirSync(cacheDir, { recursive: true });
          writeFileAtomic(cacheFile, script.createCachedData() as unknown as string);
        } catch {
          // read-only node_modules, full disk: only a cache
        }
      },
    };
  } catch {
    return plain();
  }
}
