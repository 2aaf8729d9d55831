import * as fs from "node:fs";
import * as path from "node:path";
import ignore, { type Ignore } from "../vendor/ignore";
import picomatch from "../vendor/picomatch";
import { SOURCE_EXTENSIONS } from "../analyzer/analyze-source";

/** Never searched, at any depth: installed packages and git's own folder. */
const NEVER_SEARCHED = new Set(["node_modules", ".git"]);
/** Build output by convention: skipped, but counted and named, and an import into them fails a cloud check. */
export const OUTPUT_DIRECTORIES = new Set(["dist", "build"]);

interface GitIgnore {
  /** Directory of the .gitignore, relative to the root ("" for the root). */
  base: string;
  rules: Ignore;
}

function readGitIgnore(root: string, base: string): GitIgnore | undefined {
  let text: string;
  try {
    text = fs.readFileSync(path.join(root, base, ".gitignore"), "utf8");
  } catch {
    return undefined;
  }
  return { base, rules: ignore().add(text) };
}

function isIgnored(stack: readonly GitIgnore[], relative: string, isDirectory: boolean): boolean {
  for (const { base, rules } of stack) {
    const inner = base ? relative.slice(base.length + 1) : relative;
    if (rules.ignores(isDirectory ? `${inner}/` : inner)) return true;
  }
  return false;
}

const isDeclarationFile = (name: string): boolean => /\.d\.[cm]?ts$/.test(name);
/** A file the analyzer reads: a JavaScript or TypeScript source, not a declaration file. */
export const isSourceFile = (name: string): boolean => SOURCE_EXTENSIONS.some((extension) => name.endsWith(extension)) && !isDeclarationFile(name);

/**
 * A folder a build wrote: it holds the manifest keystash's bundler plugin or transformer puts
 * beside a build's output, and no app of its own (no keystash.yaml or package.json), whatever
 * the bundler's outDir is called (`out-vite`, `.output`, …).
 */
function isBuildOutput(dir: string): boolean {
  return fs.existsSync(path.join(dir, "keystash.manifest.json")) && !fs.existsSync(path.join(dir, "keystash.yaml")) && !fs.existsSync(path.join(dir, "package.json"));
}

/** What the walk passed over, so nothing is skipped silently. */
export interface SkippedSources {
  /** Source files a .gitignore excludes. */
  ignored: number;
  /** Output directories passed over (`dist`, `build`), app-relative. */
  outputDirectories: string[];
  /** Symbolic links whose target does not exist or cannot be read, app-relative. */
  brokenLinks: string[];
}

/** The app's source files and what was left out. */
export interface SourceSet {
  /** App-relative paths with `/` separators, sorted; a file reached through a link is listed by the link's path. */
  files: string[];
  skipped: SkippedSources;
}

/**
 * Lists every source file the app can load: files matching `include` with a source
 * extension, dot-directories included, through symbolic links (to files or folders, inside the
 * root or not; each real folder is walked once, so a link cycle ends). Passed over: node_modules,
 * .git, declaration files, what the .gitignore files exclude, and output folders (`dist`,
 * `build`, and any folder a build left its manifest in); all but the first two are counted in `skipped`.
 */
export function listSources(root: string, include: readonly string[]): SourceSet {
  const matches = picomatch([...include], { dot: true });
  const files: string[] = [];
  const skipped: SkippedSources = { ignored: 0, outputDirectories: [], brokenLinks: [] };
  const walked = new Set<string>();
  const walk = (relativeDir: string, stack: readonly GitIgnore[]): void => {
    let real: string;
    try {
      real = fs.realpathSync(path.join(root, relativeDir));
    } catch {
      return;
    }
    if (walked.has(real)) return; // a link back into a folder already walked
    walked.add(real);
    const own = readGitIgnore(root, relativeDir);
    const rules = own ? [...stack, own] : stack;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(path.join(root, relativeDir), { withFileTypes: true });
    } catch {
      return; // unreadable directory: nothing we can analyse there
    }
    for (const entry of entries) {
      const relative = relativeDir ? `${relativeDir}/${entry.name}` : entry.name;
      let kind: "directory" | "file" | "other" = entry.isDirectory() ? "directory" : entry.isFile() ? "file" : "other";
      if (entry.isSymbolicLink()) {
        try {
          const target = fs.statSync(path.join(root, relative));
          kind = target.isDirectory() ? "directory" : target.isFile() ? "file" : "other";
        } catch {
          if (isSourceFile(entry.name) || !path.extname(entry.name)) skipped.brokenLinks.push(relative);
          continue;
        }
      }
      if (kind === "directory") {
        if (NEVER_SEARCHED.has(entry.name) || isIgnored(rules, relative, true)) continue;
        if (OUTPUT_DIRECTORIES.has(entry.name) || isBuildOutput(path.join(root, relative))) skipped.outputDirectories.push(relative);
        else walk(relative, rules);
      } else if (kind === "file" && isSourceFile(entry.name) && matches(relative)) {
        if (isIgnored(rules, relative, false)) skipped.ignored++;
        else files.push(relative);
      }
    }
  };
  walk("", []);
  skipped.outputDirectories.sort();
  skipped.brokenLinks.sort();
  return { files: files.sort(), skipped };
}

/** The app's source files (see listSources). */
export function discoverSources(root: string, include: readonly string[]): string[] {
  return listSources(root, include).files;
}
