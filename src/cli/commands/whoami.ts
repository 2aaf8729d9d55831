import type { Command } from "../../vendor/commander";
import { ROOT_OPTION, examples, JSON_OPTION } from "../help";
import { ENV_TYPES } from "../../project/env-types";
import { identitySource, loadIdentities } from "../../store/identity";
import { appContext } from "../context";
import { currentIo } from "../io";
import { printJson, processOutput } from "../output";

/** `keystash whoami`: your recipient, its name in keystash.yaml, and the env types it may read. */
export function register(program: Command): void {
  program
    .command("whoami")
    .addHelpText("after", examples(["keystash whoami                             # your recipient and what it reads", "keystash whoami --json"]))
    .description("print your identity's recipient (public key), its name in keystash.yaml and the env types it can read")
    .option(...JSON_OPTION)
    .option(...ROOT_OPTION)
    .action((flags) => {
      const output = processOutput();
      const env = currentIo().env;
      const identities = loadIdentities(env);
      const { config } = appContext(flags);
      const me = identities.map((identity) => ({
        recipient: identity.recipient,
        name: Object.hasOwn(config.recipientNames, identity.recipient) ? config.recipientNames[identity.recipient]! : null,
        access: ENV_TYPES.filter((type) => config.access[type].includes(identity.recipient)),
      }));
      if (flags.json) return printJson(output, { source: identitySource(env).kind, identities: me });
      if (me.length === 0) return output.out("No identity: set KEYSTASH_IDENTITY or KEYSTASH_IDENTITY_FILE, or run `keystash init`.");
      for (const entry of me) {
        output.out(`${entry.recipient}${entry.name ? ` (${entry.name})` : ""}`);
        output.out(`  reads: ${entry.access.length ? entry.access.join(", ") : "nothing yet (ask someone to run `keystash access add --type <type> " + entry.recipient + "`)"}`);
      }
    });
}
