import { createRequire } from "node:module";
import * as path from "node:path";
import { findTypeScript } from "../../src/project/typescript";
import { tempDir, writeFiles } from "../helpers/cli";

// One search for a TypeScript compiler API, shared by the CLI and the ESLint rule: packages that
// resolve but have no JavaScript API (TypeScript 7) are passed over and reported by version.

function app(files: Record<string, string>): string {
  const dir = tempDir("keystash-ts-lookup-");
  writeFiles(dir, { "package.json": "{}", ...files });
  return dir;
}
const TS7 = { "node_modules/typescript/package.json": '{ "name": "typescript", "version": "7.0.2", "main": "index.js" }', "node_modules/typescript/index.js": 'module.exports = { version: "7.0.2" };\n' };
const TS6_API = { "node_modules/@typescript/typescript6/package.json": '{ "name": "@typescript/typescript6", "version": "6.0.2", "main": "index.js" }', "node_modules/@typescript/typescript6/index.js": "module.exports = { createSourceFile() {}, marker: 'ts6' };\n" };
const load = (file: string) => createRequire(file)(file) as unknown;
const marker = (found: ReturnType<typeof findTypeScript>) => ("api" in found ? (found.api as unknown as { marker: string }).marker : found);

test("TypeScript 7 alone: no API, and its version to say so", () => {
  const dir = app(TS7);
  expect(findTypeScript([path.join(dir, "package.json")], ["typescript", "@typescript/typescript6"], load)).toEqual({ native: "7.0.2" });
});

test("TypeScript 7 beside the TypeScript 6 API: the API", () => {
  const dir = app({ ...TS7, ...TS6_API });
  expect(marker(findTypeScript([path.join(dir, "package.json")], ["typescript", "@typescript/typescript6"], load))).toBe("ts6");
});

test("through another package (the ESLint parser's own typescript), then by name", () => {
  const dir = app({
    ...TS7,
    "node_modules/parser/package.json": '{ "name": "parser", "main": "index.js" }',
    "node_modules/parser/index.js": "",
    "node_modules/parser/node_modules/typescript/package.json": '{ "name": "typescript", "version": "5.9.3", "main": "index.js" }',
    "node_modules/parser/node_modules/typescript/index.js": "module.exports = { createSourceFile() {}, marker: 'parser-ts' };\n",
  });
  expect(marker(findTypeScript([path.join(dir, "package.json")], [{ via: "parser" }, "typescript"], load))).toBe("parser-ts");
  // Without that package, the app's own typescript, which here has no API.
  expect(findTypeScript([path.join(app(TS7), "package.json")], [{ via: "parser" }, "typescript"], load)).toEqual({ native: "7.0.2" });
});
