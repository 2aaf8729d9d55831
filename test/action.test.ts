import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { linkKeystash } from "./helpers/app";
import { REPO_ROOT, cleanEnv, tempDir } from "./helpers/cli";
import { grantProduction, initApp, type AppUser } from "./helpers/keystash-app";

// The GitHub Action as the runner runs it: action.yml's composite step, with `${{ inputs.* }}`
// filled in from the README's snippet (defaults for the rest), run by bash in the working
// directory with GITHUB_ACTION_PATH and GITHUB_ENV set.

interface ActionFile {
  inputs: Record<string, { required?: boolean; default?: string }>;
  runs: { using: string; steps: { shell: string; "working-directory"?: string; run: string; env: Record<string, string> }[] };
}
const action = parse(fs.readFileSync(path.join(REPO_ROOT, "action.yml"), "utf8")) as ActionFile;

/** The `with:` of the README snippet's keystash step. */
function readmeInputs(): Record<string, string> {
  const readme = fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
  const snippet = /### In GitHub Actions: one step[\s\S]*?```yaml\n([\s\S]*?)```/.exec(readme)![1]!;
  const steps = (parse(snippet) as { steps: { uses?: string; with?: Record<string, unknown> }[] }).steps;
  const step = steps.find((s) => s.uses?.startsWith("keystash/keystash@"))!;
  return Object.fromEntries(Object.entries(step.with ?? {}).map(([key, value]) => [key, String(value)]));
}

function runAction(user: AppUser, inputs: Record<string, string>) {
  const missing = Object.keys(action.inputs).filter((name) => action.inputs[name]!.required && !(name in inputs));
  if (missing.length) throw new Error(`required inputs missing: ${missing.join(", ")}`);
  const value = (name: string) => inputs[name] ?? action.inputs[name]?.default ?? "";
  const fill = (text: string) => text.replace(/\$\{\{\s*inputs\.([\w-]+)\s*\}\}/g, (_, name: string) => value(name));
  const [step] = action.runs.steps;
  const githubEnv = path.join(tempDir("keystash-gh-"), "env");
  fs.writeFileSync(githubEnv, "");
  const script = path.join(tempDir("keystash-gh-"), "step.sh");
  fs.writeFileSync(script, fill(step!.run));
  const stepEnv = Object.fromEntries(Object.entries(step!.env).map(([key, text]) => [key, fill(text)]));
  const result = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", script], {
    cwd: path.resolve(user.app, fill(step!["working-directory"] ?? ".")),
    env: { ...cleanEnv(), ...user.env, ...stepEnv, GITHUB_ACTION_PATH: REPO_ROOT, GITHUB_ENV: githubEnv, GITHUB_ACTIONS: "true" },
    encoding: "utf8",
  });
  return { ...result, githubEnv: fs.readFileSync(githubEnv, "utf8") };
}

/** GITHUB_ENV's `NAME<<DELIMITER` blocks, as the runner reads them. */
function readGithubEnv(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const heredoc = /^([^=<]+)<<(.+)$/.exec(lines[i]!);
    if (!heredoc) continue;
    const end = lines.indexOf(heredoc[2]!, i + 1);
    values[heredoc[1]!] = lines.slice(i + 1, end).join("\n");
    i = end;
  }
  return values;
}

const CODE = { "src/api.ts": 'import { secret } from "keystash";\nexport const key = secret("ApiKey");\nexport const cert = secret("TlsCert");\n' };

test("action.yml is a composite action whose inputs the README's snippet uses", () => {
  expect(action.runs.using).toBe("composite");
  expect(Object.keys(readmeInputs()).every((name) => name in action.inputs)).toBe(true);
  expect(action.inputs.env!.required).toBe(true);
});

test("the README's step: check passes, and every value reaches GITHUB_ENV masked first, never in the log otherwise", () => {
  const user = initApp(CODE);
  linkKeystash(user.app);
  grantProduction(user);
  const key = ["ak", "live", "7d1e0c9b8a"].join("_");
  const cert = "-----BEGIN CERT-----\nMIIBszCCAVmgAwIBAgIU\n-----END CERT-----";
  expect(user.ks(["secret", "set", "--prod", "--yes", "ApiKey"], key).status).toBe(0);
  expect(user.ks(["secret", "set", "--prod", "--yes", "--keep-newlines", "TlsCert"], cert).status).toBe(0);
  const result = runAction(user, readmeInputs());
  expect([result.status, result.stderr]).toEqual([0, expect.not.stringContaining(key)]);
  const masks = result.stdout.split("\n").filter((line) => line.startsWith("::add-mask::")).map((line) => line.slice("::add-mask::".length));
  expect(masks.sort()).toEqual([key, ...cert.split("\n")].sort());
  // Outside its mask command no value appears in the log.
  const log = result.stdout.split("\n").filter((line) => !line.startsWith("::add-mask::")).join("\n");
  for (const line of [key, ...cert.split("\n")]) expect(log).not.toContain(line);
  expect(readGithubEnv(result.githubEnv)).toEqual({ KEYSTASH_ENV: "production", KEYSTASH_ENV_TYPE: "production", ApiKey: key, TlsCert: cert });
  expect(result.stdout).toContain("keystash: 4 variables for production are in the job's environment, masked");
});

test("a missing secret is an annotation on its declaration, exit 1, and nothing is exported", () => {
  const user = initApp(CODE);
  linkKeystash(user.app);
  grantProduction(user);
  expect(user.ks(["secret", "set", "--prod", "--yes", "ApiKey"], "v-1234567890").status).toBe(0);
  const result = runAction(user, { env: "production", export: "true" });
  expect(result.status).toBe(1);
  expect(result.stdout).toMatch(/^::error file=src\/api\.ts,line=3,col=\d+,title=keystash::TlsCert is not set for production/m);
  expect(result.githubEnv).toBe("");
});

test("a bad input or an app without keystash installed stops the step with one annotation and exit 2", () => {
  const user = initApp(CODE);
  const notInstalled = runAction(user, { env: "production" });
  expect([notInstalled.status, notInstalled.stdout.trim()]).toEqual([2, `::error title=keystash::no keystash in ${path.join(fs.realpathSync(user.app), "node_modules")}: install the app's dependencies (npm ci) before this step, or set working-directory`]);
  linkKeystash(user.app);
  const badScan = runAction(user, { env: "production", scan: "everything" });
  expect([badScan.status, badScan.stdout.trim()]).toEqual([2, "::error title=keystash::the `scan` input is 'everything'; use none, staged or values"]);
  const noEnv = runAction(user, { env: " " });
  expect(noEnv.status).toBe(2);
});
