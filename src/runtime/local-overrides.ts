import * as fs from "node:fs";
import * as path from "node:path";
import { decodeUtf8 } from "../project/utf8";
import { CueError, parseLocalSecrets } from "./cue";

/** The local overrides file's name at the app root. */
export const LOCAL_OVERRIDES_FILE = ".secrets.local.cue";

/**
 * Reads `.secrets.local.cue` at the app root; empty when there is none.
 * @throws Error naming the file and line when it is invalid.
 */
export function readLocalOverrides(root: string): Map<string, string> {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(path.join(root, LOCAL_OVERRIDES_FILE));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return new Map();
    throw error;
  }
  const decoded = decodeUtf8(bytes);
  if (!decoded.ok) throw new Error(`${LOCAL_OVERRIDES_FILE}:${decoded.line}: not valid UTF-8 (a value would silently change); re-save the file as UTF-8`);
  const text = decoded.text;
  try {
    return parseLocalSecrets(text);
  } catch (error) {
    if (error instanceof CueError) throw new Error(`${LOCAL_OVERRIDES_FILE}:${error.line}: ${error.message.replace(/^line \d+: /, "")}`, { cause: error });
    throw error;
  }
}
