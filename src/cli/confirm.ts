import { UserError } from "../project/errors";
import { recipientLabel } from "../project/recipient";
import type { AccessGain } from "../store/errors";
import type { ConfirmGains } from "../store/store";
import { currentIo } from "./io";
import { listed, type Output } from "./output";

/**
 * Asks a yes/no question on the terminal (default no).
 * @throws UserError with `refusal` when standard input is not a terminal: never a silent yes.
 */
export async function askYesNo(question: string, refusal: UserError): Promise<boolean> {
  const { stdin, stderr } = currentIo();
  if (!stdin.isTTY) throw refusal;
  const readline = await import("node:readline/promises");
  const rl = readline.createInterface({ input: stdin, output: stderr });
  const answer = await rl.question(question);
  rl.close();
  return /^y(es)?$/i.test(answer.trim());
}

/**
 * The confirmation every re-encrypting command passes to the store: prints each recipient
 * that gains an env type and the secrets concerned, then lets the change through unless it
 * grants production to someone the user did not name (`expected`), which needs `--yes` or a
 * "y" on the terminal. Writing a value asks the same: a key appended to keystash.yaml in a
 * commit reads nothing until somebody says yes to it.
 */
export function confirmGainsOnCli(output: Output, options: { command: string; yes?: boolean; names: Readonly<Record<string, string>>; expected?: { recipient: string; type: string } }): ConfirmGains {
  return async (gains: readonly AccessGain[]) => {
    for (const gain of gains) {
      const secrets = listed(gain.secrets, 5);
      output.out(`${recipientLabel(gain.recipient, options.names)} gains ${gain.type}: ${secrets}`);
    }
    const unasked = gains.filter((g) => g.type === "production" && !(options.expected?.recipient === g.recipient && options.expected.type === g.type));
    if (unasked.length === 0 || options.yes) return true;
    const who = unasked.map((g) => recipientLabel(g.recipient, options.names)).join(", ");
    return askYesNo(
      `Let ${who} read production? [y/N] `,
      new UserError(`${options.command}: refusing to let ${who} read production without confirmation; nothing was written`, "check that keystash.yaml lists who you expect under access.production, then run again with --yes"),
    );
  };
}
