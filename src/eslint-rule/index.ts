import type { TSESLint } from "@typescript-eslint/utils";
import { noHardcodedSecret } from "./no-hardcoded-secret";
import { validSecret } from "./valid-secret";

const { version } = require("../../package.json") as { version: string };

interface KeystashPlugin {
  meta: { name: string; version: string };
  rules: { "valid-secret": typeof validSecret; "no-hardcoded-secret": typeof noHardcodedSecret };
  configs: { recommended: TSESLint.FlatConfig.Config };
}

/**
 * `keystash/eslint-plugin`: flat-config plugin with the rule `keystash/valid-secret` and a
 * `configs.recommended` that enables it.
 *
 * ```js
 * import keystash from "keystash/eslint-plugin";
 * export default [keystash.configs.recommended];
 * ```
 */
const plugin: KeystashPlugin = {
  meta: { name: "keystash", version },
  rules: { "valid-secret": validSecret, "no-hardcoded-secret": noHardcodedSecret },
  configs: { recommended: {} },
};
// With @typescript-eslint/parser installed, the recommended config parses TypeScript itself,
// so `export default [keystash.configs.recommended]` works pasted alone.
let typescriptParser: unknown;
try {
  typescriptParser = require("@typescript-eslint/parser");
} catch {
  typescriptParser = undefined; // JavaScript only, with ESLint's own parser
}

plugin.configs.recommended = {
  name: "keystash/recommended",
  files: ["**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}"],
  ...(typescriptParser ? { languageOptions: { parser: typescriptParser as TSESLint.FlatConfig.Parser } } : {}),
  plugins: { keystash: plugin as unknown as TSESLint.FlatConfig.Plugin },
  rules: { "keystash/valid-secret": "error", "keystash/no-hardcoded-secret": "error" },
};

export = plugin;
