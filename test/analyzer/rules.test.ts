import ts from "typescript";
import { analyzeSource, findingIds, formatMessage, messages } from "../../src/analyzer";
import { invalidCases, validCases } from "../cases/secret-usage";

const analyze = (code: string, file = "app.ts") => analyzeSource(ts, code, file);

describe("analyzer: valid usages", () => {
  test.each(validCases.map((c) => [c.name, c] as const))("%s", (_name, usage) => {
    const result = analyze(usage.code, usage.file);
    expect(result.findings.map((f) => f.id)).toEqual([]);
    expect(result.declarations.map((d) => d.name)).toEqual(usage.declares ?? []);
  });
});

describe("analyzer: invalid usages", () => {
  test.each(invalidCases.map((c) => [c.name, c] as const))("%s", (_name, usage) => {
    const result = analyze(usage.code, usage.file);
    expect(result.findings.map(({ id, line, column }) => ({ id, line, column }))).toEqual(usage.errors);
    expect(result.declarations).toEqual([]);
  });

  test("every rule id is exercised by the shared case table", () => {
    const seen = new Set(invalidCases.flatMap((c) => c.errors.map((e) => e.id)));
    expect([...seen].sort()).toEqual(findingIds.filter((id) => id !== "unreadableFile").sort());
  });
});

describe("analyzer: messages and positions", () => {
  test("KS1001 names the enclosing function and the secret", () => {
    const [finding] = analyze('import { secret } from "keystash";\nexport async function handler() { secret("GitHubAPIToken"); }').findings;
    expect(finding?.id).toBe("notTopLevel");
    expect(formatMessage(finding!.id, finding!.data)).toBe(
      '`secret("GitHubAPIToken")` is inside function \'handler\'; declare it at module top level.',
    );
  });

  test("a declaration records its binding, line and column of the call", () => {
    const result = analyze('import { secret } from "keystash";\n// Personal access token\nconst githubToken = secret("GitHubAPIToken");');
    expect(result.declarations).toEqual([
      { name: "GitHubAPIToken", file: "app.ts", start: 80, line: 3, column: 21, binding: "githubToken", description: "Personal access token" },
    ]);
  });

  test("codes are the SPEC's and stable", () => {
    expect(Object.fromEntries(Object.entries(messages).map(([id, m]) => [id, m.code]))).toEqual({
      unreadableFile: "KS1000", notTopLevel: "KS1001", notBound: "KS1002", bindingPattern: "KS1003",
      argumentCount: "KS1004", nameNotLiteral: "KS1005", invalidName: "KS1006", notCalled: "KS1007", dynamicImport: "KS1008",
    });
  });

  test("a file that does not mention the package is not parsed", () => {
    const parse = jest.fn(ts.createSourceFile);
    const counting = Object.create(ts, { createSourceFile: { value: parse } }) as typeof ts;
    expect(analyzeSource(counting, "function f() { secret(1, 2); }", "a.ts").findings).toEqual([]);
    expect(parse).not.toHaveBeenCalled();
    expect(analyzeSource(counting, 'import { secret } from "keystash";\nfunction f() { secret("A"); }', "a.ts").findings).toHaveLength(1);
    expect(parse).toHaveBeenCalledTimes(1);
  });

  test("a file with a syntax error is reported with its line and analysis never throws", () => {
    const result = analyze('import { secret } from "keystash";\nconst a = secret("A";\n');
    expect(result.findings).toMatchObject([{ id: "unreadableFile", line: 2 }]);
    expect(formatMessage("unreadableFile", result.findings[0]!.data)).toMatch(/^This file could not be analysed \(syntax error: '\)' expected\.\)/);
  });

  test("a binary file is a syntax error (KS1000); a NUL inside a string literal is valid code, as tsc reads it", () => {
    expect(analyze("keystash\0\0\0").findings).toMatchObject([{ id: "unreadableFile", data: { reason: expect.stringMatching(/^syntax error: /) } }]);
    const withNul = analyze('import { secret } from "keystash";\nconst sep = "a\0b";\nconst t = secret("A");\n');
    expect(withNul.findings).toEqual([]);
    expect(withNul.declarations.map((d) => d.name)).toEqual(["A"]);
  });
});

describe("analyzer: deep code is a result, never a crash", () => {
  const IMPORT = 'import { secret } from "keystash";\n';

  test("a 50,000-term `+` chain around a declaration", () => {
    const chain = `${IMPORT}const t = ${'"x" + '.repeat(50_000)}String(secret("A"));\nfunction f() { return ${'"y" + '.repeat(50_000)}secret("B"); }\n`;
    const result = analyze(chain);
    expect(result.declarations.map((d) => d.name)).toEqual(["A"]);
    expect(result.findings.map((f) => [f.id, f.line])).toEqual([["notTopLevel", 3]]);
  });

  test("nesting deeper than the parser can follow is KS1000", () => {
    const deep = `${IMPORT}const t = ${"[".repeat(100_000)}secret("A")${"]".repeat(100_000)};\n`;
    const result = analyze(deep);
    expect(result.findings.map((f) => [f.id, f.data.reason])).toEqual([["unreadableFile", "it is nested too deeply to parse"]]);
  });

  test("a UTF-8 byte-order mark does not shift columns (tsc and ESLint drop it too)", () => {
    const result = analyze(`\uFEFF${IMPORT}function f() { secret("A"); }`);
    expect(result.findings.map(({ line, column }) => [line, column])).toEqual([[2, 16]]);
  });
});

describe("analyzer: messages say what was written", () => {
  const IMPORT = 'import { secret } from "keystash";\n';
  test.each([
    ["(0, secret)(…)", `${IMPORT}const t = (0, secret)("A");`, "`secret` is used as a value (called indirectly through a comma expression); call it directly, e.g. `const token = secret(\"Name\")`."],
    ["a class decorator", `${IMPORT}@register(secret("A"))\nclass C {}`, "`secret(\"A\")` is inside a decorator of class 'C'; assign it to a top-level const, e.g. `const token = secret(\"A\")`."],
    ["new secret()", `${IMPORT}const t = new secret("A");`, "`secret` is used as a value (constructed with `new`); call it directly, e.g. `const token = secret(\"Name\")`."],
    ["an extends clause", `${IMPORT}class A extends Mixin(secret("A")) {}`, "`secret(\"A\")` is inside the extends clause of class 'A'; assign it to a top-level const, e.g. `const token = secret(\"A\")`."],
    ["a short-circuit", `${IMPORT}const t = flag ?? secret("A");`, "`secret(\"A\")` is inside a conditional expression (`??`); declare it at module top level."],
    ["a reserved name", `${IMPORT}const t = secret("NODE_OPTIONS");`, "Secret name \"NODE_OPTIONS\" is not valid: it is a reserved environment variable that would change how the process runs; choose another name."],
  ])("%s", (_label, code, message) => {
    const [finding, ...rest] = analyze(code).findings;
    expect(rest).toEqual([]);
    expect(formatMessage(finding!.id, finding!.data)).toBe(message);
  });
});
