import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import type { FileAnalysis } from "../analyzer/types";
import type { LocalImport } from "./imports";
import { emptyRecord } from "./records";
import { writeFileAtomic } from "./write-file-atomic";

const { version } = require("../../package.json") as { version: string };

let analyzerKey: string | undefined;
/**
 * What the cached results depend on: keystash's version and a hash of the analyzer's own code,
 * so a changed analyzer (a patch, a local build) never serves results of the old one.
 */
function cacheKey(): string {
  if (analyzerKey) return analyzerKey;
  const directory = path.join(__dirname, "../analyzer");
  const parts = fs.readdirSync(directory).sort().filter((name) => /\.[jt]s$/.test(name)).flatMap((name) => [Buffer.from(`${name}\0`), fs.readFileSync(path.join(directory, name))]);
  // One-shot: a Hash object would load node:stream, ~3 ms of every command and build on Node 24.
  return (analyzerKey = `${version}+${crypto.hash("sha256", Buffer.concat(parts), "hex").slice(0, 16)}`);
}

/**
 * One file: `[size, mtimeMs]` when it declares nothing, has no findings and imports no relative
 * path, else `[size, mtimeMs, declarations, findings, imports?]`. Arrays keep a 10,000-file cache small and
 * quick to parse: the warm path reads it on every command.
 */
type CacheEntry =
  | [size: number, mtimeMs: number]
  | [size: number, mtimeMs: number, declarations: FileAnalysis["declarations"], findings: FileAnalysis["findings"]]
  | [size: number, mtimeMs: number, declarations: FileAnalysis["declarations"], findings: FileAnalysis["findings"], imports: LocalImport[]];

/** What the cache keeps of a file: its analysis and the relative imports it makes. */
export interface CachedFile {
  analysis: FileAnalysis;
  imports: LocalImport[];
}

interface CacheFile {
  keystash: string;
  savedAt: number;
  files: Record<string, CacheEntry>;
}

// Same-tick edits: an entry is trusted only if the file was older than this when cached.
const RACY_WINDOW_MS = 2000;

/**
 * Per-file analyses kept in `node_modules/.cache/keystash/analysis.json` (where ESLint and
 * Babel keep theirs), keyed by path, size and mtime. Holds secret names and positions only,
 * never values. Used only when the app has a node_modules folder.
 */
export class AnalysisCache {
  private readonly file: string | undefined;
  private readonly previous: Record<string, CacheEntry>;
  private readonly next = emptyRecord<CacheEntry>();
  private changed = false;

  /** @param name - the cache file: each front end keeps its own, since a save keeps only what that run saw. */
  constructor(root: string, name = "analysis.json") {
    const modules = path.join(root, "node_modules");
    this.file = fs.existsSync(modules) ? path.join(modules, ".cache/keystash", name) : undefined;
    this.previous = this.load();
  }

  private load(): Record<string, CacheEntry> {
    if (!this.file) return emptyRecord();
    try {
      const cache = JSON.parse(fs.readFileSync(this.file, "utf8")) as CacheFile;
      if (cache.keystash !== cacheKey() || typeof cache.files !== "object") return emptyRecord();
      const trusted = emptyRecord<CacheEntry>();
      const before = cache.savedAt - RACY_WINDOW_MS;
      for (const file in cache.files) {
        const entry = cache.files[file]!;
        if (entry[1] < before) trusted[file] = entry;
      }
      return trusted;
    } catch {
      return emptyRecord(); // absent or unreadable: start afresh
    }
  }

  /** The cached analysis and imports when the file's size and mtime still match. */
  get(file: string, stat: fs.Stats): CachedFile | undefined {
    const entry = this.previous[file];
    if (!entry || entry[0] !== stat.size || entry[1] !== stat.mtimeMs) return undefined;
    this.next[file] = entry;
    return { analysis: { file, declarations: entry[2] ?? [], findings: entry[3] ?? [] }, imports: entry[4] ?? [] };
  }

  set(file: string, stat: fs.Stats, { analysis, imports }: CachedFile): void {
    const empty = analysis.declarations.length === 0 && analysis.findings.length === 0;
    this.next[file] =
      imports.length > 0 ? [stat.size, stat.mtimeMs, analysis.declarations, analysis.findings, imports]
      : empty ? [stat.size, stat.mtimeMs]
      : [stat.size, stat.mtimeMs, analysis.declarations, analysis.findings];
    this.changed = true;
  }

  /** Writes the cache when anything was added or dropped; failures are ignored (it is only a cache). */
  save(): void {
    if (!this.file) return;
    if (!this.changed && Object.keys(this.next).length === Object.keys(this.previous).length) return;
    try {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      const cache: CacheFile = { keystash: cacheKey(), savedAt: Date.now(), files: this.next };
      writeFileAtomic(this.file, JSON.stringify(cache));
    } catch {
      // read-only node_modules, full disk...: analysis still worked
    }
  }
}
