import type { Command } from "../../vendor/commander";
import { ROOT_OPTION, examples, JSON_OPTION, REPORT_FORMAT_OPTION } from "../help";
import { UserError } from "../../project/errors";
import * as path from "node:path";
import { buildOutputFiles, filesToScan, findValues, historyInputs, noneSkipped, readInputs, scanInputs, stagedInputs, type ScanFinding, type SkippedInputs } from "../../scan/scan-files";
import { readableValues } from "../../scan/store-values";
import { scanContext } from "../context";
import { githubCommand } from "../github";
import { requireIdentities } from "../identities";
import { currentIo, setExitCode } from "../io";
import { printable, printJson, processOutput } from "../output";

/** " (skipped: 2 binary, 1 link out of the repo (notes.txt))", or "". */
function describeSkipped(skipped: SkippedInputs): string {
  const parts = [
    skipped.binary ? `${skipped.binary} binary` : "",
    skipped.tooLarge ? `${skipped.tooLarge} over 5 MB` : "",
    skipped.linksOut.length ? `${skipped.linksOut.length} link${skipped.linksOut.length === 1 ? "" : "s"} out of the repo (${skipped.linksOut.slice(0, 3).map(printable).join(", ")})` : "",
    skipped.unreadable ? `${skipped.unreadable} unreadable` : "",
  ].filter(Boolean);
  return parts.length ? ` (skipped: ${parts.join(", ")})` : "";
}

const FIX = "move it into keystash: `keystash import .env` (or `keystash secret set NAME`), then `keystash migrate --write` rewrites the code to secret(); rotate any credential that was committed";

/** `keystash scan [PATH...]`: hard-coded credentials, and store values found verbatim. */
export function register(program: Command): void {
  program
    .command("scan")
    .addHelpText("after", examples(["keystash scan                               # tracked files", "keystash scan --staged                      # what the next commit adds (a pre-commit hook)", "keystash scan --history --format github", "keystash scan --values dist                 # store values copied into build output"]))
    .description("find hard-coded credentials in tracked files (or staged changes, or git history), and store values copied into files or build output")
    .argument("[paths...]", "files or folders (default: what git tracks)")
    .option("--staged", "only what is staged for the next commit (for a pre-commit hook)")
    .option("--history", "every line any commit added, in all branches")
    .option("--values", "also report current store values found verbatim in tracked files and build output (needs an identity)")
    .option(...JSON_OPTION)
    .option(...REPORT_FORMAT_OPTION)
    .option(...ROOT_OPTION)
    .action((paths, flags) => {
      const format = flags.json ? "json" : flags.format ?? "text";
      if (!["text", "json", "github"].includes(format)) throw new UserError(`--format: '${format}' is not text, json or github`);
      const context = scanContext(flags);
      const ignore = new Set(context.config.scan.ignore);
      // Fingerprints are salted with the app's name: the same for the whole team, useless elsewhere.
      const salt = context.config.app ?? path.basename(context.root);
      const skipped = noneSkipped();
      // Reading all of history takes a while: on a terminal, a status line says what it is doing (cleared at the end).
      const { stderr } = currentIo();
      const status = flags.history && stderr.isTTY === true && format === "text" ? (text: string) => stderr.write(`\r\u001b[K${text}`) : () => undefined;
      status("scan: reading every commit of every branch…");
      const inputs = flags.staged ? stagedInputs(context.root) : flags.history ? historyInputs(context.root) : readInputs(context.root, filesToScan(context.root, paths), skipped);
      status(`scan: checking ${inputs.length} added hunks in ${new Set(inputs.map((input) => input.commit)).size} commits…`);
      const findings: ScanFinding[] = scanInputs(inputs, ignore, salt);
      status("");
      if (flags.values) {
        const { values, labels } = readableValues(context.root, context.config, requireIdentities());
        const extra = readInputs(context.root, buildOutputFiles(context.root).filter((file) => !inputs.some((input) => input.file === file)), skipped);
        findings.push(...findValues([...inputs, ...extra], values, (key) => labels.get(key)!, salt).filter((f) => !ignore.has(f.fingerprint)));
      }
      findings.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column));
      const output = processOutput();
      const skippedText = describeSkipped(skipped);
      if (format === "json") {
        printJson(output, { findings, files: inputs.length, skipped });
      } else if (format === "github") {
        for (const f of findings) output.out(githubCommand("error", `${f.kind} (${f.preview}); ${FIX}. To allow it: scan.ignore ${f.fingerprint}`, f, "keystash scan"));
      } else {
        const { color } = output;
        for (const f of findings) {
          output.out(`${color.cyan(`${f.file}:${f.line}:${f.column}`)} - ${color.red(f.kind)} ${f.preview}${f.commit ? ` in commit ${f.commit}` : ""} (fingerprint ${f.fingerprint})`);
        }
        const where = flags.staged ? "staged files" : flags.history ? "added lines in git history" : "files";
        if (findings.length === 0) output.out(color.green(`✓ no credentials found in ${inputs.length} ${where}${skippedText}`));
        else output.out(`${findings.length} credential${findings.length === 1 ? "" : "s"} found in ${inputs.length} ${where}${skippedText}\nfix: ${FIX}\nto allow a finding (a test fixture), list its fingerprint under scan.ignore in keystash.yaml`);
      }
      setExitCode(findings.length > 0 ? 1 : 0);
    });
}
