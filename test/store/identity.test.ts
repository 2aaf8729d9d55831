import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { UserError } from "../../src/project/errors";
import { loadIdentities } from "../../src/store/identity";
import { tempDir } from "../helpers/cli";
import { describeWith } from "../helpers/system-tools";

describeWith("age-keygen", "identities made by age-keygen", () => {
  const dir = tempDir();
  const keyFile = path.join(dir, "key.txt");
  execFileSync("age-keygen", ["-o", keyFile], { stdio: "ignore" });
  const text = fs.readFileSync(keyFile, "utf8");
  const secretKey = text.split("\n").find((l) => l.startsWith("AGE-SECRET-KEY-1"))!;
  const recipient = execFileSync("age-keygen", ["-y", keyFile], { encoding: "utf8" }).trim();

  test("an age-keygen file: the recipient from its public-key line, the key checked against it on use", () => {
    const [identity] = loadIdentities({ KEYSTASH_IDENTITY_FILE: keyFile });
    expect(identity!.recipient).toBe(recipient);
    expect(identity!.publicKey).toHaveLength(32);
  });

  test("KEYSTASH_IDENTITY holding the bare key wins over the file, and its recipient is derived", () => {
    const [identity] = loadIdentities({ KEYSTASH_IDENTITY: secretKey, KEYSTASH_IDENTITY_FILE: "/nonexistent" });
    expect(identity!.recipient).toBe(recipient);
  });

  test("a public-key line that does not match its key is refused on first use", () => {
    const other = "age1qyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqs3290gq";
    const [identity] = loadIdentities({ KEYSTASH_IDENTITY: `# public key: ${other}\n${secretKey}\n` });
    expect(identity!.recipient).toBe(other);
    expect(() => identity!.privateKey).toThrow(new UserError('identity: KEYSTASH_IDENTITY entry 1: its "# public key:" line does not match the key below it'));
  });

  test("an invalid key names where it is, never its text; a missing file is no identity", () => {
    const broken = `${secretKey.slice(0, -3)}qqq`;
    try {
      loadIdentities({ KEYSTASH_IDENTITY: broken });
      throw new Error("accepted a broken identity");
    } catch (error) {
      expect(error).toBeInstanceOf(UserError);
      expect((error as Error).message).toBe("identity: KEYSTASH_IDENTITY entry 1 is not a valid age X25519 identity (AGE-SECRET-KEY-1...)");
      expect((error as Error).message).not.toContain(broken.slice(20));
    }
    expect(loadIdentities({ KEYSTASH_IDENTITY_FILE: path.join(dir, "absent.txt") })).toEqual([]);
  });
});
