import * as fs from "node:fs";
import type { Command } from "../../vendor/commander";
import { UserError } from "../../project/errors";
import { mergeStores } from "../../store/merge";
import { parseStore, serializeStore, STORE_FILE, type StoreData } from "../../store/store-file";
import { setExitCode } from "../io";
import { processOutput } from "../output";

function readSide(file: string, side: string): StoreData {
  try {
    return parseStore(fs.readFileSync(file, "utf8"));
  } catch (cause) {
    throw new UserError(`merge-driver: ${side} side of ${STORE_FILE} cannot be read: ${(cause as Error).message}`, "resolve the merge by hand, then run `keystash secret list`", { cause });
  }
}

/** `keystash merge-driver %O %A %B %P`: git's merge driver for the store (registered by `keystash init`). */
export function register(program: Command): void {
  program
    // git runs it, people do not: left out of `keystash --help` and shell completion.
    .command("merge-driver", { hidden: true })
    .description("git merge driver for .keystash/store.yaml: merges per secret, value and version (git runs it; `keystash init` registers it)")
    .argument("<base>", "the common ancestor's store (git's %O)")
    .argument("<ours>", "our store, where the result is written (git's %A)")
    .argument("<theirs>", "their store (git's %B)")
    .argument("[path]", "the file's path in the repository (git's %P)")
    .action((base, ours, theirs, file) => {
      const result = mergeStores(readSide(base, "the base"), readSide(ours, "our"), readSide(theirs, "their"));
      fs.writeFileSync(ours, serializeStore(result.merged));
      if (result.conflicts.length === 0) return;
      const output = processOutput();
      output.err(`${output.errColor.red("conflict:")} ${file ?? STORE_FILE}: ${result.conflicts.length === 1 ? "a secret was" : `${result.conflicts.length} secrets were`} changed on both branches (the file keeps our side and stays a valid store):`);
      for (const conflict of result.conflicts) output.err(`  ${conflict}`);
      setExitCode(1);
    });
}
