import * as fs from "node:fs";
import * as path from "node:path";
import { appFromTop, gitSucceeds, gitText, shellWord } from "./git";

/** The store's path (relative to the app root) and the git attribute that names keystash's merge driver. */
const STORE_PATH = ".keystash/store.yaml";
export const MERGE_ATTRIBUTE = `${STORE_PATH} merge=keystash`;

/**
 * The command git runs (through sh, from the top of the work tree) to merge the store: the app's
 * own `node_modules/.bin/keystash`, found relative to the repository, so the driver still works
 * after the repository moves or Node changes (nvm, Volta, a CI image); before `npm install`, this
 * keystash with the node that runs it now.
 */
export function mergeDriverCommand(root: string, top: string): string {
  const bin = path.resolve(__dirname, "../../bin/keystash.js");
  const absolute = `"${process.execPath}" "${bin}" merge-driver %O %A %B %P`;
  const app = appFromTop(root, top);
  const local = shellWord(`${app ? `${app}/` : ""}node_modules/.bin/keystash`);
  return `if [ -x ${local} ]; then ${local} merge-driver %O %A %B %P; else ${absolute}; fi`;
}

/** Adds the attribute to the app's .gitattributes unless it is there. @returns whether it wrote. */
export function ensureMergeAttribute(root: string): boolean {
  const file = path.join(root, ".gitattributes");
  const existing = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
  if (existing.split(/\r?\n/).some((line) => line.trim() === MERGE_ATTRIBUTE)) return false;
  fs.writeFileSync(file, `${existing}${existing === "" || existing.endsWith("\n") ? "" : "\n"}${MERGE_ATTRIBUTE}\n`);
  return true;
}

/** The repository's config file and work-tree top for `root`, or undefined outside git. */
function gitRepository(root: string): { config: string; top: string } | undefined {
  for (let dir = root; ; dir = path.dirname(dir)) {
    const dotGit = path.join(dir, ".git");
    const stat = fs.statSync(dotGit, { throwIfNoEntry: false });
    if (stat?.isDirectory()) return { config: path.join(dotGit, "config"), top: dir };
    if (stat?.isFile()) {
      // a worktree or submodule: ask git where the shared config lives
      const common = gitText(root, ["rev-parse", "--git-common-dir"]);
      return common === undefined ? undefined : { config: path.resolve(root, common.trim(), "config"), top: dir };
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}

/**
 * Makes sure the repository's own git config defines the `keystash` merge driver that
 * .gitattributes names (as `git lfs install` does): a fresh clone gets it from the first
 * keystash command run in it. Cheap when it is there: one small file read, no process.
 * @returns what it did: `configured`, `present`, or `none` (not a git repository, or the
 *   attribute is not used and `force` is false).
 */
export function ensureMergeDriver(root: string, force = false): "configured" | "present" | "none" {
  if (!force) {
    const attributes = path.join(root, ".gitattributes");
    if (!fs.existsSync(attributes) || !fs.readFileSync(attributes, "utf8").includes("merge=keystash")) return "none";
  }
  const repository = gitRepository(root);
  if (!repository) return "none";
  const { config } = repository;
  const command = mergeDriverCommand(root, repository.top);
  const text = fs.existsSync(config) ? fs.readFileSync(config, "utf8") : "";
  if (text.includes('[merge "keystash"]') && text.includes(command.replace(/["\\]/g, (c) => `\\${c}`))) return "present";
  const set = (key: string, value: string) => gitSucceeds(root, ["config", "--local", key, value]);
  return set("merge.keystash.name", "keystash store (per value and version)") && set("merge.keystash.driver", command) ? "configured" : "none";
}
