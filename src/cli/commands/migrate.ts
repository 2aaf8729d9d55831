import * as fs from "node:fs";
import { examples, selectorOptions, GRANT_OPTION } from "../help";
import * as path from "node:path";
import type { Command } from "../../vendor/commander";
import type * as Morph from "ts-morph";
import { loadAppPackage } from "../../project/app-package";
import { UserError } from "../../project/errors";
import { analyzeProject } from "../../project/analyze-project";
import { analyzeSource } from "../../analyzer/analyze-source";
import { toDiagnostic } from "../../analyzer/diagnostics";
import { loadTypeScript } from "../../project/typescript";
import { discoverSources } from "../../project/sources";
import { writeFileAtomic } from "../../project/write-file-atomic";
import { planMigration } from "../../migrate/migrate";
import { detectSecrets, redact } from "../../scan/detect";
import { describeReach, describeSelector, isEmptySelector, overlap, sameSelector, type Selector } from "../../store/selector";
import { secretNameProblem } from "../../analyzer/names";
import { lazy } from "../../lazy";

const dotenvLibrary = lazy(() => require("../../vendor/dotenv") as typeof import("dotenv"));
import { setSecretValue } from "../../store/store";
import { readStore } from "../../store/store-file";
import { loadIdentities } from "../../store/identity";
import { appContext } from "../context";
import { currentIo, setExitCode } from "../io";
import { confirmGainsOnCli } from "../confirm";
import { processOutput } from "../output";
import { selectorFromFlags } from "../../core/selector-flags";

/** A package `migrate` needs, from the app (see loadAppPackage). */
function optional<T>(name: string, root: string): T {
  const loaded = loadAppPackage<T>(name, root);
  if (loaded === undefined) throw new UserError(`migrate: needs ${name}, which is not installed`, `install it for the migration: npm install --save-dev ${name}`);
  return loaded;
}

/** Names in a dotenv file (the values are not read here: `keystash import` moves them). */
function dotenvNames(file: string): string[] {
  if (!fs.existsSync(file)) return [];
  return Object.keys(dotenvLibrary().parse(fs.readFileSync(file, "utf8")));
}

/**
 * Every check that can refuse the move runs before anything is written: two different values
 * under one name (the second would silently replace the first), a name the store already holds
 * for that selector (unless --overwrite), a name that is not a valid secret name.
 * @throws UserError listing each problem; nothing is written.
 */
function refuseUnsafeMoves(root: string, literals: readonly { name: string; value: string; file: string; line: number }[], selector: Selector, overwrite: boolean): void {
  const problems: string[] = [];
  const byName = new Map<string, { value: string; file: string; line: number }[]>();
  for (const literal of literals) byName.set(literal.name, [...(byName.get(literal.name) ?? []), literal]);
  const store = readStore(root);
  for (const [name, found] of byName) {
    const problem = secretNameProblem(name);
    if (problem !== undefined) problems.push(`${name} (${found[0]!.file}:${found[0]!.line}): ${problem}`);
    if (new Set(found.map((f) => f.value)).size > 1) problems.push(`${name} has different values in ${found.map((f) => `${f.file}:${f.line}`).join(" and ")}: rename one of the consts so each value gets its own secret`);
    for (const value of (store.secrets[name] ?? []).filter((v) => !isEmptySelector(overlap(v.selector, selector)))) {
      if (!sameSelector(value.selector, selector)) problems.push(`${name} already has a value in the store for ${describeSelector(value.selector)}, which overlaps ${describeSelector(selector)}: unset the overlap first`);
      else if (!overwrite) problems.push(`${name} already has a value in the store for ${describeSelector(selector)}: pass --overwrite to replace it with the one in the code`);
    }
  }
  if (problems.length > 0) throw new UserError(`migrate: nothing was written:\n${problems.map((p) => `  ${p}`).join("\n")}`, "fix these, then run `keystash migrate --write` again");
}

