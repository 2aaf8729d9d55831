import * as fs from "node:fs";
import * as path from "node:path";
import { Linter } from "eslint";
import * as tsParser from "@typescript-eslint/parser";
import type * as TS from "typescript";
import keystashPlugin from "../../src/eslint-rule";
import { linkKeystash } from "./app";
import type { ExpectedFinding, UsageCase } from "../cases/secret-usage";
import { messages, type FindingId } from "../../src/analyzer/messages";
import { DIAGNOSTIC_CODE_BASE } from "../../src/transformer";

/** ts-patch's programmatic compiler: TypeScript with transformer plugins enabled. */
export const tsp = require("ts-patch/compiler") as typeof TS;

const idByTsCode = new Map(
  Object.entries(messages).map(([id, m]) => [DIAGNOSTIC_CODE_BASE + Number(m.code.slice(2)), id as FindingId]),
);

export const caseFile = (usage: UsageCase, index: number): string => `case${index}${path.extname(usage.file ?? "app.ts")}`;

/** Lints one file's code with real ESLint and the keystash plugin; returns ESLint's messages. */
export function lintMessages(code: string, file: string): Linter.LintMessage[] {
  const linter = new Linter({ configType: "flat" });
  const isTs = /\.[cm]?tsx?$/.test(file);
  const messagesOut = linter.verify(
    code,
    [
      {
        files: ["**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}"],
        languageOptions: isTs
          ? { parser: tsParser, parserOptions: { ecmaFeatures: { jsx: file.endsWith("x") } } }
          : { ecmaVersion: "latest", sourceType: file.endsWith(".cjs") ? "commonjs" : "module", parserOptions: { ecmaFeatures: { jsx: true } } },
      },
      keystashPlugin.configs.recommended as Linter.Config,
    ],
    file,
  );
  return messagesOut;
}

/** Lints one file's code with real ESLint and the keystash plugin; returns ids and positions. */
export function lintCode(code: string, file: string): ExpectedFinding[] {
  return lintMessages(code, file).map((m) => {
    if (m.fatal) throw new Error(`ESLint could not parse ${file}: ${m.message}`);
    return { id: String(m.messageId), line: m.line, column: m.column };
  });
}

/** Writes the cases as files of one project and builds it with ts-patch + the transformer. */
export function buildCases(dir: string, cases: UsageCase[]): Map<string, ExpectedFinding[]> {
  linkKeystash(dir);
  const files = cases.map((usage, index) => {
    const file = path.join(dir, "src", caseFile(usage, index));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, usage.code);
    return file;
  });
  fs.writeFileSync(path.join(dir, "package.json"), "{}");
  const options: TS.CompilerOptions = {
    allowJs: true,
    noEmit: true,
    jsx: tsp.JsxEmit.Preserve,
    module: tsp.ModuleKind.NodeNext,
    moduleResolution: tsp.ModuleResolutionKind.NodeNext,
    types: [],
    configFilePath: path.join(dir, "tsconfig.json"),
    plugins: [{ transform: "keystash/transformer" } as unknown as TS.PluginImport],
  };
  const program = tsp.createProgram(files, options);
  const result = program.emit();
  const found = new Map<string, ExpectedFinding[]>();
  for (const diagnostic of result.diagnostics) {
    const id = idByTsCode.get(diagnostic.code);
    if (!id || !diagnostic.file || diagnostic.start === undefined) continue;
    const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
    const name = path.basename(diagnostic.file.fileName);
    found.set(name, [...(found.get(name) ?? []), { id, line: line + 1, column: character + 1 }]);
  }
  return found;
}
