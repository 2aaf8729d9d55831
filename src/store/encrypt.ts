import { sealEnvelope, type Binding } from "./envelope";

/**
 * Encrypts a value (with its binding header) to age recipients as an armored age file.
 * Needs only public keys. Uses the age-encryption library (typage).
 */
export async function encryptValue(binding: Binding, value: string, recipients: readonly string[]): Promise<string> {
  const age = await import("age-encryption");
  const encrypter = new age.Encrypter();
  for (const recipient of recipients) encrypter.addRecipient(recipient);
  const ciphertext = await encrypter.encrypt(sealEnvelope(binding, value));
  return age.armor.encode(ciphertext);
}
