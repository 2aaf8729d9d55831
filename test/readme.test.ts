import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT, cleanEnv, tempDir } from "./helpers/cli";
import { packedKeystash } from "./toolchain/installed";

// The README's first five minutes, pasted: each setup's snippet runs in bash in a fresh app
// folder (a package.json, nothing else), installing its toolchain from the npm registry. The one
// change: `npm install keystash` installs this repository's packed tarball (keystash is not on
// the registry from here).

const readme = fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
const firstFiveMinutes = readme.slice(readme.indexOf("## Install and the first five minutes"), readme.indexOf("### Then production"));

/** The sh block under the `### ` heading that starts with `heading`. */
function snippet(heading: string): string {
  const at = firstFiveMinutes.indexOf(`### ${heading}`);
  if (at < 0) throw new Error(`README: no "### ${heading}" in the first five minutes`);
  return /```sh\n([\s\S]*?)```/.exec(firstFiveMinutes.slice(at))![1]!;
}

const SETUPS = ["Plain Node", "`tsc` 5 or 6, with the transformer", "TypeScript 7", "Vite"];
const TOKEN = ["ghp", "readme", "5m1n"].join("_");

test("the first five minutes has one snippet per setup, and nothing else to paste", () => {
  expect([...firstFiveMinutes.matchAll(/^### (.+)$/gm)].map((m) => m[1]).filter((h) => !h!.startsWith("What each"))).toEqual(SETUPS.map((s, i) => (i === 3 ? `${s} (esbuild, Rollup, webpack: see "Building with a bundler")` : s)));
});

test.each(SETUPS)("%s: pasted into a fresh app, it ends with the app printing the value", (heading) => {
  const app = tempDir("keystash-readme-");
  fs.writeFileSync(path.join(app, "package.json"), '{ "name": "my-app", "private": true }\n');
  const script = snippet(heading).replace(/^npm install keystash$/m, `npm install ${packedKeystash()}`);
  expect(script).toContain(packedKeystash());
  const result = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", script], {
    cwd: app,
    env: { ...cleanEnv(), TOKEN, XDG_CONFIG_HOME: tempDir("keystash-home-"), NO_COLOR: "1", npm_config_prefer_offline: "true", npm_config_audit: "false", npm_config_fund: "false", npm_config_update_notifier: "false" },
    encoding: "utf8",
    timeout: 300_000,
  });
  expect([heading, result.status, result.stdout.trimEnd().split("\n").pop()]).toEqual([heading, 0, "token: ghp_…"]);
  expect(result.stdout + result.stderr).not.toContain(TOKEN);
}, 300_000);
