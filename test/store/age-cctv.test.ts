import { createHash } from "node:crypto";
import { inflateSync } from "node:zlib";
import { AgeDecryptError, decryptArmored, decryptFile, parseIdentity } from "../../src/store/age-decrypt";

// The C2SP CCTV age test vectors (cctv-age, by age's author): every vector keystash can take
// (X25519 identities) must give exactly its expected result.
const vectors = require("cctv-age") as Record<string, Uint8Array>;

interface Vector {
  name: string;
  expect: string;
  payload?: string;
  identities: string[];
  armored: boolean;
  file: Buffer;
}

function parseVector(name: string, bytes: Uint8Array): Vector {
  const all = Buffer.from(bytes);
  const split = all.indexOf("\n\n");
  const fields = all.subarray(0, split).toString("utf8").split("\n").map((line) => line.split(/: (.*)/s) as [string, string]);
  const get = (key: string) => fields.filter(([k]) => k === key).map(([, v]) => v);
  let file = all.subarray(split + 2);
  if (get("compressed")[0] === "zlib") file = inflateSync(file);
  return { name, expect: get("expect")[0]!, payload: get("payload")[0], identities: get("identity"), armored: get("armored")[0] === "yes", file };
}

const usable = Object.entries(vectors)
  .map(([name, bytes]) => parseVector(name, bytes))
  .filter((v) => v.identities.length > 0 && v.identities.every((i) => i.startsWith("AGE-SECRET-KEY-1")));

test("the vector set is the one expected (X25519 vectors of every outcome)", () => {
  expect(usable.length).toBe(97);
  expect(new Set(usable.map((v) => v.expect))).toEqual(new Set(["success", "no match", "HMAC failure", "header failure", "payload failure", "armor failure"]));
});

describe.each(usable.map((v) => [v.name, v] as const))("%s", (_name, vector) => {
  test(`gives ${vector.expect}`, () => {
    let outcome: string;
    try {
      const identities = vector.identities.map((text) => parseIdentity(text));
      const plaintext = vector.armored ? decryptArmored(vector.file.toString("latin1"), identities) : decryptFile(vector.file, identities);
      outcome = `success ${createHash("sha256").update(plaintext).digest("hex")}`;
    } catch (error) {
      // Only the decryption's own refusal counts: a crash (a TypeError, a RangeError) is never a "failure" that passes.
      outcome = !(error instanceof AgeDecryptError) ? `crash: ${String(error)}` : error.reason === "noMatch" ? "no match" : "failure";
    }
    if (vector.expect === "success") expect(outcome).toBe(`success ${vector.payload}`);
    else if (vector.expect === "no match") expect(outcome).toBe("no match");
    else expect(outcome).toBe("failure");
  });
});
