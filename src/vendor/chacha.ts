// Loaded only on a runtime without node:crypto's ChaCha20-Poly1305 (Bun): store/aead.ts.
export { chacha20poly1305 } from "@noble/ciphers/chacha.js";
