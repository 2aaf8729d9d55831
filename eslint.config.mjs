// keystash lints itself, its own rule included (loaded from the build, as users load it).
import tsParser from "@typescript-eslint/parser";
import tsPlugin from "@typescript-eslint/eslint-plugin";
import keystash from "./dist/eslint-rule/index.js";

/** The packages src/vendor bundles into dist/vendor (scripts/build-vendor.js). */
const VENDORED = /^(yaml|commander|chalk|ignore|picomatch|dotenv|proper-lockfile|@noble\/ciphers(\/.*)?)$/;

export default [
  { ignores: ["dist/**", "node_modules/**", "fixtures/**", "examples/**", "coverage/**", "bench/last-run.json"] },
  {
    files: ["**/*.ts"],
    languageOptions: { parser: tsParser },
    plugins: { "@typescript-eslint": tsPlugin },
    rules: {
      ...Object.assign({}, ...tsPlugin.configs["flat/recommended"].map((config) => config.rules ?? {})),
      // Deliberate: commands and the runtime load modules on first use with lazy(() => require())
      // so that start-up pays only for what runs (the rule below; startup-modules.test.ts).
      "@typescript-eslint/no-require-imports": "off",
    },
  },
  {
    files: ["src/**/*.ts"],
    ignores: ["src/vendor/**"],
    rules: {
      // Every require() inside a function is a lazy load and goes through lazy() (src/lazy.ts):
      // `const yaml = lazy(() => require("yaml") as typeof import("yaml"))` at module level.
      "no-restricted-syntax": [
        "error",
        {
          selector:
            ":function CallExpression[callee.name='require']:not(CallExpression[callee.name='lazy'] > ArrowFunctionExpression > CallExpression, CallExpression[callee.name='lazy'] > ArrowFunctionExpression > TSAsExpression > CallExpression)",
          message: "load modules on first use with lazy(() => require(...)) from src/lazy.ts, declared at module level",
        },
        {
          selector: `CallExpression[callee.name='require'] > Literal[value=${VENDORED}]`,
          message: "a bundled package: require it from src/vendor (src/vendor/README.md)",
        },
      ],
      // The packages src/vendor bundles into dist/vendor: imported through it (types may come from the package).
      "no-restricted-imports": ["error", { patterns: [{ regex: VENDORED.source, allowTypeImports: true, message: "a bundled package: import it from src/vendor (src/vendor/README.md)" }] }],
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
