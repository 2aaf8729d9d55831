import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { UserError } from "../project/errors";
import type { X25519Identity } from "./age-decrypt";
import { bech32Decode } from "../project/bech32";
import { lazy } from "../lazy";

// node:crypto is loaded when a key is first used, not when identities are listed.
const ageDecrypt = lazy(() => require("./age-decrypt") as typeof import("./age-decrypt"));
const ageEncrypt = lazy(() => require("./age-encrypt") as typeof import("./age-encrypt"));

/** Where the identity comes from: KEYSTASH_IDENTITY, else KEYSTASH_IDENTITY_FILE, else the default file. */
export interface IdentitySource {
  kind: "env" | "file";
  /** `KEYSTASH_IDENTITY`, or the file's path. */
  label: string;
}

/** `$XDG_CONFIG_HOME/keystash/identity.txt`, default `~/.config/keystash/identity.txt`. */
export function defaultIdentityFile(env: NodeJS.ProcessEnv = process.env): string {
  const configHome = env.XDG_CONFIG_HOME || path.join(env.HOME || os.homedir(), ".config");
  return path.join(configHome, "keystash", "identity.txt");
}

/** Which identity source is in force. */
export function identitySource(env: NodeJS.ProcessEnv = process.env): IdentitySource {
  if (env.KEYSTASH_IDENTITY) return { kind: "env", label: "KEYSTASH_IDENTITY" };
  if (env.KEYSTASH_IDENTITY_FILE) return { kind: "file", label: env.KEYSTASH_IDENTITY_FILE };
  return { kind: "file", label: defaultIdentityFile(env) };
}

/**
 * An identity whose key is turned into key objects (which needs node:crypto, ~9 ms to load)
 * only when it first decrypts. Its recipient comes from the `# public key:` line that
 * age-keygen and `keystash init` write above the key, so start-up checks of who can read
 * what need no crypto; the claim is checked against the key on first use.
 */
class LazyIdentity implements X25519Identity {
  private parsed: X25519Identity | undefined;

  constructor(
    private readonly secretKey: string,
    private readonly claimedRecipient: string | undefined,
    private readonly where: string,
  ) {}

  private get key(): X25519Identity {
    if (this.parsed) return this.parsed;
    const parsed = ageDecrypt().parseIdentity(this.secretKey);
    if (this.claimedRecipient !== undefined && parsed.recipient !== this.claimedRecipient) {
      throw new UserError(`identity: ${this.where}: its "# public key:" line does not match the key below it`, "fix or remove that comment line");
    }
    return (this.parsed = parsed);
  }

  get recipient(): string {
    return this.claimedRecipient ?? this.key.recipient;
  }

  get privateKey(): X25519Identity["privateKey"] {
    return this.key.privateKey;
  }

  get publicKey(): Buffer {
    return this.key.publicKey;
  }
}

/**
 * Refuses an identity file that other users can read or change, as ssh does for private keys.
 * @throws UserError with the `chmod 600` fix; ENOENT passes through.
 */
function checkPrivate(file: string): void {
  if (process.platform === "win32") return; // no POSIX modes
  const mode = fs.statSync(file).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new UserError(
      `identity: ${file} is accessible by other users (mode ${mode.toString(8).padStart(4, "0")}); keystash refuses private keys others can read or replace`,
      `chmod 600 ${file}`,
    );
  }
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
      checkPrivate(source.label);
      text = fs.readFileSync(source.label, "utf8");
    } catch (error) {
      if (error instanceof UserError) throw error;
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
      throw new UserError(`identity: cannot read ${source.label}: ${(error as NodeJS.ErrnoException).code ?? "error"}`);
    }
  }
  const identities: X25519Identity[] = [];
  let claimed: string | undefined;
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    const comment = /^#\s*public key:\s*(age1[0-9a-z]+)\s*$/.exec(line);
    if (comment) claimed = comment[1];
    if (line === "" || line.startsWith("#")) continue;
    const where = `${source.label} entry ${identities.length + 1}`;
    const bytes = bech32Decode(line, "AGE-SECRET-KEY-");
    if (!bytes || bytes.length !== 32) throw new UserError(`identity: ${where} is not a valid age X25519 identity (AGE-SECRET-KEY-1...)`);
    const identity = new LazyIdentity(line, claimed, where);
    // Without a public-key comment the recipient must be derived now (it needs node:crypto).
    if (claimed === undefined) void identity.recipient;
    identities.push(identity);
    claimed = undefined;
  }
  if (identities.length === 0) throw new UserError(`identity: ${source.label} holds no identity`, "it should contain an AGE-SECRET-KEY-1... line");
  return identities;
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
  const { secretKey, recipient } = ageEncrypt().generateIdentity();
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const text = `# created: ${new Date().toISOString()}\n# public key: ${recipient}\n${secretKey}\n`;
  fs.writeFileSync(file, text, { mode: 0o600, flag: "wx" });
  return { recipient, created: true };
}
