import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT } from "./helpers/cli";

// What npm publishes: the README's links must work on the npm page, where only the packed
// files exist, and the package says where it lives.

const packed = () => {
  const result = spawnSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: REPO_ROOT, encoding: "utf8" });
  return new Set((JSON.parse(result.stdout) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path));
};

test("every link and image in the published README is absolute or a file the package ships", () => {
  const files = packed();
  const readme = fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
  const targets = [...readme.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!).filter((t) => !t.startsWith("#"));
  expect(targets.length).toBeGreaterThan(3);
  const broken = targets.filter((t) => !/^https?:\/\//.test(t) && !files.has(t.replace(/^\.\//, "").replace(/#.*$/, "")));
  expect(broken).toEqual([]);
  expect(files.has("README.md")).toBe(true);
});

test("package.json says where the project lives", () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as Record<string, unknown>;
  expect(manifest).toMatchObject({ repository: { url: expect.stringContaining("github.com") }, homepage: expect.any(String), bugs: { url: expect.any(String) }, keywords: expect.arrayContaining(["secrets"]) });
});
