import { RuleTester } from "@typescript-eslint/rule-tester";
import { detectSecrets, redact } from "../../src/scan/detect";
import { noHardcodedSecret } from "../../src/eslint-rule/no-hardcoded-secret";

// Credential-shaped strings are assembled here, so none sits literally in keystash's sources.
const random = (length: number, alphabet: string, seed: number) => Array.from({ length }, (_, i) => alphabet[(i * 31 + seed * 17 + i * i) % alphabet.length]).join("");
const ALNUM = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
const UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

const REAL: [string, string][] = [
  ["GitHub token", `ghp_${random(36, ALNUM, 1)}`],
  ["GitHub fine-grained token", `github_pat_${random(82, `${ALNUM}_`, 2)}`],
  ["GitLab token", `glpat-${random(20, ALNUM, 3)}`],
  ["Stripe live secret key", `sk_live_${random(24, ALNUM, 4)}`],
  ["AWS access key ID", `AKIA${random(16, UPPER, 5)}`],
  ["Slack token", `xoxb-${random(11, "0123456789", 6)}-${random(24, ALNUM, 6)}`],
  ["Google API key", `AIza${random(35, ALNUM, 7)}`],
  ["npm token", `npm_${random(36, ALNUM, 8)}`],
  ["SendGrid API key", `SG.${random(22, ALNUM, 9)}.${random(43, ALNUM, 9)}`],
  ["JSON Web Token", `eyJ${random(30, ALNUM, 10)}.eyJ${random(40, ALNUM, 10)}.${random(43, ALNUM, 10)}`],
  ["private key", `-----BEGIN RSA PRIVATE KEY-----\n${random(64, ALNUM, 11)}\n-----END RSA PRIVATE KEY-----`],
];

describe("detectors", () => {
  test.each(REAL)("finds a %s, exactly", (kind, value) => {
    const text = `const x = "${value}";\n`;
    expect(detectSecrets(text).map((d) => [d.kind, d.value])).toEqual([[kind, value]]);
  });

  test("a password in a connection URL, and a high-entropy literal assigned to a secret-looking name", () => {
    const password = random(20, ALNUM, 12);
    expect(detectSecrets(`db = "postgres://app:${password}@db.internal:5432/app"`).map((d) => [d.kind, d.value])).toEqual([["password in a connection URL", password]]);
    const apiKey = random(32, `${ALNUM}-_`, 13);
    expect(detectSecrets(`const paymentApiKey = '${apiKey}';`).map((d) => [d.kind, d.value])).toEqual([["hard-coded paymentApiKey", apiKey]]);
  });

  test.each([
    ["AWS's documentation example", "AKIAIOSFODNN7EXAMPLE"],
    ["a placeholder", "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"],
    ["a template", "postgres://app:${DB_PASSWORD}@db/app"],
    ["a URL with a placeholder password", "postgres://user:password@localhost/app"],
    ["a UUID assigned to a token name", 'const tokenId = "6f1c8b7e-3b1d-4a6e-9a57-0c2f1d7e8a90"'],
    ["a hash", 'const integrity = "sha512-Q2VydGFpbmx5IG5vdCBhIHNlY3JldCBqdXN0IGEgaGFzaA=="'],
    ["a sentence", 'const password = "please type your password here"'],
    ["a file path", 'const privateKeyPath = "./certs/server-private-key.pem"'],
    ["an image", `const logo = "data:image/png;base64,${random(80, ALNUM, 14)}"`],
  ])("leaves %s alone", (_label, text) => {
    expect(detectSecrets(text)).toEqual([]);
  });

  test("previews identify, never reveal", () => {
    const value = `sk_live_${random(24, ALNUM, 4)}`;
    expect(redact(value)).toBe(`${value.slice(0, 4)}…(32 chars)`);
  });
});

RuleTester.afterAll = afterAll;
RuleTester.describe = describe;
RuleTester.it = it;

describe("keystash/no-hardcoded-secret", () => {
  const token = `ghp_${random(36, ALNUM, 1)}`;
  new RuleTester().run("no-hardcoded-secret", noHardcodedSecret, {
    valid: [
      { code: 'import { secret } from "keystash";\nconst token = secret("GitHubToken");' },
      { code: `// ${token} in a comment is for scan, not for the linter\nconst x = 1;` },
    ],
    invalid: [
      { code: `const token = "${token}";`, errors: [{ messageId: "hardcoded", line: 1, column: 16 }] },
      { code: `const header = \`token ${token}\`;`, errors: [{ messageId: "hardcoded", line: 1, column: 23 }] },
      // The bare secret words, as scan finds them: an assignment and an object key.
      { code: `let apiKey;\napiKey = "${random(28, ALNUM, 8)}";`, errors: [{ messageId: "hardcoded", line: 2, column: 11 }] },
      { code: `const options = { password: "${random(24, ALNUM, 9)}" };`, errors: [{ messageId: "hardcoded", line: 1, column: 30 }] },
    ],
  });
});
