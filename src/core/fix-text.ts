import type { Fix } from "../project/fix";
import { STORE_FILE } from "../project/file-names";

/**
 * A fix (project/fix.ts) as the CLI and the runtime's start-up errors word it: the keystash
 * commands to paste, and who runs them. The only place below the front ends' own files that
 * spells a command; the dashboard words fixes as its own actions.
 */
export function fixText(fix: Fix): string {
  switch (fix.kind) {
    case "set":
      return `keystash secret set --type ${fix.type} ${fix.name}`;
    case "setAgain":
      return `set it again for ${fix.env} as it is now: keystash secret unset --env ${fix.env} ${fix.name}, then keystash secret set --env ${fix.env} ${fix.name}`;
    case "syncAccess":
      return fix.by === "valueReader" ? "someone who can read it runs `keystash access sync`" : `ask someone who can read ${fix.type} to run \`keystash access sync\``;
    case "grantAccess":
      return `ask someone who can read ${fix.type} to run: keystash access add --type ${fix.type} ${fix.recipient ?? "<your recipient (keystash init)>"}`;
    case "firstReader":
      return `to read it yourself: keystash access add --type ${fix.type ?? "<type>"} --me (a teammate's key instead of --me lets them read it)`;
    case "removeOverlap":
      return `set that value with exactly ${fix.existing}, or first remove the overlap: keystash secret unset ${fix.shared} ${fix.name}`;
    case "provideIdentity":
      return "set KEYSTASH_IDENTITY or KEYSTASH_IDENTITY_FILE, or run `keystash init` and ask for access";
    case "restoreStore":
      return fix.review ? `restore ${STORE_FILE} from git and review who changed it (\`git log -p -- ${STORE_FILE}\`)` : `restore ${STORE_FILE} from git`;
    case "repairStore":
      return `see what changed with \`git diff -- ${STORE_FILE}\` and fix it by hand, or restore the last good version from git`;
    case "confirmGains":
      return "review who gains access above, then run again with --yes";
    case "removeConflictMarkers":
      return "keep every secret and version from both sides and delete only the marker lines (never check out one side: that drops the other branch's values), then run `keystash secret list`";
    case "listSecrets":
      return fix.name === undefined ? "see `keystash secret list`" : `see \`keystash secret list ${fix.name}\``;
    case "showHistory":
      return `see \`keystash secret history ${fix.name}\``;
    case "buildManifest":
      return fix.rebuild ? "rebuild it with `keystash manifest`" : "build the app first, or run `keystash manifest`";
    case "setUp":
      return "run `keystash init` (it lists your key as a reader of development, preview and local)";
  }
}

/** The fix as the runtime's start-up error ends a line: a command the user runs is introduced as one. */
export function fixSentence(fix: Fix): string {
  return fix.kind === "set" ? `set it with: ${fixText(fix)}` : fixText(fix);
}

/** The hint line of a known failure: its free-text hint, else its fix in the CLI's words (the CLI and the dashboard's JSON). */
export function hintText(problem: { hint?: string; fix?: Fix }): string | undefined {
  return problem.hint ?? (problem.fix ? fixText(problem.fix) : undefined);
}
