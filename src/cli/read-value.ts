import { UserError } from "../project/errors";

/** Reads a hidden line from the terminal: no echo, backspace works, Ctrl-C aborts. */
function promptHidden(prompt: string): Promise<string> {
  const input = process.stdin;
  return new Promise((resolve, reject) => {
    let value = "";
    // Echo goes off before the prompt shows, so nothing typed after it is ever echoed.
    input.setRawMode(true);
    process.stderr.write(prompt);
    input.resume();
    input.setEncoding("utf8");
    const finish = (error?: Error) => {
      input.setRawMode(false);
      input.pause();
      input.removeListener("data", onData);
      process.stderr.write("\n");
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === "\r" || char === "\n" || char === "\u0004") return finish();
        if (char === "\u0003") return finish(new UserError("aborted", undefined, { exitCode: 130 }));
        if (char === "\u007f" || char === "\b") value = value.slice(0, -1);
        else value += char;
      }
    };
    input.on("data", onData);
  });
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * The value for `secret set`: a hidden prompt on a TTY, else standard input with trailing
 * CR/LF stripped (kept with `keepNewlines`). Never from argv.
 * @throws UserError for an empty value unless `allowEmpty`.
 */
export async function readSecretInput(options: { keepNewlines?: boolean; allowEmpty?: boolean }): Promise<string> {
  let value = process.stdin.isTTY ? await promptHidden("Enter secret value: ") : await readStdin();
  if (!options.keepNewlines) value = value.replace(/[\r\n]+$/, "");
  if (value === "" && !options.allowEmpty) {
    throw new UserError("secret set: the value is empty", "pipe the value on stdin (or type it at the prompt); pass --allow-empty to store an empty value");
  }
  return value;
}
