import { UserError } from "../project/errors";
import type { X25519Identity } from "../store/age-decrypt";
import { identitySource, loadIdentities } from "../store/identity";
import { currentIo } from "./io";

/**
 * The identities a reading command needs.
 * @throws UserError saying where keystash looked when there is none.
 */
export function requireIdentities(): X25519Identity[] {
  const { env } = currentIo();
  const identities = loadIdentities(env);
  if (identities.length === 0) {
    throw new UserError(
      `identity: none found (looked at ${identitySource(env).label}; also KEYSTASH_IDENTITY and KEYSTASH_IDENTITY_FILE)`,
      "run `keystash init` to create one, then ask a team member to grant it access",
    );
  }
  return identities;
}
