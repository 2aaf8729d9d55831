import type { Command } from "../../vendor/commander";
import { UserError } from "../../project/errors";
import { recipientProblem, recipientStart, shortRecipient } from "../../project/recipient";
import { auditRecipient, type Audit } from "../../store/audit";
import { loadIdentities } from "../../store/identity";
import { describeSelector } from "../../store/selector";
import { changeAccess, syncAccess, type SyncResult } from "../../store/store";
import { appContext, type AppContext } from "../context";
import { statusesOf, type StatusInputs } from "../../store/status";
import { readStore } from "../../store/store-file";
import { confirmGainsOnCli } from "../confirm";
import { requireIdentities } from "../identities";
import { currentIo, setExitCode } from "../io";
import { listed, plural, processOutput, type Output } from "../output";
import { envTypesFlag } from "../../core/selector-flags";
import { required, ROOT_OPTION, examples, GRANT_OPTION } from "../help";

function checkRecipient(recipient: string): string {
  const problem = recipientProblem(recipient);
  if (problem !== undefined) throw new UserError(`access: ${recipientStart(recipient)} ${problem}`, "pass a public key like age1... (see `age-keygen -y`, or `keystash whoami`)");
  return recipient;
}

/** Prints what a sync did; exit 1 when some value could not be re-encrypted. */
function reportSync(output: Output, result: SyncResult, scope: string): void {
  if (result.reencrypted.length > 0) output.out(`Re-encrypted ${plural(result.reencrypted.length, "secret")} for ${scope}: ${listed(result.reencrypted)}.`);
  else if (result.unsynced.length === 0) output.out(`Every value of ${scope} is encrypted to exactly the recipients keystash.yaml lists.`);
  for (const value of result.unsynced) {
    const what = `${value.name} (${describeSelector(value.selector)})`;
    if (value.why === "typeChanged") {
      output.warn(`not re-encrypted: ${what}: one of its environments changed type in keystash.yaml since it was set; set it again`);
    } else {
      output.warn(`not re-encrypted: ${what}: this identity cannot read it; one of ${value.readers.map(shortRecipient).join(", ")} can run \`keystash access sync\``);
    }
  }
  if (result.unsynced.length > 0) setExitCode(1);
}

/**
 * Prints the rotation list: every secret the key could read, now or anywhere in git history;
 * then each secret the store is still encrypted to it for although keystash.yaml no longer lists
 * it there (over-shared: the status function's answer).
 */
function reportAudit(output: Output, recipient: string, audit: Audit, overShared: readonly string[] = []): void {
  reportExposed(output, recipient, audit);
  for (const name of overShared) {
    output.out(`${name} is still encrypted to ${shortRecipient(recipient)} now, though keystash.yaml no longer lists it: run \`keystash access sync\`, then rotate it`);
  }
}

/** Over-shared with `recipient`: the secrets whose status in some environment names it. */
function overSharedWith(context: AppContext, recipient: string): string[] {
  const store = readStore(context.root);
  const inputs: StatusInputs = { config: () => context.config, localOverrides: () => new Map(), store: () => store };
  return Object.keys(store.secrets).filter((name) => statusesOf(name, inputs).some(({ status }) => status.kind === "set" && status.overShared.includes(recipient)));
}

function reportExposed(output: Output, recipient: string, audit: Audit): void {
  const where = audit.history ? `in the store or its git history (${plural(audit.revisions, "revision")} checked)` : "in the store (not a git repository: history not checked)";
  if (audit.exposed.length === 0) return output.out(`${shortRecipient(recipient)} could not read any secret ${where}.`);
  output.out(`${shortRecipient(recipient)} could read these secrets ${where}; rotate them (issue new values at their source, then \`keystash secret set\`), since re-encryption does not revoke copies already in history:`);
  for (const secret of audit.exposed) {
    output.out(`  ${secret.name} (${secret.reach.join(", ")}): ${listed(secret.seen, 3)}`);
  }
}

