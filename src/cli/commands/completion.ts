import type { Command, CommandUnknownOpts } from "../../vendor/commander";
import { ENV_TYPES } from "../../project/env-types";
import { UserError } from "../../project/errors";
import { FORMATS } from "../../formats";
import { TARGETS } from "../../targets";
import { withExamples } from "../help";
import { processOutput } from "../output";

const SHELLS = ["bash", "zsh", "fish"] as const;
type Shell = (typeof SHELLS)[number];

/** A command path ("" for the program, "secret set") and the words that may follow it. */
type WordTable = Map<string, string[]>;

/** The values an option takes, where keystash knows them (by the option's long flag, or "command flag"). */
function optionValues(): Map<string, string[]> {
  const types = [...ENV_TYPES, "prod", "dev", "pr"];
  return new Map([
    ["--type", types],
    ["export --format", Object.keys(FORMATS)],
    ["check --format", ["text", "json", "github"]],
    ["scan --format", ["text", "json", "github"]],
    ["sync --to", Object.keys(TARGETS)],
    ["completion", [...SHELLS]],
  ]);
}

/** Every command path of the program with its sub-commands and long options, read from commander's own definitions. */
function wordTable(program: CommandUnknownOpts): WordTable {
  const table: WordTable = new Map();
  const visit = (command: CommandUnknownOpts, path: string) => {
    // Hidden commands (git's merge driver) are for tools, not for typing.
    const shown = command.commands.filter((sub) => !(sub as CommandUnknownOpts & { _hidden?: boolean })._hidden);
    const subcommands = shown.map((sub) => sub.name());
    const options = command.options.flatMap((option) => [option.long, option.short]).filter((flag): flag is string => flag !== undefined);
    table.set(path, [...subcommands, ...options, "--help"]);
    for (const sub of shown) visit(sub, path ? `${path} ${sub.name()}` : sub.name());
  };
  visit(program, "");
  return table;
}

const quoted = (words: readonly string[]): string => words.join(" ");

/** `case` arms of the shell function that prints the words after a path (bash and zsh share it). */
function bashScript(table: WordTable, values: Map<string, string[]>): string {
  const arms = [...table].map(([path, words]) => `    "${path}") echo "${quoted(words)}" ;;`);
  const valueArms = [...values].map(([key, words]) => `    "${key}") echo "${quoted(words)}" ;;`);
  return `# keystash completion for bash: eval "$(keystash completion bash)" in ~/.bashrc
_keystash_words() {
  case "$1" in
${arms.join("\n")}
  esac
}
_keystash_values() {
  case "$1" in
${valueArms.join("\n")}
  esac
}
_keystash() {
  local i word path="" cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}" values
  for ((i = 1; i < COMP_CWORD; i++)); do
    word="\${COMP_WORDS[i]}"
    [[ "$word" == -* ]] && continue
    if [[ " $(_keystash_words "$path") " == *" $word "* ]]; then path="\${path:+$path }$word"; fi
  done
  if [[ "$prev" == --* ]]; then
    values="$(_keystash_values "\${path%% *} $prev")"
    [[ -z "$values" ]] && values="$(_keystash_values "$prev")"
    if [[ -n "$values" ]]; then COMPREPLY=($(compgen -W "$values" -- "$cur")); return; fi
  fi
  [[ "$path" == "completion" ]] && { COMPREPLY=($(compgen -W "$(_keystash_values completion)" -- "$cur")); return; }
  COMPREPLY=($(compgen -W "$(_keystash_words "$path")" -- "$cur"))
}
complete -F _keystash keystash
complete -F _keystash check-secrets
`;
}

function zshScript(table: WordTable, values: Map<string, string[]>): string {
  return `#compdef keystash check-secrets
# keystash completion for zsh: eval "$(keystash completion zsh)" in ~/.zshrc (after compinit)
autoload -U +X bashcompinit && bashcompinit
${bashScript(table, values).split("\n").slice(1).join("\n")}`;
}

function fishScript(table: WordTable, values: Map<string, string[]>): string {
  const arms = [...table].map(([path, words]) => `    case '${path}'\n      printf '%s\\n' ${quoted(words)}`);
  const valueArms = [...values].map(([key, words]) => `    case '${key}'\n      printf '%s\\n' ${quoted(words)}`);
  return `# keystash completion for fish: keystash completion fish > ~/.config/fish/completions/keystash.fish
function __keystash_words
  switch $argv[1]
${arms.join("\n")}
  end
end
function __keystash_values
  switch $argv[1]
${valueArms.join("\n")}
  end
end
function __keystash_complete
  set -l words (commandline -opc)
  set -l path ''
  for word in $words[2..-1]
    string match -q -- '-*' $word; and continue
    if contains -- $word (__keystash_words "$path")
      set path (string trim -- "$path $word")
    end
  end
  set -l prev $words[-1]
  if string match -q -- '--*' $prev
    set -l first (string split ' ' -- $path)[1]
    set -l values (__keystash_values "$first $prev")
    test -z "$values"; and set values (__keystash_values $prev)
    if test -n "$values"
      printf '%s\\n' $values
      return
    end
  end
  if test "$path" = completion
    __keystash_values completion
    return
  end
  __keystash_words "$path"
end
complete -c keystash -f -a '(__keystash_complete)'
complete -c check-secrets -f -a '(__keystash_complete)'
`;
}

/** `keystash completion bash|zsh|fish`: a completion script for the shell, from the commands' own definitions. */
export function register(program: Command): void {
  withExamples(
    program
      .command("completion")
      .description("print a shell completion script for keystash's commands, options and their values")
      .argument("<shell>", `the shell: ${SHELLS.join(", ")}`),
    ['eval "$(keystash completion bash)"          # in ~/.bashrc', 'eval "$(keystash completion zsh)"           # in ~/.zshrc, after compinit', "keystash completion fish > ~/.config/fish/completions/keystash.fish"],
  ).action((shell) => {
    if (!(SHELLS as readonly string[]).includes(shell)) throw new UserError(`completion: '${shell}' is not a shell keystash completes`, `use one of: ${SHELLS.join(", ")}`);
    // The program holds every command here (main.ts registers all of them for `completion`).
    const table = wordTable(program);
    const values = optionValues();
    const scripts: Record<Shell, () => string> = { bash: () => bashScript(table, values), zsh: () => zshScript(table, values), fish: () => fishScript(table, values) };
    processOutput().out(scripts[shell as Shell]().trimEnd());
  });
}
