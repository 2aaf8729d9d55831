import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { runCli, tempDir } from "../helpers/cli";
import { testWith } from "../helpers/system-tools";

// `keystash completion SHELL`, loaded into the real shell: what Tab offers after a command line.
function script(shell: string): string {
  const result = runCli(["completion", shell], { cwd: tempDir("keystash-completion-") });
  expect([result.status, result.stderr]).toEqual([0, ""]);
  const file = path.join(tempDir("keystash-completion-"), `keystash.${shell}`);
  fs.writeFileSync(file, result.stdout);
  return file;
}

/** What the shell offers after `line` (words, the last one being completed). */
const CASES: [string, string[]][] = [
  ["keystash se", ["secret"]],
  ["keystash secret s", ["set"]],
  ["keystash secret set --d", ["--dev"]],
  ["keystash access add --type p", ["production", "preview", "prod", "pr"]],
  ["keystash export --format k", ["k8s-secret"]],
  ["keystash sync --to v", ["vault"]],
  ["keystash check --format g", ["github"]],
  ["keystash completion f", ["fish"]],
  ["keystash merge", []],
];

/** What bash (or zsh, through bashcompinit) offers after each line, in one shell process. */
function bashOffers(file: string, shell: "bash" | "zsh", lines: readonly string[]): string[][] {
  const calls = lines.map((line) => {
    const words = line.split(" ");
    return `offer ${words.length - 1} ${words.map((w) => `'${w}'`).join(" ")}; echo '--'`;
  });
  const offer = 'COMP_CWORD=$1; shift; COMP_WORDS=("$@"); COMPREPLY=(); _keystash; printf \'%s\\n\' "${COMPREPLY[@]}"';
  const body =
    shell === "bash"
      ? `source ${file}; offer() { ${offer}; }; ${calls.join("; ")}`
      : `autoload -U +X compinit && compinit -u -D; source ${file}; offer() { emulate -L sh; setopt kshglob noshglob braceexpand; ${offer}; }; ${calls.join("; ")}`;
  const result = spawnSync(shell, shell === "bash" ? ["--norc", "--noprofile", "-c", body] : ["-f", "-c", body], { encoding: "utf8" });
  expect(result.stderr).toBe("");
  const blocks = result.stdout.split("--\n").slice(0, lines.length);
  // zsh's compgen (bashcompinit) hands every word to compadd, which keeps those matching what is typed.
  return blocks.map((block, i) => block.split("\n").filter((word) => word !== "" && word.startsWith(lines[i]!.split(" ").pop()!)));
}

testWith("bash", "bash: commands, sub-commands, options and their values", () => {
  const offered = bashOffers(script("bash"), "bash", CASES.map(([line]) => line));
  expect(CASES.map(([line], i) => [line, offered[i]!.sort()])).toEqual(CASES.map(([line, words]) => [line, [...words].sort()]));
});

testWith("zsh", "zsh (through bashcompinit): the same words", () => {
  const offered = bashOffers(script("zsh"), "zsh", CASES.map(([line]) => line));
  expect(CASES.map(([line], i) => [line, offered[i]!.sort()])).toEqual(CASES.map(([line, words]) => [line, [...words].sort()]));
});

testWith("fish", "fish: the same words, from `complete -C`", () => {
  const file = script("fish");
  for (const [line, offered] of CASES) {
    const result = spawnSync("fish", ["--no-config", "-c", `source ${file}; complete -C '${line}'`], { encoding: "utf8" });
    expect([line, result.stderr]).toEqual([line, ""]);
    expect([line, result.stdout.split("\n").filter(Boolean).map((l) => l.split("\t")[0]!).sort()]).toEqual([line, [...offered].sort()]);
  }
});

test("an unknown shell is a usage error naming the ones there are", () => {
  const result = runCli(["completion", "tcsh"], { cwd: tempDir("keystash-completion-") });
  expect([result.status, result.stderr]).toEqual([2, "error: completion: 'tcsh' is not a shell keystash completes\nhint: use one of: bash, zsh, fish\n"]);
});
