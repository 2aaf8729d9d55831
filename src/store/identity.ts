import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { UserError } from "../project/errors";
import { parseIdentity, type X25519Identity } from "./age-decrypt";

/** Where the identity comes from, in the order SPEC 4 gives. */
export interface IdentitySource {
  kind: "env" | "file";
  /** `KEYSTASH_IDENTITY`, or the file's path. */
  label: string;
}

/** `$XDG_CONFIG_HOME/keystash/identity.txt`, default `~/.config/keystash/identity.txt`. */
export function defaultIdentityFile(env: NodeJS.ProcessEnv = process.env): string {
  const configHome = env.XDG_CONFIG_HOME || path.join(os.homedir(), ".config");
  return path.join(configHome, "keystash", "identity.txt");
}

/** Which identity source is in force. */
export function identitySource(env: NodeJS.ProcessEnv = process.env): IdentitySource {
  if (env.KEYSTASH_IDENTITY) return { kind: "env", label: "KEYSTASH_IDENTITY" };
  if (env.KEYSTASH_IDENTITY_FILE) return { kind: "file", label: env.KEYSTASH_IDENTITY_FILE };
  return { kind: "file", label: defaultIdentityFile(env) };
}

/**
 * Loads the process's identities (one per `AGE-SECRET-KEY-1` line; `#` comments allowed).
 * Returns [] when the source does not exist.
 * @throws UserError naming the source (never its content) when it holds no valid identity.
 */
export function loadIdentities(env: NodeJS.ProcessEnv = process.env): X25519Identity[] {
  const source = identitySource(env);
  let text: string;
  if (source.kind === "env") {
    text = env.KEYSTASH_IDENTITY!;
  } else {
    try {
      text = fs.readFileSync(source.label, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
      throw new UserError(`identity: cannot read ${source.label}: ${(error as NodeJS.ErrnoException).code ?? "error"}`);
    }
  }
  const keys = text.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== "" && !line.startsWith("#"));
  if (keys.length === 0) throw new UserError(`identity: ${source.label} holds no identity`, "it should contain an AGE-SECRET-KEY-1... line");
  return keys.map((key, index) => {
    try {
      return parseIdentity(key);
    } catch (cause) {
      throw new UserError(`identity: ${source.label}: entry ${index + 1} is not a valid age X25519 identity (AGE-SECRET-KEY-1...)`, undefined, { cause });
    }
  });
}

/**
 * Creates an identity file with mode 0600 (its directory 0700) unless one exists.
 * @returns the identity's recipient, and whether it was created now.
 */
export async function ensureIdentityFile(file: string): Promise<{ recipient: string; created: boolean }> {
  if (fs.existsSync(file)) {
    const [identity] = loadIdentities({ KEYSTASH_IDENTITY_FILE: file });
    if (!identity) throw new UserError(`identity: ${file} holds no identity`);
    return { recipient: identity.recipient, created: false };
  }
  const age = await import("age-encryption");
  const secretKey = await age.generateX25519Identity();
  const recipient = await age.identityToRecipient(secretKey);
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const text = `# created: ${new Date().toISOString()}\n# public key: ${recipient}\n${secretKey}\n`;
  fs.writeFileSync(file, text, { mode: 0o600, flag: "wx" });
  return { recipient, created: true };
}
