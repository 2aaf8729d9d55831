import * as crypto from "node:crypto";
import { chachaOpen, TAG_SIZE } from "./aead";
import { bech32Decode, bech32Encode } from "../project/bech32";

/**
 * Synchronous age (v1, X25519) decryption on node:crypto's native X25519, HKDF, HMAC and
 * ChaCha20-Poly1305. The runtime's `secret()` is synchronous and start-up must stay fast,
 * so it cannot go through the async, pure-JavaScript age-encryption library (which the tests
 * use as a reference, with the real `age` CLI and the C2SP CCTV vectors).
 * Format: https://age-encryption.org/v1 (the encrypting side is age-encrypt.ts).
 */

/** An X25519 identity: the private key and the recipient it decrypts for. */
export interface X25519Identity {
  privateKey: crypto.KeyObject;
  publicKey: Buffer;
  recipient: string;
}

export const ARMOR_BEGIN = "-----BEGIN AGE ENCRYPTED FILE-----";
export const ARMOR_END = "-----END AGE ENCRYPTED FILE-----";
export const CHUNK_SIZE = 64 * 1024;
/** The HKDF label of X25519 recipient stanzas. */
export const X25519_LABEL = "age-encryption.org/v1/X25519";

/** Why decryption failed: `noMatch` (no identity is a recipient) or `invalid` (malformed or tampered). */
export class AgeDecryptError extends Error {
  override readonly name = "AgeDecryptError";
  constructor(readonly reason: "noMatch" | "invalid", message: string) {
    super(message);
  }
}

/**
 * Parses an `AGE-SECRET-KEY-1...` identity.
 * @throws Error when the text is not a valid X25519 identity (the message never includes it).
 */
export function parseIdentity(text: string): X25519Identity {
  const bytes = bech32Decode(text.trim(), "AGE-SECRET-KEY-");
  if (!bytes || bytes.length !== 32) throw new Error("not a valid age X25519 identity (AGE-SECRET-KEY-1...)");
  const { privateKey, publicKey } = x25519FromScalar(bytes);
  return { privateKey, publicKey, recipient: bech32Encode("age", publicKey) };
}

const jwk = (bytes: Uint8Array): string => Buffer.from(bytes).toString("base64url");

/** X25519's base point (u = 9): the public key of a scalar is X25519(scalar, 9). */
const BASE_POINT = Buffer.concat([Buffer.from([9]), Buffer.alloc(31)]);
let basePoint: crypto.KeyObject | undefined;

/**
 * An X25519 private key from its 32-byte scalar, and the public key computed from it, on
 * node:crypto without `generateKeyPairSync`: on Node 20 a key pair job reclaimed by the
 * garbage collector while its key is being exported can deadlock the process (seen here
 * writing 2,000 values). JWK import reads only `d` for a private key (`x` must be present, so
 * it gets the base point); the public key is computed, never taken from the import.
 */
export function x25519FromScalar(scalar: Uint8Array): { privateKey: crypto.KeyObject; publicKey: Buffer } {
  basePoint ??= crypto.createPublicKey({ key: { kty: "OKP", crv: "X25519", x: jwk(BASE_POINT) }, format: "jwk" });
  const privateKey = crypto.createPrivateKey({ key: { kty: "OKP", crv: "X25519", d: jwk(scalar), x: jwk(BASE_POINT) }, format: "jwk" });
  return { privateKey, publicKey: crypto.diffieHellman({ privateKey, publicKey: basePoint }) };
}

/** The 32-byte public key of an `age1...` recipient, or null when it is not one. */
export function recipientKey(recipient: string): Buffer | null {
  const bytes = bech32Decode(recipient, "age");
  return bytes && bytes.length === 32 ? Buffer.from(bytes) : null;
}

const ONE = Buffer.from([1]);

/**
 * HKDF-SHA256 with a 32-byte output (RFC 5869: one expand block), on two HMACs: about half
 * the cost of `crypto.hkdfSync`, which builds a key object per call.
 */
export function hkdf(key: Uint8Array, salt: Uint8Array, info: string): Buffer {
  const prk = crypto.createHmac("sha256", salt).update(key).digest();
  return crypto.createHmac("sha256", prk).update(info).update(ONE).digest();
}

/** Strict armor decoding: the markers, 64-column canonical base64, nothing else. */
function dearmor(text: string): Buffer {
  const lines = text.trim().split(/\r?\n/);
  if (lines[0] !== ARMOR_BEGIN || lines[lines.length - 1] !== ARMOR_END) {
    throw new AgeDecryptError("invalid", "not an armored age file");
  }
  const body = lines.slice(1, -1);
  body.forEach((line, index) => {
    const last = index === body.length - 1;
    if (!/^[A-Za-z0-9+/=]*$/.test(line) || (!last && line.length !== 64) || (last && (line.length > 64 || line.length === 0))) {
      throw new AgeDecryptError("invalid", "malformed armor");
    }
  });
  const joined = body.join("");
  const bytes = Buffer.from(joined, "base64");
  if (bytes.toString("base64") !== joined) throw new AgeDecryptError("invalid", "malformed armor base64");
  return bytes;
}

const unpaddedBase64 = (text: string): Buffer | null => {
  if (!/^[A-Za-z0-9+/]*$/.test(text)) return null;
  const bytes = Buffer.from(text, "base64");
  return bytes.toString("base64").replace(/=+$/, "") === text ? bytes : null;
};

interface Stanza {
  type: string;
  args: string[];
  body: Buffer;
}

