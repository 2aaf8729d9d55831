// keystash lints itself, its own rule included (loaded from the build, as users load it).
import tsParser from "@typescript-eslint/parser";
import tsPlugin from "@typescript-eslint/eslint-plugin";
import keystash from "./dist/eslint-rule/index.js";

export default [
  { ignores: ["dist/**", "node_modules/**", "fixtures/**", "examples/**", "coverage/**", "bench/last-run.json"] },
  {
    files: ["**/*.ts"],
    languageOptions: { parser: tsParser },
    plugins: { "@typescript-eslint": tsPlugin },
    rules: {
      ...Object.assign({}, ...tsPlugin.configs["flat/recommended"].map((config) => config.rules ?? {})),
      // Deliberate: commands and the runtime load modules on first use with require() so that
      // start-up pays only for what runs (test/runtime/startup-modules.test.ts guards it).
      "@typescript-eslint/no-require-imports": "off",
    },
  },
  {
    files: ["**/*.{js,mjs,cjs,ts}"],
    rules: {
      eqeqeq: ["error", "always", { null: "ignore" }],
      "no-debugger": "error",
      "no-dupe-keys": "error",
      "no-unreachable": "error",
      "no-console": ["error", { allow: ["error"] }],
      "prefer-const": "error",
      // On Node 20 a key pair job reclaimed by the GC while its key is exported can deadlock
      // the process: X25519 keys come from x25519FromScalar (src/store/age-decrypt.ts).
      "no-restricted-properties": ["error", { object: "crypto", property: "generateKeyPairSync", message: "use x25519FromScalar (src/store/age-decrypt.ts): generateKeyPairSync can deadlock on Node 20" }],
    },
  },
  { files: ["bench/**", "scripts/**", "test/**"], rules: { "no-console": "off" } },
  keystash.configs.recommended,
];
