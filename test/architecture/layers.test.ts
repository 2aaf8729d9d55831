import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT, tempDir, writeFiles } from "../helpers/cli";

// ARCHITECTURE.md's layers are dependency-cruiser rules (.dependency-cruiser.cjs), run by
// `npm run lint`; here they are shown to hold on src and to fire on planted violations.

interface CruiseResult {
  summary: { violations: { rule: { name: string }; from: string; to: string }[] };
  modules: { source: string; dependencies: { resolved: string }[] }[];
}

function cruise(cwd: string): CruiseResult {
  const bin = path.join(REPO_ROOT, "node_modules/dependency-cruiser/bin/dependency-cruiser.mjs");
  const result = spawnSync(process.execPath, [bin, "src", "--config", path.join(REPO_ROOT, ".dependency-cruiser.cjs"), "--output-type", "json"], { cwd, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (!result.stdout) throw new Error(result.stderr);
  return JSON.parse(result.stdout) as CruiseResult;
}

test("src keeps the layers: no violation, no cycle", () => {
  const result = cruise(REPO_ROOT);
  expect(result.summary.violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`)).toEqual([]);
  expect(result.modules.length).toBeGreaterThan(100);
});

test("the dashboard and the CLI share core, not each other: only `keystash ui` starts the dashboard", () => {
  const crossing = cruise(REPO_ROOT).modules.filter((m) => (m.source.startsWith("src/ui/") && m.dependencies.some((d) => d.resolved.startsWith("src/cli/"))) || (m.source.startsWith("src/cli/") && m.source !== "src/cli/commands/ui.ts" && m.dependencies.some((d) => d.resolved.startsWith("src/ui/"))));
  expect(crossing.map((m) => m.source)).toEqual([]);
});

test("each rule fires on a planted violation, type-only imports and lazy requires included", () => {
  const dir = tempDir("keystash-layers-");
  fs.copyFileSync(path.join(REPO_ROOT, "tsconfig.json"), path.join(dir, "tsconfig.json"));
  writeFiles(dir, {
    "src/store/a.ts": 'import { b } from "../cli/b";\nexport const a = b;\n',
    "src/cli/b.ts": "export const b = 1;\n",
    "src/analyzer/c.ts": 'import type { D } from "../project/d";\nexport type C = D;\n',
    "src/project/d.ts": "export type D = number;\n",
    "src/scan/e.ts": 'import { f } from "./f";\nexport const e = () => f;\n',
    "src/scan/f.ts": 'import { e } from "./e";\nexport const f = () => e;\n',
    "src/bundler/g.ts": 'import { h } from "../transformer/h";\nexport const g = h;\n',
    "src/transformer/h.ts": "export const h = 1;\n",
    "src/runtime/i.ts": 'import { lazy } from "../lazy";\nexport const i = lazy(() => require("../cli/b") as typeof import("../cli/b"));\n',
    "src/lazy.ts": "export const lazy = <T>(f: () => T) => f;\n",
    "src/cli/commands/ui.ts": 'import { j } from "../../ui/state";\nexport const k = j;\n',
    "src/ui/state.ts": "export const j = 1;\n",
    "src/ui/actions.ts": 'import { b } from "../cli/b";\nexport const l = b;\n',
    "src/core/m.ts": 'import type { N } from "../ui/n";\nexport type M = N;\n',
    "src/ui/n.ts": "export type N = string;\n",
    "src/project/o.ts": 'import { p } from "../core/p";\nexport const o = p;\n',
    "src/core/p.ts": "export const p = 1;\n",
  });
  const fired = cruise(dir).summary.violations.map((v) => `${v.rule.name}: ${v.from}`);
  expect([...new Set(fired)].sort()).toEqual(
    [
      "analyzer-is-the-bottom: src/analyzer/c.ts",
      "bundler-uses-no-other-front-end: src/bundler/g.ts",
      "keystash-ui-starts-the-dashboard-only: src/cli/commands/ui.ts",
      "no-cycles: src/scan/e.ts",
      "services-below-front-ends: src/runtime/i.ts",
      "store-below-services: src/store/a.ts",
      "ui-uses-no-other-front-end: src/ui/actions.ts",
      "services-below-front-ends: src/core/m.ts",
      "project-below-store: src/project/o.ts",
    ].sort(),
  );
});
