import type { Command } from "../../vendor/commander";
import { ROOT_OPTION, examples } from "../help";
import { ensureGitignore, withAccess, writeInitialConfig } from "../../project/config-write";
import { installPreCommitHook } from "../../project/hooks";
import { ensureMergeAttribute, ensureMergeDriver } from "../../project/merge-setup";
import { updateStore } from "../../store/transaction";
import { pendingRecipients, typesOfValue } from "../../store/values";
import { findAppRoot } from "../../project/root";
import { identitySource, ensureIdentityFile, loadIdentities } from "../../store/identity";
import { currentIo } from "../io";
import { processOutput } from "../output";

/** Access granted to the new identity by `keystash init` (never production). */
const INIT_TYPES = ["development", "preview", "local"] as const;

/** `keystash init`: config, identity, access for dev/preview/local, .gitignore. */
export function register(program: Command): void {
  program
    .command("init")
    .addHelpText("after", examples(["keystash init                               # keystash.yaml, your identity, dev/preview/local access", "keystash init --hooks                       # also a pre-commit hook that runs keystash scan --staged"]))
    .description("write keystash.yaml, create your identity, grant it development/preview/local, git-ignore .secrets.local.cue")
    .option("--hooks", "also install a pre-commit hook that runs `keystash scan --staged` (husky, lefthook or plain git)")
    .option(...ROOT_OPTION)
    .action(async (flags) => {
      const output = processOutput();
      const io = currentIo();
      const root = findAppRoot(io.cwd, flags.root);
      if (writeInitialConfig(root)) output.out("Created keystash.yaml.");

      const source = identitySource(io.env);
      let recipient: string;
      if (source.kind === "env") {
        recipient = loadIdentities(io.env)[0]!.recipient;
        output.out("Using the identity in KEYSTASH_IDENTITY.");
      } else {
        const identity = await ensureIdentityFile(source.label);
        recipient = identity.recipient;
        output.out(identity.created ? `Created your identity at ${source.label} (mode 0600; keep it private).` : `Using your identity at ${source.label}.`);
      }
      output.out(`Your recipient (public key): ${recipient}`);

      // Under the store's lock, like every other change to access.
      const { granted, waiting, productionReaders } = await updateStore(root, (tx) => {
        const added = INIT_TYPES.filter((type) => !tx.config.access[type].includes(recipient));
        for (const type of added) tx.writeConfig(withAccess(tx.configText, type, [...tx.config.access[type], recipient], tx.config.recipientNames));
        // The team's existing values of those types are not encrypted to a new member yet.
        const pending = INIT_TYPES.filter((type) =>
          Object.values(tx.data.secrets).some((values) => values.some((v) => typesOfValue(tx.config, v).includes(type) && pendingRecipients(tx.config, v).includes(recipient))),
        );
        return { granted: added, waiting: pending, productionReaders: tx.config.access.production.length };
      });
      if (granted.length) output.out(`Listed it for ${granted.join(", ")} in keystash.yaml.`);

      const ignored = ensureGitignore(root, [".secrets.local.cue", ".keystash/*.lock"]);
      if (ignored.length) output.out(`Added ${ignored.join(", ")} to .gitignore.`);
      // Branches that add or change different secrets merge without conflicts.
      if (ensureMergeAttribute(root)) output.out("Added the store's merge driver to .gitattributes.");
      const driver = ensureMergeDriver(root, true);
      if (driver === "configured") output.out("Registered keystash's merge driver in this repository's git config.");
      else if (driver === "none") output.out("Not a git repository yet: after `git init`, run `keystash init` again (or any command that writes the store) to register the store's merge driver.");
      if (flags.hooks) {
        const hook = installPreCommitHook(root);
        if ("installed" in hook) output.out(`Installed the pre-commit hook (keystash scan --staged) in ${hook.installed}.`);
        else if ("manual" in hook) output.out(`Pre-commit hook: ${hook.manual}`);
        else output.out(`Pre-commit hook: not a git repository: after git init, run keystash init --hooks (or add \`${hook.notARepository}\` to your pre-commit hook)`);
      }
      if (waiting.length > 0) {
        output.out(`Next: commit keystash.yaml and ask someone who can read ${waiting.join(", ")} to merge it and run \`keystash access sync\`; until then you cannot read those values.`);
      } else {
        // The commands to paste next; production access for yourself only while nobody holds it (else a reader grants it).
        const next = [
          ["keystash secret set --dev NAME", "a value for development, preview and local"],
          ...(productionReaders === 0 ? [["keystash access add --type production --me", "read production with your own key (the first developer)"]] : []),
          ["git add keystash.yaml .keystash .gitignore .gitattributes", "then commit: the values are encrypted"],
        ];
        const width = Math.max(...next.map(([command]) => command!.length));
        output.out(`Next:\n${next.map(([command, why]) => `  ${command!.padEnd(width)}  # ${why}`).join("\n")}`);
      }
    });
}
