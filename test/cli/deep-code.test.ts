import * as path from "node:path";
import type * as TS from "typescript";
import { linkKeystash } from "../helpers/app";
import { tsp } from "../helpers/front-ends";
import { sharedApp } from "../helpers/keystash-app";

// Deep expressions are a result or KS1000 in every front end, never a stack trace or a compiler crash.
describe("deep code through the CLI and the transformer", () => {
  const IMPORT = 'import { secret } from "keystash";\n';
  const user = sharedApp({
    "src/chain.ts": `${IMPORT}export const t = ${'"x" + '.repeat(20_000)}String(secret("Chained"));\n`,
    "src/nested.ts": `${IMPORT}export const n = ${"[".repeat(100_000)}secret("Nested")${"]".repeat(100_000)};\n`,
    "src/bom.ts": `\uFEFF${IMPORT}function f() { secret("Bom"); }\n`,
  });

  test("the CLI reports the chain's declaration, KS1000 for nesting too deep to parse, and BOM-free columns", () => {
    const result = user.ks(["manifest", "--json"]);
    expect(result.status).toBe(1);
    const output = JSON.parse(result.stdout) as { manifest: { secrets: { name: string }[] }; diagnostics: { file: string; code: string; line: number; column: number }[] };
    expect(output.manifest.secrets.map((s) => s.name)).toEqual(["Chained"]);
    expect(output.diagnostics.map((d) => [d.file, d.code, d.line, d.column])).toEqual([
      ["src/bom.ts", "KS1001", 2, 16],
      ["src/nested.ts", "KS1000", 1, 1],
    ]);
  });

  test("the transformer reports the same for the chain and the BOM file without crashing the build", () => {
    linkKeystash(user.app);
    const program = tsp.createProgram(["src/chain.ts", "src/bom.ts"].map((f) => path.join(user.app, f)), {
      noEmit: true, types: [], configFilePath: path.join(user.app, "tsconfig.json"),
      plugins: [{ transform: "keystash/transformer" } as unknown as TS.PluginImport],
    });
    const ours = program.emit().diagnostics.filter((d) => d.source === "keystash");
    expect(ours.map((d) => [path.basename(d.file!.fileName), d.code, d.file!.getLineAndCharacterOfPosition(d.start!).character + 1])).toEqual([["bom.ts", 91001, 16]]);
  });
});
