import keystash from "keystash/eslint-plugin";
import tsParser from "@typescript-eslint/parser";

export default [
  { files: ["**/*.ts"], languageOptions: { parser: tsParser } },
  keystash.configs.recommended,
];
