import { encryptArmored } from "./age-encrypt";
import { sealEnvelope, type Binding } from "./envelope";

/**
 * Encrypts a value (with its binding header) to age recipients as an armored age file.
 * Needs only public keys.
 */
export function encryptValue(binding: Binding, value: string, recipients: readonly string[]): string {
  return encryptArmored(sealEnvelope(binding, value), recipients);
}
