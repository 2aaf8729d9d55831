import type { Command } from "../../vendor/commander";
import { ROOT_OPTION, examples } from "../help";
import { UserError } from "../../project/errors";
import { verifyHistory } from "../../store/audit";
import { readStore, STORE_FILE, type StoreData } from "../../store/store-file";
import { appContext } from "../context";
import { processOutput } from "../output";

/**
 * Checks the store against its git history (history only grows).
 * @throws UserError (exit 2) listing every rewritten or removed version and the commit to restore from.
 */
export function verifyStoreHistory(root: string, current: StoreData = readStore(root)): { revisions: number; history: boolean } {
  const result = verifyHistory(root, current);
  if (result.findings.length === 0) return result;
  const lines = result.findings.map((f) => `  ${f.problem} (still whole in commit ${f.commit})`).join("\n");
  throw new UserError(
    `store: ${STORE_FILE} is tampered: it rewrites its own git history:\n${lines}`,
    `restore the versions from the commit named (\`git show <commit>:${STORE_FILE}\`) and review who changed it (\`git log -p -- ${STORE_FILE}\`)`,
  );
}

/** `keystash verify`: the store against its git history, for CI. */
export function register(program: Command): void {
  program
    .command("verify")
    .addHelpText("after", examples(["keystash verify                             # the store against its git history", "git pull && keystash verify && keystash check --env prod"]))
    .description("check that the store only adds to its git history: no version removed, none rewritten in place (exit 2 when one was)")
    .option(...ROOT_OPTION)
    .action((flags) => {
      const { root } = appContext(flags);
      const result = verifyStoreHistory(root);
      const where = result.history ? `${result.revisions} revision${result.revisions === 1 ? "" : "s"} in git history checked` : "not a git repository: there is no history to check";
      processOutput().out(`✓ ${STORE_FILE} keeps every version of its history (${where}).`);
    });
}
