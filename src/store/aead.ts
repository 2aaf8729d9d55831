import * as crypto from "node:crypto";
import { lazy } from "../lazy";

/**
 * ChaCha20-Poly1305 (RFC 8439), as age uses it: node:crypto's native cipher where the runtime
 * has one (Node, Deno), else @noble/ciphers' audited pure-JavaScript one (Bun's node:crypto has
 * no chacha20-poly1305), loaded only then. Never a silent failure: a runtime with neither says so.
 */

export const TAG_SIZE = 16;

const native = lazy(() => crypto.getCiphers().includes("chacha20-poly1305"));

interface Aead {
  encrypt(plaintext: Uint8Array): Uint8Array;
  decrypt(sealed: Uint8Array): Uint8Array;
}

const nobleChacha = lazy(() => require("../vendor/chacha") as { chacha20poly1305: (key: Uint8Array, nonce: Uint8Array) => Aead });

function noble(): (key: Uint8Array, nonce: Uint8Array) => Aead {
  try {
    return nobleChacha().chacha20poly1305;
  } catch (cause) {
    throw new Error(`keystash: this runtime (${process.release?.name ?? "unknown"} ${process.version}) lacks chacha20-poly1305, and @noble/ciphers cannot be loaded`, { cause });
  }
}

/** Encrypts and appends the 16-byte tag. */
export function chachaSeal(key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array): Buffer {
  if (!native()) return Buffer.from(noble()(key, nonce).encrypt(plaintext));
  const cipher = crypto.createCipheriv("chacha20-poly1305", key, nonce, { authTagLength: TAG_SIZE });
  return Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
}

/** Checks the tag and decrypts; null when the tag does not match (wrong key or altered bytes). */
export function chachaOpen(key: Uint8Array, nonce: Uint8Array, sealed: Uint8Array): Buffer | null {
  if (sealed.length < TAG_SIZE) return null;
  if (!native()) {
    const aead = noble()(key, nonce); // a missing library throws here, outside the tag check below
    try {
      return Buffer.from(aead.decrypt(sealed));
    } catch {
      return null;
    }
  }
  const decipher = crypto.createDecipheriv("chacha20-poly1305", key, nonce, { authTagLength: TAG_SIZE });
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG_SIZE));
  try {
    return Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - TAG_SIZE)), decipher.final()]);
  } catch {
    return null;
  }
}
