import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { linkKeystash } from "../helpers/app";
import { cleanEnv, REPO_ROOT, tempDir } from "../helpers/cli";

const ESLINT_BIN = path.join(REPO_ROOT, "node_modules/eslint/bin/eslint.js");

function linkDevPackage(app: string, name: string): void {
  const link = path.join(app, "node_modules", name);
  fs.mkdirSync(path.dirname(link), { recursive: true });
  fs.symlinkSync(path.join(REPO_ROOT, "node_modules", name), link, "dir");
}

describe("the real eslint CLI with the plugin in a flat config", () => {
  let app: string;
  beforeAll(() => {
    app = path.join(tempDir(), "shop");
    fs.cpSync(path.join(REPO_ROOT, "examples/shop"), app, { recursive: true });
    linkKeystash(app);
    linkDevPackage(app, "@typescript-eslint/parser");
    fs.writeFileSync(
      path.join(app, "services/api/late.ts"),
      'import { secret } from "keystash";\n\nexport function handler() {\n  return secret("LateToken")();\n}\n',
    );
  });

  const lint = (args: string[]) =>
    spawnSync(process.execPath, [ESLINT_BIN, "--format", "json", ...args], { cwd: app, env: cleanEnv(), encoding: "utf8" });

  test("reports the analyzer's finding at its line, with its message id", () => {
    const result = lint(["services"]);
    expect(result.status).toBe(1);
    const files = JSON.parse(result.stdout) as { filePath: string; messages: { ruleId: string; messageId: string; line: number; column: number }[] }[];
    const withMessages = files.filter((f) => f.messages.length > 0);
    expect(withMessages.map((f) => path.relative(app, f.filePath))).toEqual(["services/api/late.ts"]);
    expect(withMessages[0]!.messages).toMatchObject([{ ruleId: "keystash/valid-secret", messageId: "notTopLevel", line: 4, column: 10 }]);
  });

  test("the README's one-line config works pasted alone: TypeScript files parse, both rules run", () => {
    fs.writeFileSync(path.join(app, "eslint.alone.config.mjs"), 'import keystash from "keystash/eslint-plugin";\nexport default [keystash.configs.recommended];\n');
    const result = lint(["-c", "eslint.alone.config.mjs", "services"]);
    const files = JSON.parse(result.stdout) as { filePath: string; messages: { ruleId: string | null; message: string }[] }[];
    expect(files.flatMap((f) => f.messages.map((m) => `${path.relative(app, f.filePath)} ${m.ruleId}`))).toEqual(["services/api/late.ts keystash/valid-secret"]);
  });

  test("also with type information (parserOptions.project)", () => {
    fs.writeFileSync(
      path.join(app, "eslint.typed.config.mjs"),
      [
        'import keystash from "keystash/eslint-plugin";',
        'import tsParser from "@typescript-eslint/parser";',
        "export default [",
        '  { files: ["**/*.ts"], languageOptions: { parser: tsParser, parserOptions: { project: "./tsconfig.json", tsconfigRootDir: import.meta.dirname } } },',
        "  keystash.configs.recommended,",
        "];",
      ].join("\n"),
    );
    const result = lint(["--config", "eslint.typed.config.mjs", "services"]);
    expect(result.stderr).toBe("");
    const files = JSON.parse(result.stdout) as { filePath: string; messages: { messageId: string; line: number }[] }[];
    expect(files.flatMap((f) => f.messages.map((m) => `${path.relative(app, f.filePath)}:${m.line}:${m.messageId}`))).toEqual([
      "services/api/late.ts:4:notTopLevel",
    ]);
  });
});
