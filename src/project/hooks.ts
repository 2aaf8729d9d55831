import * as fs from "node:fs";
import * as path from "node:path";
import { appFromTop, gitText, shellWord } from "./git";

/** The line a hook runs: block the commit when the staged changes hold a credential. */
const SCAN = "npx --no-install keystash scan --staged";

/**
 * git's own pre-commit hook: keystash found through the project (its node_modules/.bin, else
 * npx without installing), from the app's folder relative to the repository. Nothing absolute,
 * so it keeps working when the repository moves or Node changes (nvm, Volta, CI images).
 */
function gitHook(app: string): string {
  return [
    "#!/bin/sh",
    "# keystash: refuse commits that add hard-coded credentials (keystash scan --staged)",
    `cd "$(git rev-parse --show-toplevel)"${app === "" ? "" : `/${shellWord(app)}`} || exit 1`,
    "if [ -x node_modules/.bin/keystash ]; then node_modules/.bin/keystash scan --staged || exit 1",
    `else ${SCAN} || exit 1`,
    "fi",
    "",
  ].join("\n");
}

/** Where the hook went, or what the user should add by hand. */
/** Installed (in that file); a line the user adds by hand (`manual`); or no repository yet (`notARepository`: the line). */
export type HookResult = { installed: string } | { manual: string } | { notARepository: string };

/**
 * Installs the pre-commit hook that runs `keystash scan --staged`: into husky's
 * `.husky/pre-commit` when the repository uses husky (committed, so the team shares it),
 * else into git's own hooks folder. An existing hook that is not keystash's is never
 * overwritten: the line to add is returned instead (lefthook users add it to lefthook.yml).
 */
export function installPreCommitHook(root: string): HookResult {
  if (fs.existsSync(path.join(root, ".husky"))) {
    const hook = path.join(root, ".husky/pre-commit");
    const existing = fs.existsSync(hook) ? fs.readFileSync(hook, "utf8") : "";
    if (!existing.includes("keystash scan --staged")) fs.writeFileSync(hook, `${existing}${existing && !existing.endsWith("\n") ? "\n" : ""}${SCAN}\n`, { mode: 0o755 });
    return { installed: ".husky/pre-commit" };
  }
  const portableLine = SCAN;
  if (["lefthook.yml", "lefthook.yaml", ".lefthook.yml"].some((file) => fs.existsSync(path.join(root, file)))) {
    return { manual: `add to lefthook.yml:  pre-commit: { commands: { keystash: { run: ${portableLine} } } }` };
  }
  const hooks = gitText(root, ["rev-parse", "--git-path", "hooks"]);
  if (hooks === undefined) return { notARepository: portableLine };
  const hook = path.resolve(root, hooks.trim(), "pre-commit");
  if (fs.existsSync(hook) && !fs.readFileSync(hook, "utf8").includes("keystash scan --staged")) {
    return { manual: `${path.relative(root, hook)} exists: add this line to it: ${portableLine}` };
  }
  fs.mkdirSync(path.dirname(hook), { recursive: true });
  const top = gitText(root, ["rev-parse", "--show-toplevel"])?.trim() ?? root;
  fs.writeFileSync(hook, gitHook(appFromTop(root, top)), { mode: 0o755 });
  return { installed: path.relative(root, hook) };
}
