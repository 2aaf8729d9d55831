import type { Command } from "../../vendor/commander";
import { UserError } from "../../project/errors";
import { deleteSecret, rollbackSecret, setSecretValue, unsetSecretValue } from "../../store/store";
import { describeReach, describeSelector } from "../../store/selector";
import * as fs from "node:fs";
import * as path from "node:path";
import { MANIFEST_FILE } from "../../project/file-names";
import { closest } from "../../project/suggest";
import { loadIdentities } from "../../store/identity";
import { declaredSecrets } from "../declared";
import { appContext, type AppContext } from "../context";
import { confirmGainsOnCli } from "../confirm";
import { currentIo } from "../io";
import { requireIdentities } from "../identities";
import { processOutput, type Output } from "../output";
import { readSecretInput } from "../read-value";
import { selectorFromFlags } from "../../core/selector-flags";
import { required, withExamples, ROOT_OPTION, examples, selectorOptions, GRANT_OPTION, SECRET_NAME_ARGUMENT } from "../help";

/**
 * Warns (never fails) when the code does not declare `name`, naming the closest declared name:
 * a typo here would leave the real secret unset. Reads the manifest when there is one (cheap),
 * else analyses the source (cached).
 */
function warnIfUndeclared(context: AppContext, name: string, output: Output): void {
  const manifestFile = path.join(context.root, MANIFEST_FILE);
  let declared: string[];
  try {
    const manifest = fs.existsSync(manifestFile) ? declaredSecrets(context, manifestFile).manifest : declaredSecrets(context).manifest;
    declared = manifest.secrets.map((s) => s.name);
  } catch {
    return; // a broken manifest or source is reported by the commands that need them
  }
  if (declared.includes(name)) return;
  const suggestion = closest(name, declared);
  output.warn(`the code does not declare ${name}${suggestion ? `; did you mean ${suggestion}?` : " (see `keystash check --env local`)"}`);
}

/** `keystash secret set|unset|delete|rollback`. */
export function registerSecretWrites(secret: Command): void {
  selectorOptions(
    withExamples(secret.command("set"), [
      "printf '%s' \"$TOKEN\" | keystash secret set --dev GitHubAPIToken   # from stdin, never argv",
      "keystash secret set --prod StripeKey                       # a hidden prompt on a terminal",
      "keystash secret set --env staging DatabaseURL",
    ])
      .description("set a secret's value for env types and/or environments (value from a hidden prompt or stdin, never argv)")
      .argument(...SECRET_NAME_ARGUMENT)
      .option("--keep-newlines", "keep trailing CR/LF of the value read from stdin")
      .option("--allow-empty", "allow an empty value")
      .option(...GRANT_OPTION),
  ).action(async (name, flags) => {
    const context = appContext(flags, { writesStore: true });
    const selector = selectorFromFlags(context.config, flags);
    const output = processOutput();
    warnIfUndeclared(context, name, output);
    const value = await readSecretInput(name, flags);
    const writer = loadIdentities(currentIo().env)[0]?.recipient;
    const confirm = confirmGainsOnCli(output, { command: "secret set", yes: flags.yes, names: context.config.recipientNames });
    const outcome = await setSecretValue(context.root, name, selector, value, { writer, confirm });
    output.out(`Successfully ${outcome} secret value for ${name} (${describeReach(selector)}).`);
  });

  selectorOptions(
    secret.command("unset").description("remove env types / environments from the values that hold them").argument(...SECRET_NAME_ARGUMENT).addHelpText("after", examples(["keystash secret unset --type local StripeKey     # local falls back to nothing (or .secrets.local.cue)", "keystash secret unset --env staging DatabaseURL"])),
  ).action(async (name, flags) => {
    const { root, config } = appContext(flags, { writesStore: true });
    const selector = selectorFromFlags(config, flags);
    await unsetSecretValue(root, name, selector);
    processOutput().out(`Removed ${describeSelector(selector)} from ${name}.`);
  });

  secret
    .command("delete")
    .addHelpText("after", examples(["keystash secret delete OldToken             # asks first on a terminal", "keystash secret delete OldToken --yes"]))
    .description("delete a secret with all its values and versions")
    .argument(...SECRET_NAME_ARGUMENT)
    .option("--yes", "do not ask for confirmation")
    .option(...ROOT_OPTION)
    .action(async (name, flags) => {
      const { root } = appContext(flags, { writesStore: true });
      if (!flags.yes) {
        const { stdin, stderr } = currentIo();
        if (!stdin.isTTY) throw new UserError(`secret delete: refusing to delete '${name}' without confirmation`, "pass --yes");
        const readline = await import("node:readline/promises");
        const rl = readline.createInterface({ input: stdin, output: stderr });
        const answer = await rl.question(`Delete ${name} and all its values? [y/N] `);
        rl.close();
        if (!/^y(es)?$/i.test(answer.trim())) throw new UserError("secret delete: aborted", undefined, { exitCode: 1 });
      }
      await deleteSecret(root, name);
      processOutput().out(`Deleted ${name}.`);
    });

  selectorOptions(
    secret
      .command("rollback")
    .addHelpText("after", examples(["keystash secret history StripeKey           # find the version", "keystash secret rollback StripeKey --prod --to 2"]))
      .description("make an earlier version current again for the value with exactly this selector")
      .argument(...SECRET_NAME_ARGUMENT)
      .requiredOption("--to <version>", required("version number (see `keystash secret history`)"))
      .option(...GRANT_OPTION),
  ).action(async (name, flags) => {
    const to = Number(flags.to);
    if (!Number.isInteger(to) || to < 1) throw new UserError(`--to: '${flags.to}' is not a version number`);
    const { root, config } = appContext(flags, { writesStore: true });
    const selector = selectorFromFlags(config, flags);
    const output = processOutput();
    const confirm = confirmGainsOnCli(output, { command: "secret rollback", yes: flags.yes, names: config.recipientNames });
    const version = await rollbackSecret(root, name, selector, to, requireIdentities(), confirm);
    output.out(`Rolled back ${name} (${describeSelector(selector)}) to version ${to}'s value, as version ${version}.`);
  });
}
