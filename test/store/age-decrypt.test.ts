import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { AgeDecryptError, decryptArmored, parseIdentity, recipientKey } from "../../src/store/age-decrypt";
import { bech32Decode, bech32Encode } from "../../src/project/bech32";
import { encryptValue } from "../../src/store/encrypt";
import { recipientDigest } from "../../src/store/envelope";
import { tempDir } from "../helpers/cli";
import { describeWith } from "../helpers/system-tools";

describeWith("age", "native age decryption against the real age CLI", () => {
  // Keys made by the real age-keygen, files encrypted by the real age CLI.
  const dir = tempDir();
  const keyFile = path.join(dir, "key.txt");
  execFileSync("age-keygen", ["-o", keyFile], { stdio: "ignore" });
  const recipient = execFileSync("age-keygen", ["-y", keyFile], { encoding: "utf8" }).trim();
  const identityText = fs.readFileSync(keyFile, "utf8").split("\n").find((l) => l.startsWith("AGE-SECRET-KEY-1"))!;
  const identity = parseIdentity(identityText);

  const ageEncrypt = (plaintext: Buffer, recipients = [recipient]): string =>
    execFileSync("age", ["--armor", ...recipients.flatMap((r) => ["-r", r])], { input: plaintext }).toString("utf8");

  test("the identity's recipient matches age-keygen -y", () => {
    expect(identity.recipient).toBe(recipient);
    expect(recipientKey(recipient)).toHaveLength(32);
    expect(bech32Encode("age", bech32Decode(recipient, "age")!)).toBe(recipient);
  });

  test.each([
    ["empty", Buffer.alloc(0)],
    ["short text", Buffer.from("hello\nworld")],
    ["unicode", Buffer.from("päss wörd ✓ 🔑")],
    ["exactly one chunk", Buffer.alloc(64 * 1024, 7)],
    ["several chunks", fs.readFileSync(__filename).subarray(0, 1000).toString().repeat(200) as unknown as Buffer],
  ])("decrypts %s", (_label, plaintext) => {
    const bytes = Buffer.from(plaintext);
    expect(decryptArmored(ageEncrypt(bytes), [identity]).equals(bytes)).toBe(true);
  });

  test("a file for another recipient is noMatch, and a second identity is tried", () => {
    const otherKey = path.join(dir, "other.txt");
    execFileSync("age-keygen", ["-o", otherKey], { stdio: "ignore" });
    const other = parseIdentity(fs.readFileSync(otherKey, "utf8").split("\n").find((l) => l.startsWith("AGE-SECRET-KEY-1"))!);
    const file = ageEncrypt(Buffer.from("x"), [other.recipient]);
    expect(() => decryptArmored(file, [identity])).toThrow(expect.objectContaining({ reason: "noMatch" }));
    expect(decryptArmored(file, [identity, other]).toString()).toBe("x");
  });

  test("any flipped bit in the body is detected as invalid, never a wrong value", () => {
    const armored = ageEncrypt(Buffer.from("the real value"));
    const lines = armored.trim().split("\n");
    const body = Buffer.from(lines.slice(1, -1).join(""), "base64");
    let detected = 0;
    for (let i = 0; i < body.length; i += 3) {
      const copy = Buffer.from(body);
      copy[i]! ^= 0x01;
      const b64 = copy.toString("base64").match(/.{1,64}/g)!;
      const tampered = [lines[0], ...b64, lines[lines.length - 1]].join("\n");
      try {
        const out = decryptArmored(tampered, [identity]).toString();
        throw new Error(`tampered file decrypted to ${out.length} bytes`);
      } catch (error) {
        expect(error).toBeInstanceOf(AgeDecryptError);
        detected++;
      }
    }
    expect(detected).toBeGreaterThan(20);
  });

  test("truncated and non-armored input is invalid", () => {
    const armored = ageEncrypt(Buffer.from("value"));
    const lines = armored.trim().split("\n");
    expect(() => decryptArmored([...lines.slice(0, -2), lines[lines.length - 1]].join("\n"), [identity])).toThrow(AgeDecryptError);
    expect(() => decryptArmored("hello", [identity])).toThrow(expect.objectContaining({ reason: "invalid" }));
  });

  test("what keystash encrypts (age-encryption library) the age CLI decrypts, and vice versa", async () => {
    const armored = encryptValue({ name: "A", selector: { types: ["local"], envs: [] }, version: 1, types: ["local"], envTypes: {}, recipients: [recipient] }, "line1\nline2");
    const viaCli = execFileSync("age", ["-d", "-i", keyFile], { input: armored }).toString("utf8");
    const digest = recipientDigest([recipient]);
    expect(viaCli).toBe(`{"keystash":2,"name":"A","selector":"type:local","version":1,"types":["local"],"envTypes":{},"recipients":"${digest}"}\nline1\nline2`);
    expect(decryptArmored(armored, [identity]).toString("utf8")).toBe(viaCli);
  });

  test("an invalid identity is refused without echoing it", () => {
    expect(() => parseIdentity("AGE-SECRET-KEY-1NOTVALID")).toThrow("not a valid age X25519 identity (AGE-SECRET-KEY-1...)");
  });
});
