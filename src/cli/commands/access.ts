import type { Command } from "commander";
import { RECIPIENT_PATTERN } from "../../project/config";
import { withAccess, writeConfigText } from "../../project/config-write";
import { ENV_TYPES, parseEnvType, type EnvType } from "../../project/env-types";
import { UserError } from "../../project/errors";
import { recipientKey } from "../../store/age-decrypt";
import { reencryptType, readableBy } from "../../store/store";
import { readStore } from "../../store/store-file";
import { appContext } from "../context";
import { loadIdentities } from "../../store/identity";
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
        const { root, config } = appContext(flags);
        const current = config.access[type];
        if (action === "add" && current.includes(recipient)) return output.out(`${recipient} can already read ${type}.`);
        if (action === "remove" && !current.includes(recipient)) {
          throw new UserError(`access remove: ${recipient} is not a recipient of ${type}`, `see access.${type} in keystash.yaml`);
        }
        const couldRead = action === "remove" ? readableBy(readStore(root), config, type, recipient) : [];
        const next = withAccess(root, type, action === "add" ? [...current, recipient] : current.filter((r) => r !== recipient));
        const reencrypted = await reencryptType(root, next.config, type, loadIdentities());
        writeConfigText(root, next.text);
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