function parseHeader(file: Buffer): { stanzas: Stanza[]; macInput: Buffer; mac: Buffer; payload: Buffer } {
  const invalid = (what: string) => new AgeDecryptError("invalid", `malformed age header: ${what}`);
  let offset = 0;
  const nextLine = (): string => {
    const end = file.indexOf(0x0a, offset);
    if (end < 0) throw invalid("unexpected end");
    const line = file.subarray(offset, end).toString("latin1");
    offset = end + 1;
    return line;
  };
  if (nextLine() !== "age-encryption.org/v1") throw invalid("unknown version");
  const stanzas: Stanza[] = [];
  for (;;) {
    const lineStart = offset;
    const line = nextLine();
    if (line.startsWith("--- ")) {
      const mac = unpaddedBase64(line.slice(4));
      if (!mac || mac.length !== 32) throw invalid("bad MAC");
      return { stanzas, macInput: file.subarray(0, lineStart + 3), mac, payload: file.subarray(offset) };
    }
    if (!line.startsWith("-> ")) throw invalid("expected a stanza");
    const [type, ...args] = line.slice(3).split(" ");
    // Every stanza argument (the type too) is one or more printable ASCII characters.
    if (![type, ...args].every((arg) => arg !== undefined && /^[\x21-\x7e]+$/.test(arg))) throw invalid("bad stanza argument");
    const chunks: Buffer[] = [];
    for (;;) {
      const bodyLine = nextLine();
      const chunk = unpaddedBase64(bodyLine);
      if (!chunk || bodyLine.length > 64) throw invalid("bad stanza body");
      chunks.push(chunk);
      if (bodyLine.length < 64) break;
    }
    stanzas.push({ type: type ?? "", args, body: Buffer.concat(chunks) });
    // A passphrase (scrypt) stanza must be the only one: mixing it with others is malformed.
    if (stanzas.length > 1 && stanzas.some((s) => s.type === "scrypt")) throw invalid("scrypt stanza with other stanzas");
  }
}

/**
 * The X25519 shared secret. OpenSSL 3 (Node 22 and 24) refuses to derive from a low-order share
 * (the all-zero result age also rejects) with a bare Error; that is a malformed file, said as such.
 */
function x25519Shared(privateKey: crypto.KeyObject, publicKey: crypto.KeyObject): Buffer {
  try {
    return crypto.diffieHellman({ privateKey, publicKey });
  } catch {
    throw new AgeDecryptError("invalid", "X25519 low-order point");
  }
}

function unwrapFileKey(stanzas: readonly Stanza[], identities: readonly X25519Identity[]): Buffer | null {
  for (const stanza of stanzas) {
    if (stanza.type !== "X25519") continue;
    const share = stanza.args.length === 1 ? unpaddedBase64(stanza.args[0]!) : null;
    if (!share || share.length !== 32 || stanza.body.length !== 32) throw new AgeDecryptError("invalid", "malformed X25519 stanza");
    // JWK import is about ten times faster than DER for a raw X25519 key.
    const ephemeral = crypto.createPublicKey({ key: { kty: "OKP", crv: "X25519", x: share.toString("base64url") }, format: "jwk" });
    for (const identity of identities) {
      const shared = x25519Shared(identity.privateKey, ephemeral);
      if (shared.every((b) => b === 0)) throw new AgeDecryptError("invalid", "X25519 low-order point");
      const wrapKey = hkdf(shared, Buffer.concat([share, identity.publicKey]), X25519_LABEL);
      const fileKey = chachaOpen(wrapKey, Buffer.alloc(12), stanza.body);
      if (fileKey) return fileKey;
    }
  }
  return null;
}

function decryptPayload(fileKey: Buffer, payload: Buffer): Buffer {
  if (payload.length < 16 + TAG_SIZE) throw new AgeDecryptError("invalid", "truncated payload");
  const key = hkdf(fileKey, payload.subarray(0, 16), "payload");
  const sealed = payload.subarray(16);
  const chunks: Buffer[] = [];
  const nonce = Buffer.alloc(12);
  for (let offset = 0, counter = 0; offset < sealed.length; offset += CHUNK_SIZE + TAG_SIZE, counter++) {
    const chunk = sealed.subarray(offset, offset + CHUNK_SIZE + TAG_SIZE);
    const last = offset + chunk.length >= sealed.length;
    nonce.writeUIntBE(counter, 5, 6);
    nonce[11] = last ? 1 : 0;
    const plain = chachaOpen(key, nonce, chunk);
    if (!plain || (last && plain.length === 0 && counter > 0)) throw new AgeDecryptError("invalid", "payload authentication failed");
    chunks.push(plain);
  }
  return Buffer.concat(chunks);
}

/**
 * Decrypts an armored age file with the first identity that is a recipient.
 * @throws AgeDecryptError `noMatch` when no identity is a recipient, `invalid` when the file
 *   is malformed or fails authentication (tampered).
 */
export function decryptArmored(armored: string, identities: readonly X25519Identity[]): Buffer {
  return decryptFile(dearmor(armored), identities);
}

/**
 * Decrypts a binary age file with the first identity that is a recipient.
 * @throws AgeDecryptError as decryptArmored does.
 */
export function decryptFile(file: Buffer, identities: readonly X25519Identity[]): Buffer {
  const { stanzas, macInput, mac, payload } = parseHeader(file);
  const fileKey = unwrapFileKey(stanzas, identities);
  if (!fileKey) throw new AgeDecryptError("noMatch", "no identity matches the file's recipients");
  const expected = crypto.createHmac("sha256", hkdf(fileKey, Buffer.alloc(0), "header")).update(macInput).digest();
  if (!crypto.timingSafeEqual(expected, mac)) throw new AgeDecryptError("invalid", "header MAC mismatch");
  return decryptPayload(fileKey, payload);
}
