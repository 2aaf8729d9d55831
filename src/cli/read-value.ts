import { UserError } from "../project/errors";
import { currentIo, type InputStream, type OutputStream } from "./io";
import { checkValueCarriable } from "../core/carriable";

/** Reads a hidden line from the terminal: no echo, backspace works, Ctrl-C aborts. */
function promptHidden(prompt: string, input: InputStream, stderr: OutputStream): Promise<string> {
  return new Promise((resolve, reject) => {
    let value = "";
    // Echo goes off before the prompt shows, so nothing typed after it is ever echoed.
    input.setRawMode?.(true);
    stderr.write(prompt);
    input.resume();
    input.setEncoding("utf8");
    const finish = (error?: Error) => {
      input.setRawMode?.(false);
      input.pause();
      input.removeListener("data", onData);
      stderr.write("\n");
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

async function readStdin(input: InputStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of input) chunks.push(Buffer.from(chunk as Buffer));
  try {
    // fatal: invalid UTF-8 is refused, never silently replaced by U+FFFD.
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new UserError("secret set: the value on stdin is not valid UTF-8", "keystash stores text: encode binary values first (e.g. base64 -w0 key.bin | keystash secret set NAME)");
  }
}

/**
 * The value for `secret set`: a hidden prompt on a TTY, else standard input with trailing
 * CR/LF stripped (kept with `keepNewlines`). Never from argv.
 * @throws UserError for an empty value unless `allowEmpty`, invalid UTF-8, or a value no
 *   environment variable can carry.
 */
export async function readSecretInput(name: string, options: { keepNewlines?: boolean; allowEmpty?: boolean }): Promise<string> {
  const { stdin, stderr } = currentIo();
  let value = stdin.isTTY ? await promptHidden("Enter secret value: ", stdin, stderr) : await readStdin(stdin);
  if (!options.keepNewlines) value = value.replace(/[\r\n]+$/, "");
  if (value === "" && !options.allowEmpty) {
    throw new UserError("secret set: the value is empty", "pipe the value on stdin (or type it at the prompt); pass --allow-empty to store an empty value");
  }
  checkValueCarriable(name, value, "secret set");
  return value;
}
