import * as fs from "node:fs";
import { examples, selectorOptions, GRANT_OPTION } from "../help";
import * as path from "node:path";
import type { Command } from "../../vendor/commander";
import { secretNameProblem } from "../../analyzer/names";
import { UserError } from "../../project/errors";
import { describeReach, isEmptySelector, overlap, sameSelector } from "../../store/selector";
import { setSecretValue } from "../../store/store";
import { readStore } from "../../store/store-file";
import { canRead, currentVersion, decryptVersion } from "../../store/values";
import { loadIdentities } from "../../store/identity";
import { appContext } from "../context";
import { currentIo } from "../io";
import { lazy } from "../../lazy";

interface DotenvxLibrary {
  parse: (src: string, options: object) => Record<string, string>;
}
const dotenvLibrary = lazy(() => require("../../vendor/dotenv") as typeof import("dotenv"));
// Optional: only importing dotenvx-encrypted values needs it.
const dotenvxLibrary = lazy(() => require("@dotenvx/dotenvx") as DotenvxLibrary);
import { confirmGainsOnCli } from "../confirm";
import { processOutput } from "../output";
import { checkValueCarriable } from "../../core/carriable";
import { selectorFromFlags } from "../../core/selector-flags";
import { decodeUtf8 } from "../../project/utf8";

/**
 * The KEY=VALUE pairs of a file: JSON (an object of strings), else dotenv syntax (multi-line
 * values, `export` prefixes, comments) read by the dotenv package, which never expands or runs
 * anything. Values dotenvx encrypted (`encrypted:…`) are decrypted with DOTENV_PRIVATE_KEY
 * from the environment, never from argv.
 * @throws UserError naming the file when it cannot be read or decrypted.
 */
function readPairs(full: string, file: string, env: NodeJS.ProcessEnv): Map<string, string> {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(full);
  } catch (error) {
    throw new UserError(`import: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? "error"}`);
  }
  const decoded = decodeUtf8(bytes);
  if (!decoded.ok) throw new UserError(`import: ${file}:${decoded.line} is not valid UTF-8; nothing was imported`, "keystash stores text: re-save the file as UTF-8 (binary values base64-encoded)");
  const text = decoded.text;
  if (file.endsWith(".json") || text.trimStart().startsWith("{")) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new UserError(`import: ${file} is not valid JSON`, "expected one object of names to string values");
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new UserError(`import: ${file} is not a JSON object of names to string values`);
    const pairs = new Map<string, string>();
    for (const [name, value] of Object.entries(parsed)) {
      if (typeof value !== "string") throw new UserError(`import: ${file}: the value of ${name.slice(0, 64)} is not a string`, "flatten nested values into strings first");
      pairs.set(name, value);
    }
    return pairs;
  }
  const pairs = new Map(Object.entries(dotenvLibrary().parse(text)));
  const encrypted = [...pairs].filter(([, value]) => value.startsWith("encrypted:"));
  if (encrypted.length > 0) {
    const key = env.DOTENV_PRIVATE_KEY;
    if (!key) throw new UserError(`import: ${file} holds dotenvx-encrypted values`, "set DOTENV_PRIVATE_KEY (from its .env.keys) in the environment");
    let dotenvx: DotenvxLibrary;
    try {
      dotenvx = dotenvxLibrary();
    } catch {
      throw new UserError("import: decrypting dotenvx values needs @dotenvx/dotenvx", "install it: npm install --save-dev @dotenvx/dotenvx");
    }
    for (const [name, value] of encrypted) {
      // One base64 value at a time, with an empty environment: nothing to expand or run.
      const plain = dotenvx.parse(`${name}="${value}"`, { privateKey: key, processEnv: {} })[name];
      if (plain === undefined || plain.startsWith("encrypted:")) throw new UserError(`import: cannot decrypt ${name} from ${path.basename(file)} with DOTENV_PRIVATE_KEY`, "check that the key is the one in .env.keys for this file");
      pairs.set(name, plain);
    }
  }
  return pairs;
}

/** `keystash import FILE`: a .env (or dotenvx, or JSON) file's values into the store. */
export function register(program: Command): void {
  selectorOptions(
    program
      .command("import")
    .addHelpText("after", examples(["keystash import .env --dev                  # every line of a .env as a development value", "keystash import .env.production --prod --dry-run"]))
      .description("load every KEY=VALUE of a .env file (dotenv syntax, dotenvx-encrypted values, or a JSON object) into the store for a selector")
      .argument("<file>", ".env, .env.production, secrets.json...")
      .option("--dry-run", "report what would be created, updated or skipped, and write nothing")
      .option(...GRANT_OPTION),
  ).action(async (file, flags) => {
    const io = currentIo();
    const context = appContext(flags, { writesStore: flags.dryRun !== true });
    const selector = selectorFromFlags(context.config, flags);
    const pairs = readPairs(path.resolve(io.cwd, file), file, io.env);
    const output = processOutput();
    const identities = loadIdentities(io.env);
    const counts = { created: 0, updated: 0, unchanged: 0, skipped: 0 };
    const reach = describeReach(selector);
    const confirm = confirmGainsOnCli(output, { command: "import", yes: flags.yes, names: context.config.recipientNames });
    for (const [name, value] of [...pairs].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const problem = secretNameProblem(name);
      if (problem !== undefined) {
        counts.skipped++;
        output.err(`skipped ${name.slice(0, 64)}: not a valid secret name (${problem})`);
        continue;
      }
      try {
        checkValueCarriable(name, value, "import");
      } catch (error) {
        counts.skipped++;
        output.err(`skipped ${name}: ${(error as Error).message.replace(/^import: /, "")}`);
        continue;
      }
      const values = readStore(context.root).secrets[name] ?? [];
      const same = values.find((v) => sameSelector(v.selector, selector));
      if (same) {
        const version = currentVersion(same);
        if (canRead(identities, version) && decryptVersion(name, same, version, identities, { name: "import", type: "local" }) === value) {
          counts.unchanged++;
          output.out(`unchanged ${name}`);
          continue;
        }
      } else {
        const clash = values.find((v) => !isEmptySelector(overlap(v.selector, selector)));
        if (clash) {
          counts.skipped++;
          output.err(`skipped ${name}: it already has a value for part of ${reach}; see \`keystash secret list ${name}\``);
          continue;
        }
      }
      const outcome = flags.dryRun ? (same ? "updated" : "created") : await setSecretValue(context.root, name, selector, value, { writer: identities[0]?.recipient, confirm });
      counts[outcome]++;
      output.out(`${flags.dryRun ? `would have ${outcome}` : outcome} ${name} (${reach})`);
    }
    output.out(`${flags.dryRun ? "Dry run: " : ""}${counts.created} created, ${counts.updated} updated, ${counts.unchanged} unchanged, ${counts.skipped} skipped from ${path.basename(file)}.`);
  });
}
