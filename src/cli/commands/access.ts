import type { Command } from "commander";
import { RECIPIENT_PATTERN } from "../../project/config";
import { ENV_TYPES, parseEnvType, type EnvType } from "../../project/env-types";
import { UserError } from "../../project/errors";
import { recipientKey } from "../../store/age-decrypt";
import { changeAccess } from "../../store/store";
import { appContext } from "../context";
import { loadIdentities } from "../../store/identity";
import { currentIo } from "../io";
import { processOutput } from "../output";

function parseType(word: string): EnvType {
  const type = parseEnvType(word);
  if (!type) throw new UserError(`--type: '${word}' is not an env type`, `use one of ${ENV_TYPES.join(", ")} (or prod, dev, pr)`);
  return type;
}

function checkRecipient(recipient: string): string {
  if (!RECIPIENT_PATTERN.test(recipient) || !recipientKey(recipient)) {
    throw new UserError(`'${recipient.slice(0, 16)}…' is not an age X25519 recipient`, "pass a public key like age1... (see `age-keygen -y`, or `keystash init` output)");
  }
  return recipient;
}

/** `keystash access add|remove --type T RECIPIENT`. */
export function registerAccess(program: Command): void {
  const access = program.command("access").description("change who can read an env type's values (re-encrypts them)");
  for (const action of ["add", "remove"] as const) {
    access
      .command(action)
      .description(action === "add" ? "let a recipient read an env type (needs an identity that can read it)" : "stop a recipient reading an env type from now on")
      .argument("<recipient>", "age public key (age1...)")
      .requiredOption("--type <type>", "env type: production, development, preview, local (or prod, dev, pr)")
      .option("--root <dir>", "app root")
      .action(async (recipientArg: string, flags: { type: string; root?: string }) => {
        const output = processOutput();
        const type = parseType(flags.type);
        const recipient = checkRecipient(recipientArg);
        const { root } = appContext(flags);
        const { changed, reencrypted, couldRead } = await changeAccess(root, action, type, recipient, loadIdentities(currentIo().env));
        if (!changed) return output.out(`${recipient} can already read ${type}.`);
        const count = `${reencrypted.length} secret${reencrypted.length === 1 ? "" : "s"} re-encrypted`;
        if (action === "add") return output.out(`Granted ${recipient} ${type} access; ${count}.`);
        output.out(`Removed ${recipient} from ${type}; ${count}.`);
        if (couldRead.length) {
          output.out(`It could read: ${couldRead.join(", ")}.`);
          output.out("Rotate these secrets (issue new values at their source and `keystash secret set` them): the removed key still decrypts old copies in git history.");
        }
      });
  }
}
