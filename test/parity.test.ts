import ts from "typescript";
import { analyzeSource } from "../src/analyzer";
import { invalidCases, validCases } from "./cases/secret-usage";
import { buildCases, caseFile, lintCode } from "./helpers/front-ends";
import { tempDir } from "./helpers/cli";

// One fixture set through the analyzer, the transformer (a real ts-patch build) and the
// ESLint rule (real ESLint): the same ids at the same positions, as the table expects.
const cases = [...validCases, ...invalidCases];

describe("parity: analyzer, transformer and ESLint rule agree", () => {
  const built = buildCases(tempDir(), cases);

  test.each(cases.map((usage, index) => [usage.name, usage, index] as const))("%s", (_name, usage, index) => {
    const file = caseFile(usage, index);
    const fromAnalyzer = analyzeSource(ts, usage.code, file).findings.map(({ id, line, column }) => ({ id, line, column }));
    const sort = (list: { id: string; line: number; column: number }[]) =>
      [...list].sort((a, b) => a.line - b.line || a.column - b.column || a.id.localeCompare(b.id));
    const expected = sort(usage.errors);
    expect(sort(fromAnalyzer)).toEqual(expected);
    expect(sort(built.get(file) ?? [])).toEqual(expected);
    expect(sort(lintCode(usage.code, file))).toEqual(expected);
  });
});
