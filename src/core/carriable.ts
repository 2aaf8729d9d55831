import { UserError } from "../project/errors";

// Linux's limit for one `NAME=value` string handed to a process (MAX_ARG_STRLEN, with its NUL).
const MAX_ENV_ENTRY_BYTES = 128 * 1024;

/**
 * Refuses a value no environment variable can carry: a NUL character (it ends the C
 * string) or more bytes than the kernel passes to a new process. The value is never echoed.
 * `context` starts the message: where the value came from, as the caller names it.
 * @throws UserError naming the secret and the problem.
 */
export function checkValueCarriable(name: string, value: string, context: string): void {
  if (value.includes("\0")) {
    throw new UserError(`${context}: the value for ${name} contains a NUL character, which no environment variable can carry`, "encode the value (e.g. base64) and decode it in the app");
  }
  const bytes = Buffer.byteLength(`${name}=${value}`) + 1;
  if (bytes > MAX_ENV_ENTRY_BYTES) {
    throw new UserError(`${context}: the value for ${name} is ${bytes} bytes, more than an environment variable can carry (${MAX_ENV_ENTRY_BYTES})`, "store a smaller value, e.g. a key that unlocks a file kept elsewhere");
  }
}
