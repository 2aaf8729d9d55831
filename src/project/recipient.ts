import { bech32Decode } from "./bech32";

/** X25519 age recipient: `age1` and 58 bech32 characters. */
export const RECIPIENT_PATTERN = /^age1[02-9ac-hj-np-z]{58}$/;

const P = 2n ** 255n - 19n;

/**
 * The u-coordinates of Curve25519's points of small order (1, 2, 4 and 8). A shared secret
 * with any of them is all zeros whatever the other key is, so encrypting to one protects
 * nothing (and age refuses it). Checked by value after reducing modulo p, so every encoding of
 * such a point is caught, not only the canonical ones.
 */
const LOW_ORDER = new Set([
  0n,
  1n,
  P - 1n,
  0x00b8495f16056286fdb1329ceb8d09da6ac49ff1fae35616aeb8413b7c7aebe0n,
  0x57119fd0dd4e22d8868e1c58c45c44045bef839c55b1d0b1248c50a3bc959c5fn,
]);

/** Whether 32 bytes of an X25519 public key are a point of small order (RFC 7748: the top bit is ignored). */
export function isLowOrderPoint(bytes: Uint8Array): boolean {
  let u = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) u = (u << 8n) | BigInt(bytes[i]!);
  u &= (1n << 255n) - 1n;
  return LOW_ORDER.has(u % P);
}

/**
 * Why a string is not a usable X25519 age recipient, as a phrase that follows the recipient
 * (`'age1abc…' is not …`), or undefined. Callers show only the recipient's start.
 */
export function recipientProblem(recipient: string): string | undefined {
  if (!RECIPIENT_PATTERN.test(recipient)) return "is not an age X25519 recipient (age1...)";
  const bytes = bech32Decode(recipient, "age");
  if (bytes?.length !== 32) return "has a wrong checksum (a typo, or a truncated copy); paste the recipient again";
  if (isLowOrderPoint(bytes)) return "is a low-order X25519 point: anyone could decrypt what is encrypted to it";
  return undefined;
}

/** How messages show a recipient: its start only (`age1abcdefgh…`). */
export const shortRecipient = (recipient: string): string => `${recipient.slice(0, 12)}…`;

/** How messages show a recipient they refuse: its start, quoted. */
export const recipientStart = (recipient: string): string => `'${shortRecipient(recipient)}'`;

/** One recipient as people read it: its name in keystash.yaml when it has one, else its start. */
export function recipientLabel(recipient: string, names: Readonly<Record<string, string>>): string {
  return Object.hasOwn(names, recipient) ? `${names[recipient]} (${shortRecipient(recipient)})` : shortRecipient(recipient);
}
