import * as path from "node:path";
import { ROOT_OPTION, examples } from "../help";
import type { Command } from "../../vendor/commander";
import { serializeManifest } from "../../analyzer/manifest";
import { analyzeProject } from "../../project/analyze-project";
import { UserError } from "../../project/errors";
import { MANIFEST_FILE } from "../../project/file-names";
import { writeFileIfChanged } from "../../project/write-file-atomic";
import { appContext } from "../context";
import { currentIo, setExitCode } from "../io";
import { formatDiagnostic, printJson, processOutput } from "../output";


/** `keystash manifest`: analyse the source and write the manifest. */
export function register(program: Command): void {
  program
    .command("manifest")
    .addHelpText("after", examples(["keystash manifest                           # writes keystash.manifest.json", "keystash manifest --json | jq '.manifest.secrets[].name'"]))
    .description("analyse the source, write keystash.manifest.json and report invalid secret() usage")
    .option("--out <file>", "where to write the manifest", MANIFEST_FILE)
    .option("--json", "print {manifest, diagnostics} as JSON")
    .option(...ROOT_OPTION)
    .action((options) => {
      const output = processOutput();
      const { root, config } = appContext(options);
      const analysis = analyzeProject(root, config);
      const target = path.resolve(root, options.out);
      const bytes = serializeManifest(analysis.manifest);
      try {
        writeFileIfChanged(target, bytes);
      } catch (cause) {
        throw new UserError(`manifest: cannot write ${options.out}: ${(cause as Error).message}`, "check --out", { cause });
      }
      if (options.json) {
        printJson(output, { manifest: analysis.manifest, diagnostics: analysis.diagnostics });
      } else {
        for (const diagnostic of analysis.diagnostics) output.out(formatDiagnostic(diagnostic, output.color));
        const count = analysis.manifest.secrets.length;
        const summary = `${count} secret${count === 1 ? "" : "s"} in ${analysis.files} file${analysis.files === 1 ? "" : "s"}; wrote ${path.relative(currentIo().cwd, target) || target}`;
        const errors = analysis.diagnostics.length;
        output.err(errors ? `${summary}; ${errors} error${errors === 1 ? "" : "s"}.` : `${summary}.`);
      }
      setExitCode(analysis.diagnostics.length > 0 ? 1 : 0);
    });
}
