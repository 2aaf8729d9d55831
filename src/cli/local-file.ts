import * as fs from "node:fs";
import * as path from "node:path";
import { LOCAL_OVERRIDES_FILE } from "../runtime/local-overrides";
import type { Output } from "./output";
import { gitSucceeds } from "../project/git";

/** Warns when git tracks `.secrets.local.cue` (it holds plaintext values and must stay local). */
export function warnIfLocalFileTracked(root: string, output: Output): void {
  // No file, nothing to leak (and no git process to start on every run).
  if (!fs.existsSync(path.join(root, LOCAL_OVERRIDES_FILE))) return;
  if (gitSucceeds(root, ["ls-files", "--error-unmatch", "--", LOCAL_OVERRIDES_FILE])) {
    output.err(
      `${output.errColor.yellow("warning:")} git tracks ${LOCAL_OVERRIDES_FILE}, which holds plaintext values; run \`git rm --cached ${LOCAL_OVERRIDES_FILE}\` and keep it in .gitignore`,
    );
  }
}
