import * as crypto from "node:crypto";
import { ARMOR_BEGIN, ARMOR_END, CHUNK_SIZE, hkdf, recipientKey, X25519_LABEL, x25519FromScalar } from "./age-decrypt";
import { chachaSeal } from "./aead";
import { bech32Encode } from "../project/bech32";

/**
 * age (v1, X25519) encryption on node:crypto: native X25519, HKDF-SHA256 and
 * ChaCha20-Poly1305, so writing a value loads no JavaScript crypto stack and a store write
 * holds its lock for milliseconds. Tested both ways against the age-encryption library and
 * the real `age` CLI. Format: https://age-encryption.org/v1
 */

const base64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString("base64").replace(/=+$/, "");

/** `-> X25519 <share>` plus the wrapped file key, for one recipient. */
function x25519Stanza(fileKey: Buffer, recipient: string): string {
  const theirs = recipientKey(recipient);
  if (!theirs) throw new Error(`age: '${recipient.slice(0, 12)}…' is not an X25519 recipient`);
  const ephemeral = x25519FromScalar(crypto.randomBytes(32));
  const share = ephemeral.publicKey;
  const publicKey = crypto.createPublicKey({ key: { kty: "OKP", crv: "X25519", x: theirs.toString("base64url") }, format: "jwk" });
  const shared = crypto.diffieHellman({ privateKey: ephemeral.privateKey, publicKey });
  if (shared.every((b) => b === 0)) throw new Error(`age: '${recipient.slice(0, 12)}…' is a low-order point`);
  const wrapKey = hkdf(shared, Buffer.concat([share, theirs]), X25519_LABEL);
  // A 32-byte body is 43 base64 characters: one line, shorter than 64, so it ends the stanza.
  return `-> X25519 ${base64(share)}\n${base64(chachaSeal(wrapKey, Buffer.alloc(12), fileKey))}\n`;
}

/** The STREAM payload: a 16-byte nonce, then 64 KiB chunks, the last one flagged. */
function encryptPayload(fileKey: Buffer, plaintext: Buffer): Buffer {
  const nonceSalt = crypto.randomBytes(16);
  const key = hkdf(fileKey, nonceSalt, "payload");
  const parts: Buffer[] = [nonceSalt];
  const nonce = Buffer.alloc(12);
  let counter = 0;
  for (let offset = 0; ; offset += CHUNK_SIZE, counter++) {
    const chunk = plaintext.subarray(offset, offset + CHUNK_SIZE);
    const last = offset + CHUNK_SIZE >= plaintext.length;
    nonce.writeUIntBE(counter, 5, 6);
    nonce[11] = last ? 1 : 0;
    parts.push(chachaSeal(key, nonce, chunk));
    if (last) return Buffer.concat(parts);
  }
}

/** Armors binary age bytes: the markers around 64-column base64. */
function armor(bytes: Buffer): string {
  const encoded = bytes.toString("base64");
  const lines: string[] = [];
  for (let i = 0; i < encoded.length; i += 64) lines.push(encoded.slice(i, i + 64));
  return `${ARMOR_BEGIN}\n${lines.join("\n")}\n${ARMOR_END}\n`;
}

/**
 * Encrypts `plaintext` to X25519 recipients (`age1...`) as an armored age file.
 * @throws Error when there is no recipient or one is not an X25519 recipient (the message
 *   names only the recipient's start, never the plaintext).
 */
export function encryptArmored(plaintext: Uint8Array, recipients: readonly string[]): string {
  if (recipients.length === 0) throw new Error("age: no recipients");
  const fileKey = crypto.randomBytes(16);
  let header = "age-encryption.org/v1\n";
  for (const recipient of recipients) header += x25519Stanza(fileKey, recipient);
  header += "---";
  const mac = crypto.createHmac("sha256", hkdf(fileKey, Buffer.alloc(0), "header")).update(header).digest();
  const head = Buffer.from(`${header} ${base64(mac)}\n`, "latin1");
  return armor(Buffer.concat([head, encryptPayload(fileKey, Buffer.from(plaintext))]));
}

/** A new X25519 identity: the `AGE-SECRET-KEY-1...` text and its `age1...` recipient. */
export function generateIdentity(): { secretKey: string; recipient: string } {
  const secret = crypto.randomBytes(32);
  const { publicKey } = x25519FromScalar(secret);
  return { secretKey: bech32Encode("age-secret-key-", secret).toUpperCase(), recipient: bech32Encode("age", publicKey) };
}
