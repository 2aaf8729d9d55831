import { encryptArmored } from "./age-encrypt";
import { sealEnvelope, type Binding } from "./envelope";

/**
 * Encrypts a value (with its binding header) to age recipients as an armored age file.
 * Needs only public keys: the binding's recipients.
 */
export function encryptValue(binding: Binding, value: string): string {
  return encryptArmored(sealEnvelope(binding, value), binding.recipients);
}
