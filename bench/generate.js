"use strict";
// Synthetic apps for the benchmarks: realistic TypeScript modules (imports, interfaces,
// classes, functions, ~60 lines each) with secrets declared in some of them.
const fs = require("node:fs");
const path = require("node:path");

const repo = path.resolve(__dirname, "..");

function moduleText(index, count, secretEvery) {
  const imports = [1, 7, 31]
    .map((offset) => (index + offset) % count)
    .filter((other) => other < index)
    .map((other) => `import { helper${other}, Model${other} } from "../${dirOf(other)}/module${other}";`);
  const declaresSecret = index % secretEvery === 0;
  const lines = [
    ...(declaresSecret ? ['import { secret } from "keystash";'] : []),
    ...imports,
    "",
    `/** Model ${index}: a record the service keeps. */`,
    `export interface Model${index} {`,
    "  id: string;",
    "  createdAt: Date;",
    `  tags: readonly string[];`,
    `  score${index}: number;`,
    "}",
    "",
    ...(declaresSecret ? [`// credential for upstream ${index}`, `export const credential${index} = secret("Secret_${index}");`, ""] : []),
    `export function helper${index}(input: number): number {`,
    "  let total = 0;",
    "  for (let i = 0; i < input; i++) {",
    "    total += i % 3 === 0 ? i * 2 : i;",
    "  }",
    "  return total;",
    "}",
    "",
    `export class Service${index} {`,
    `  private readonly items = new Map<string, Model${index}>();`,
    "",
    `  add(item: Model${index}): void {`,
    "    this.items.set(item.id, item);",
    "  }",
    "",
    "  /** Items sorted by score, best first. */",
    `  ranked(): Model${index}[] {`,
    `    return [...this.items.values()].sort((a, b) => b.score${index} - a.score${index});`,
    "  }",
    "",
    "  describe(): string {",
    `    const header = \`service ${index}: \${this.items.size} items\`;`,
    "    // A string that mentions secret(\"NotAReference\") must not count.",
    `    return \`\${header} (\${helper${index}(this.items.size)})\`;`,
    "  }",
    "}",
    "",
    ...imports.map((_, i) => `export const uses${i} = ${/helper(\d+)/.exec(imports[i])[0]}(${i + 1});`),
    "",
  ];
  return lines.join("\n");
}

const dirOf = (index) => `pkg${Math.floor(index / 100)}`;

/**
 * Writes an app of `count` modules under `dir/src` (one secret every `secretEvery` files),
 * with package.json, keystash.yaml, tsconfigs with and without the transformer, ESLint configs.
 */
function generateApp(dir, count, secretEvery) {
  fs.rmSync(dir, { recursive: true, force: true });
  const minuteAgo = new Date(Date.now() - 60_000);
  for (let i = 0; i < count; i++) {
    const file = path.join(dir, "src", dirOf(i), `module${i}.ts`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, moduleText(i, count, secretEvery));
    // A minute old, like an app's files between edits (keystash re-reads files changed within
    // 2 s of its analysis cache's save).
    fs.utimesSync(file, minuteAgo, minuteAgo);
  }
  fs.mkdirSync(path.join(dir, "node_modules/@types"), { recursive: true });
  fs.symlinkSync(repo, path.join(dir, "node_modules/keystash"), "dir");
  fs.symlinkSync(path.join(repo, "node_modules/@types/node"), path.join(dir, "node_modules/@types/node"), "dir");
  fs.writeFileSync(path.join(dir, "package.json"), '{ "name": "bench-app", "private": true }\n');
  // Like any app, the build output is not source: without this, every build's fresh out/*.js
  // (which mention keystash) would be analysed again by the transformer's manifest pass.
  fs.writeFileSync(path.join(dir, ".gitignore"), "out/\n");
  fs.writeFileSync(path.join(dir, "keystash.yaml"), "app: bench\nenvironments:\n  prod: production\n");
  const compilerOptions = {
    target: "ES2022", module: "nodenext", moduleResolution: "nodenext", strict: true, types: ["node"],
    outDir: "out", rootDir: "src", skipLibCheck: true,
  };
  fs.writeFileSync(path.join(dir, "tsconfig.plain.json"), JSON.stringify({ compilerOptions, include: ["src"] }, null, 2));
  fs.writeFileSync(
    path.join(dir, "tsconfig.keystash.json"),
    JSON.stringify({ compilerOptions: { ...compilerOptions, plugins: [{ transform: "keystash/transformer" }] }, include: ["src"] }, null, 2),
  );
  const parser = path.join(repo, "node_modules/@typescript-eslint/parser/dist/index.js");
  const base = `import * as tsParser from ${JSON.stringify(parser)};
const base = [{ files: ["**/*.ts"], languageOptions: { parser: tsParser }, rules: { "no-debugger": "error", "no-dupe-keys": "error", "no-unreachable": "error", eqeqeq: "error" } }];`;
  fs.writeFileSync(path.join(dir, "eslint.plain.mjs"), `${base}\nexport default base;\n`);
  fs.writeFileSync(
    path.join(dir, "eslint.keystash.mjs"),
    `${base}\nimport keystash from "keystash/eslint-plugin";\nexport default [...base, keystash.configs.recommended];\n`,
  );
}

module.exports = { generateApp };
