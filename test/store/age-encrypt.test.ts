import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { decryptArmored, parseIdentity } from "../../src/store/age-decrypt";
import { encryptArmored, generateIdentity } from "../../src/store/age-encrypt";
import { tempDir } from "../helpers/cli";
import { testWith } from "../helpers/system-tools";

// keystash's native encryption against the two references: the age-encryption library (typage,
// by age's author) and the real `age` CLI, both ways.
const PLAINTEXTS: [string, Buffer][] = [
  ["empty", Buffer.alloc(0)],
  ["text", Buffer.from("line1\nline2 ✓ 🔑")],
  ["exactly one chunk", Buffer.alloc(64 * 1024, 7)],
  ["two chunks and a bit", Buffer.alloc(64 * 1024 * 2 + 5, 9)],
];

describe("native age encryption", () => {
  const ours = generateIdentity();
  const second = generateIdentity();

  testWith("age-keygen", "a generated identity is a valid age key whose recipient age-keygen derives too", () => {
    const dir = tempDir();
    const keyFile = path.join(dir, "key.txt");
    fs.writeFileSync(keyFile, `${ours.secretKey}\n`, { mode: 0o600 });
    expect(execFileSync("age-keygen", ["-y", keyFile], { encoding: "utf8" }).trim()).toBe(ours.recipient);
    expect(parseIdentity(ours.secretKey).recipient).toBe(ours.recipient);
  });

  testWith("age", "the age CLI decrypts what keystash encrypts (every size; two recipients, each alone)", () => {
    for (const [, plaintext] of PLAINTEXTS) decryptsWithAgeCli(plaintext);
  });

  const decryptsWithAgeCli = (plaintext: Buffer): void => {
    const armored = encryptArmored(plaintext, [ours.recipient, second.recipient]);
    const dir = tempDir();
    for (const identity of [ours, second]) {
      const keyFile = path.join(dir, "key.txt");
      fs.writeFileSync(keyFile, `${identity.secretKey}\n`, { mode: 0o600 });
      expect(execFileSync("age", ["-d", "-i", keyFile], { input: armored }).equals(plaintext)).toBe(true);
    }
  };

  test.each(PLAINTEXTS)("%s: the age-encryption library decrypts what keystash encrypts, and keystash what it encrypts", async (_label, plaintext) => {
    const age = await import("age-encryption");
    const decrypter = new age.Decrypter();
    decrypter.addIdentity(ours.secretKey);
    const armored = encryptArmored(plaintext, [ours.recipient]);
    expect(Buffer.from(await decrypter.decrypt(age.armor.decode(armored))).equals(plaintext)).toBe(true);
    const encrypter = new age.Encrypter();
    encrypter.addRecipient(ours.recipient);
    const theirs = age.armor.encode(await encrypter.encrypt(plaintext));
    expect(decryptArmored(theirs, [parseIdentity(ours.secretKey)]).equals(plaintext)).toBe(true);
  });

  test("every encryption is fresh (new file key, new ephemeral share), and a bad recipient is refused without the plaintext", () => {
    const a = encryptArmored(Buffer.from("same"), [ours.recipient]);
    const b = encryptArmored(Buffer.from("same"), [ours.recipient]);
    expect(a).not.toBe(b);
    expect(() => encryptArmored(Buffer.from("sup3r-s3cret"), ["age1notarecipient"])).toThrow("age: 'age1notareci…' is not an X25519 recipient");
    expect(() => encryptArmored(Buffer.from("sup3r-s3cret"), [])).toThrow("age: no recipients");
  });
});
