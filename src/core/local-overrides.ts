import { UserError } from "../project/errors";
import { readLocalOverrides } from "../runtime/local-overrides";

/**
 * `.secrets.local.cue` at the app root (empty when there is none).
 * @throws UserError naming the line when the file is invalid.
 */
export function localOverrides(root: string): ReadonlyMap<string, string> {
  try {
    return readLocalOverrides(root);
  } catch (cause) {
    throw new UserError((cause as Error).message, "fix the file, or move it away to use the store's values", { cause });
  }
}
