import * as fs from "node:fs";
import * as path from "node:path";
import ignore, { type Ignore } from "ignore";
import picomatch from "picomatch";
import { SOURCE_EXTENSIONS } from "../analyzer/analyze-source";

/** Directories never searched for sources, at any depth. */
export const SKIPPED_DIRECTORIES = new Set(["node_modules", "dist", "build", ".git"]);

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

/**
 * Lists the app's source files, relative to `root` with `/` separators, sorted:
 * files matching `include` with a source extension, skipping node_modules, dist, build,
 * .git, declaration files, symbolic links and whatever the .gitignore files exclude.
 */
export function discoverSources(root: string, include: readonly string[]): string[] {
  const matches = picomatch([...include], { dot: false });
  const files: string[] = [];
  const walk = (relativeDir: string, stack: readonly GitIgnore[]): void => {
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
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRECTORIES.has(entry.name) && !isIgnored(rules, relative, true)) walk(relative, rules);
      } else if (
        entry.isFile() &&
        SOURCE_EXTENSIONS.some((extension) => entry.name.endsWith(extension)) &&
        !isDeclarationFile(entry.name) &&
        matches(relative) &&
        !isIgnored(rules, relative, false)
      ) {
        files.push(relative);
      }
    }
  };
  walk("", []);
  return files.sort();
}
