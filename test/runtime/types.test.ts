import * as fs from "node:fs";
import * as path from "node:path";
import ts from "typescript";
import { linkKeystash } from "../helpers/app";
import { tempDir } from "../helpers/cli";

// The name's type must be one string literal: checked with the real compiler against the built typings.
test("secret() accepts a string literal and rejects string and unions at compile time", () => {
  const app = tempDir();
  linkKeystash(app);
  fs.writeFileSync(path.join(app, "package.json"), "{}");
  const file = path.join(app, "app.ts");
  fs.writeFileSync(
    file,
    [
      'import { secret, type Secret } from "keystash";',
      'const ok: Secret<"GitHubAPIToken"> = secret("GitHubAPIToken");',
      "const value: string = ok();",
      "const name: \"GitHubAPIToken\" = ok.name;",
      "declare const someString: string;",
      "const bad1 = secret(someString);",
      'declare const either: "A" | "B";',
      "const bad2 = secret(either);",
      "export { value, name, bad1, bad2 };",
    ].join("\n"),
  );
  const program = ts.createProgram([file], {
    strict: true, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, types: [], noEmit: true, skipLibCheck: true,
  });
  const errors = ts.getPreEmitDiagnostics(program).map((d) => [d.file?.getLineAndCharacterOfPosition(d.start!).line, d.code]);
  expect(errors).toEqual([[5, 2345], [7, 2345]]);
});