/** `keystash access add|remove|sync|audit`. */
export function register(program: Command): void {
  const access = program.command("access").description("change who can read an env type's values, re-encrypt them, and audit what a key could read");
  for (const action of ["add", "remove"] as const) {
    access
      .command(action)
      .addHelpText("after", examples(action === "add" ? ["keystash access add --type production --me          # yourself, with your own key", "keystash access add --type development,preview age1...   # a teammate (their `keystash whoami`)"] : ["keystash access remove --type production age1...    # then rotate what it lists", "keystash access remove --type production,preview --me"]))
      .description(action === "add" ? "let a recipient read an env type (re-encrypts what your identity can read)" : "stop a recipient reading an env type from now on, and list what to rotate")
      .argument("[recipient]", "age public key (age1...); or --me")
      .requiredOption("--type <types>", required("env types, comma-separated: production, development, preview, local (or prod, dev, pr)"))
      .option("--me", "your own key (from your identity), instead of a recipient")
      .option(...GRANT_OPTION)
      .option(...ROOT_OPTION)
      .action(async (recipientArg, flags) => {
        const output = processOutput();
        const types = envTypesFlag(flags.type);
        if ((recipientArg === undefined) === (flags.me !== true)) throw new UserError(`access ${action}: give either a recipient (age1...) or --me`, "see `keystash whoami` for your own key");
        const { root, config } = appContext(flags, { writesStore: true });
        const recipient = checkRecipient(recipientArg ?? requireIdentities()[0]!.recipient);
        const identities = loadIdentities(currentIo().env);
        // One type at a time, each its own locked change of keystash.yaml and the store.
        for (const type of types) {
          const confirm = confirmGainsOnCli(output, { command: "access", yes: flags.yes, names: config.recipientNames, expected: action === "add" ? { recipient, type } : undefined });
          const result = await changeAccess(root, action, type, recipient, identities, confirm);
          // The success line only when the whole change is done; else what is listed, and what is not yet re-encrypted (exit 1).
          const complete = result.unsynced.length === 0;
          if (action === "add" && !result.changed) output.out(`${recipient} is already listed for ${type}; syncing its values.`);
          else if (action === "add") output.out(complete ? `Granted ${recipient} ${type} access.` : `Listed ${recipient} for ${type} in keystash.yaml; ${plural(result.unsynced.length, "value")} of ${type} could not be re-encrypted for it yet (see the warnings).`);
          else output.out(complete ? `Removed ${recipient} from ${type}.` : `Removed ${recipient} from ${type} in keystash.yaml; ${plural(result.unsynced.length, "value")} could not be re-encrypted without it yet (see the warnings).`);
          reportSync(output, result, type);
          if (action === "add") continue;
          for (const still of result.stillReads) {
            output.out(`It still reads ${still.name} (${describeSelector(still.selector)}): that value is shared with ${still.through.join(", ")}, where it is still listed.`);
          }
        }
        if (action === "remove") reportAudit(output, recipient, auditRecipient(root, recipient));
      });
  }

  access
    .command("sync")
    .addHelpText("after", examples(["keystash access sync                        # re-encrypt what keystash.yaml's access lists now ask for", "keystash access sync --type production --yes"]))
    .description("re-encrypt every value whose recipients differ from keystash.yaml (needs an identity that can read them)")
    .option("--type <types>", "only values of these env types, comma-separated")
    .option(...GRANT_OPTION)
    .option(...ROOT_OPTION)
    .action(async (flags) => {
      const output = processOutput();
      const types = flags.type === undefined ? [undefined] : envTypesFlag(flags.type);
      const { root, config } = appContext(flags, { writesStore: true });
      const identities = loadIdentities(currentIo().env);
      for (const type of types) {
        const result = await syncAccess(root, identities, confirmGainsOnCli(output, { command: "access", yes: flags.yes, names: config.recipientNames }), type);
        reportSync(output, result, type ?? "every env type");
      }
    });

  access
    .command("audit")
    .addHelpText("after", examples(["keystash access audit age1...               # what that key could read, now and in git history", "keystash access audit $(keystash whoami --json | jq -r '.identities[0].recipient')"]))
    .description("list every secret a recipient could read, now or in any revision of the store in git history")
    .argument("<recipient>", "age public key (age1...)")
    .option(...ROOT_OPTION)
    .action((recipientArg, flags) => {
      const recipient = checkRecipient(recipientArg);
      const context = appContext(flags);
      reportAudit(processOutput(), recipient, auditRecipient(context.root, recipient), overSharedWith(context, recipient));
    });
}
