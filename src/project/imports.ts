import * as fs from "node:fs";
import * as path from "node:path";
import { isSourceFile } from "./sources";

/** A relative path a file loads (`./config`, `../lib/db.js`), and the line it is on. */
export type LocalImport = [specifier: string, line: number];

// `from "./x"`, `import "./x"`, `import("./x")`, `require("./x")`, `export * from "./x"`:
// every literal relative specifier after a word that loads. Read from the text without parsing,
// for every file (most never mention keystash and are never parsed); a match inside a comment
// only makes the check stricter.
const LOADS = /\b(?:from|import|require)\s*\(?\s*(["'])(\.\.?\/[^"'\n\r]*|\.\.?)\1/g;

/** The relative specifiers a source file loads, in order. */
export function localImports(text: string): LocalImport[] {
  const found: LocalImport[] = [];
  let line = 1;
  let counted = 0;
  for (const match of text.matchAll(LOADS)) {
    for (let i = text.indexOf("\n", counted); i !== -1 && i < match.index; i = text.indexOf("\n", i + 1)) line++;
    counted = match.index;
    found.push([match[2]!, line]);
  }
  return found;
}

// How TypeScript and Node map a specifier to a file: as written, with each extension, a
// `.js` written for a `.ts` file, or the folder's index.
const EXTENSIONS = [".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs"];
const WRITTEN_FOR = { ".js": [".ts", ".tsx"], ".mjs": [".mts"], ".cjs": [".cts"], ".jsx": [".tsx"] } as Record<string, string[]>;

function candidates(target: string): string[] {
  const extension = path.extname(target);
  const stem = target.slice(0, target.length - extension.length);
  return [
    target,
    ...(WRITTEN_FOR[extension] ?? []).map((ts) => stem + ts),
    ...EXTENSIONS.map((e) => target + e),
    ...EXTENSIONS.map((e) => path.join(target, `index${e}`)),
  ];
}

const isFile = (file: string): boolean => {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
};

/** A relative import that leads to a source file the analysis did not read. */
export interface UnanalysedImport {
  file: string;
  line: number;
  specifier: string;
  /** The file it leads to, app-relative (or absolute outside the app). */
  target: string;
}

/**
 * The imports among `imports` (by file) that lead to an existing source file outside
 * `analysed`: a file the app loads but the check never saw (git-ignored, in an output folder,
 * outside `include` or the app root). An import that leads nowhere is the compiler's to report.
 */
export function unanalysedImports(root: string, analysed: ReadonlySet<string>, imports: ReadonlyMap<string, readonly LocalImport[]>): UnanalysedImport[] {
  const found: UnanalysedImport[] = [];
  const relative = (full: string) => path.relative(root, full).split(path.sep).join("/");
  // A file reached through a link is analysed under the link's path; compare real paths too.
  let analysedReal: Set<string> | undefined;
  const realOf = (file: string) => {
    try {
      return fs.realpathSync(file);
    } catch {
      return file;
    }
  };
  for (const [file, list] of imports) {
    for (const [specifier, line] of list) {
      const options = candidates(path.resolve(root, path.dirname(file), specifier));
      if (options.some((full) => analysed.has(relative(full)))) continue;
      const target = options.find((full) => isSourceFile(full) && isFile(full));
      if (target === undefined) continue;
      analysedReal ??= new Set([...analysed].map((f) => realOf(path.join(root, f))));
      if (analysedReal.has(realOf(target))) continue;
      const shown = relative(target);
      found.push({ file, line, specifier, target: shown.startsWith("../") ? target : shown });
    }
  }
  return found;
}
