import { RuleTester } from "@typescript-eslint/rule-tester";
import { validSecret } from "../../src/eslint-rule/valid-secret";
import { invalidCases, validCases } from "../cases/secret-usage";
import { lintMessages } from "../helpers/front-ends";

const isTs = (file = "app.ts") => /\.[cm]?tsx?$/.test(file);

// Type-aware parsing is exercised in eslint-cli.test.ts; here the parser runs without a project.
const tsTester = new RuleTester({ languageOptions: { parserOptions: { ecmaFeatures: { jsx: true } } } });
const jsTester = new RuleTester({
  languageOptions: { parser: require("espree"), ecmaVersion: "latest", sourceType: "module", parserOptions: { ecmaFeatures: { jsx: true } } },
});

describe("with @typescript-eslint/parser", () => {
tsTester.run("valid-secret", validSecret, {
  valid: validCases.filter((c) => isTs(c.file)).map((c) => ({ name: c.name, code: c.code, filename: c.file ?? "app.ts" })),
  invalid: invalidCases
    .filter((c) => isTs(c.file))
    .map((c) => ({
      name: c.name,
      code: c.code,
      filename: c.file ?? "app.ts",
      errors: c.errors.map((e) => ({ messageId: e.id as never, line: e.line, column: e.column })),
    })),
});
});

describe("with espree on JavaScript", () => {
jsTester.run("valid-secret", validSecret, {
  valid: [
    ...validCases.filter((c) => !isTs(c.file)).map((c) => ({ name: c.name, code: c.code, filename: c.file! })),
    { name: "plain JS named import", code: 'import { secret } from "keystash";\nexport const a = secret("A");', filename: "a.mjs" },
  ],
  invalid: [
    ...invalidCases
      .filter((c) => !isTs(c.file))
      .map((c) => ({
        name: c.name,
        code: c.code,
        filename: c.file!,
        errors: c.errors.map((e) => ({ messageId: e.id as never, line: e.line, column: e.column })),
      })),
  ],
});
});

test("message texts come from the analyzer's table, prefixed with the code", () => {
  const code = 'import { secret } from "keystash";\nfunction handler() { secret("GitHubAPIToken"); }';
  expect(lintMessages(code, "a.mjs").map((m) => [m.message, m.line, m.column])).toEqual([
    ["KS1001: `secret(\"GitHubAPIToken\")` is inside function 'handler'; declare it at module top level.", 2, 22],
  ]);
});
