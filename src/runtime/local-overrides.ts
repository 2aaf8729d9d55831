import * as fs from "node:fs";
import * as path from "node:path";
import { CueError, parseLocalSecrets } from "./cue";

/** The local overrides file's name at the app root. */
export const LOCAL_OVERRIDES_FILE = ".secrets.local.cue";

/**
 * Reads `.secrets.local.cue` at the app root; empty when there is none.
 * @throws Error naming the file and line when it is invalid.
 */
export function readLocalOverrides(root: string): Map<string, string> {
  let text: string;
  try {
    text = fs.readFileSync(path.join(root, LOCAL_OVERRIDES_FILE), "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return new Map();
    throw error;
  }
  try {
    return parseLocalSecrets(text);
  } catch (error) {
    if (error instanceof CueError) throw new Error(`${LOCAL_OVERRIDES_FILE}:${error.line}: ${error.message.replace(/^line \d+: /, "")}`, { cause: error });
    throw error;
  }
}