/** `keystash migrate [--write]`: rewrite process.env reads and hard-coded credentials to secret(). */
export function register(program: Command): void {
  selectorOptions(
    program
      .command("migrate")
    .addHelpText("after", examples(["keystash migrate                            # the plan: each hard-coded credential and its secret() rewrite", "keystash migrate --write --dev              # store the values, then rewrite the code"]))
      .description("rewrite process.env reads of known secrets, and hard-coded credentials, to secret() declarations (a diff; --write applies it and checks the result)")
      .option("--write", "write the files, store moved credentials, then analyse the app to prove the result valid")
      .option("--from <file>", "a dotenv file whose names are secrets (default: .env at the app root)")
      .option("--overwrite", "replace values the store already holds for these names")
      .option(...GRANT_OPTION),
  ).action(async (flags) => {
    const output = processOutput();
    const context = appContext(flags, { writesStore: flags.write === true });
    const morph = optional<typeof Morph>("ts-morph", context.root);
    const envFile = path.resolve(currentIo().cwd, flags.from ?? path.join(context.root, ".env"));
    // A reserved name (NODE_ENV, PATH, PORT's neighbours in .env) is configuration, not a secret: it stays process.env.
    const fromEnvFile = dotenvNames(envFile);
    const reserved = fromEnvFile.filter((name) => secretNameProblem(name) !== undefined);
    const known = new Set([...Object.keys(readStore(context.root).secrets), ...fromEnvFile.filter((name) => !reserved.includes(name))]);
    const project = new morph.Project({ skipAddingFilesFromTsConfig: true, compilerOptions: { allowJs: true, noEmit: true } });
    // Every source is in the project, so a use in any file is found; only files that can need a rewrite are planned.
    const sources = discoverSources(context.root, context.config.include)
      .map((file) => ({ path: file, full: path.join(context.root, file) }))
      .map(({ path: file, full }) => ({ path: file, text: fs.readFileSync(full, "utf8"), file: project.addSourceFileAtPath(full) }))
      .filter(({ text }) => /process\s*\.\s*env/.test(text) || detectSecrets(text).length > 0);
    const migration = planMigration(morph, sources, known);
    const redactAll = (text: string) => migration.literals.reduce((out, literal) => out.split(literal.value).join(redact(literal.value)), text);

    if (!flags.write) {
      const { createTwoFilesPatch } = optional<typeof import("diff")>("diff", context.root);
      for (const [file, { before, after }] of migration.files) output.out(redactAll(createTwoFilesPatch(`a/${file}`, `b/${file}`, before, after, "", "", { context: 3 })).trimEnd());
    }
    for (const skipped of migration.skipped) output.err(`${output.errColor.yellow("skipped")} ${skipped.file}:${skipped.line}: ${skipped.why}`);
    for (const name of reserved) output.err(`${output.errColor.yellow("skipped")} ${name} (from ${path.relative(context.root, envFile) || ".env"}): ${secretNameProblem(name)}; it stays a process.env read`);
    const summary = `${migration.files.size} file${migration.files.size === 1 ? "" : "s"}, ${migration.declared.size} secret${migration.declared.size === 1 ? "" : "s"} (${[...migration.declared].sort().join(", ") || "none"})`;
    if (!flags.write) {
      output.out(migration.files.size ? `${summary}: run again with --write to apply.` : "Nothing to migrate: no process.env read of a known secret and no hard-coded credential in a top-level const.");
      return;
    }
    const selector = flags.type || flags.env || flags.dev || flags.prod ? selectorFromFlags(context.config, flags) : selectorFromFlags(context.config, { dev: true });
    refuseUnsafeMoves(context.root, migration.literals, selector, flags.overwrite === true);
    // The analyzer's verdict on the rewritten text, before anything is written.
    const ts = loadTypeScript(context.root);
    const verdicts = [...migration.files].map(([file, { after }]) => analyzeSource(ts, after, file));
    const rejected = verdicts.flatMap((v) => v.findings.map(toDiagnostic));
    const rewrittenNames = new Set(verdicts.flatMap((v) => v.declarations.map((d) => d.name)));
    const undeclared = [...migration.declared].filter((name) => !rewrittenNames.has(name));
    if (rejected.length > 0 || undeclared.length > 0) {
      for (const d of rejected) output.err(`${d.file}:${d.line}:${d.column} - ${d.code}: ${d.message}`);
      if (undeclared.length) output.err(`not declared by the rewrite: ${undeclared.join(", ")}`);
      throw new UserError("migrate: the analyzer refuses the rewritten code; nothing was written", "report it: the rewrite should always be valid; move these by hand meanwhile");
    }
    // The store first: a refusal there (a new reader not confirmed) leaves the code as it was.
    if (migration.literals.length > 0) {
      const writer = loadIdentities(currentIo().env)[0]?.recipient;
      const confirm = confirmGainsOnCli(output, { command: "migrate", yes: flags.yes, names: context.config.recipientNames });
      const stored = new Set<string>();
      for (const literal of migration.literals) {
        if (stored.has(literal.name)) continue; // the same value in two places: one secret
        stored.add(literal.name);
        await setSecretValue(context.root, literal.name, selector, literal.value, { writer, confirm });
        output.out(`Stored ${literal.name} (${describeReach(selector)}) from ${literal.file}:${literal.line}; rotate it: it was committed in the source.`);
      }
    }
    for (const [file, { after }] of migration.files) writeFileAtomic(path.join(context.root, file), after);
    // Prove the result: the analyzer accepts every rewritten file and declares every moved name.
    const analysis = analyzeProject(context.root, context.config);
    const broken = analysis.diagnostics.filter((d) => migration.files.has(d.file));
    const declared = new Set(analysis.manifest.secrets.map((s) => s.name));
    const missing = [...migration.declared].filter((name) => !declared.has(name));
    if (broken.length > 0 || missing.length > 0) {
      for (const d of broken) output.err(`${d.file}:${d.line}:${d.column} - ${d.code}: ${d.message}`);
      if (missing.length) output.err(`not declared after the rewrite: ${missing.join(", ")}`);
      setExitCode(1);
      return;
    }
    output.out(`Migrated ${summary}; the analyzer accepts the result and declares each of them.`);
    const notInStore = [...migration.declared].filter((name) => !readStore(context.root).secrets[name]);
    if (notInStore.length) output.out(`Next: move their values in with \`keystash import ${path.relative(context.root, envFile) || ".env"}\` (${notInStore.join(", ")}).`);
  });
}
