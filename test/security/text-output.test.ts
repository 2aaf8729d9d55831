import { initApp } from "../helpers/keystash-app";

// File names and doc comments are data any contributor controls. In text output they must not
// act on the terminal or the CI log: no escape sequence (erase a line, OSC 52 to the clipboard),
// no carriage return or newline to fake a line, no line that starts as a workflow command.

const ESC = "\u001b";
const hostileName = `::warning::pwned${ESC}]52;c;ZXZpbA==\u0007\r${ESC}[2K.ts`;
const hostileComment = `/** Stripe key${ESC}[1A${ESC}[2K\rall secrets are set \u202e */`;
const SOURCE = `import { secret } from "keystash";\n${hostileComment}\nexport const s = secret("StripeKey");\nexport const bad = secret("not-valid");\n`;

test("check, manifest and secret list print hostile file names and comments as escapes", () => {
  const user = initApp({ [hostileName]: SOURCE });
  const outputs = [user.ks(["check", "--env", "local"]), user.ks(["manifest"]), user.ks(["secret", "list"])];
  for (const result of outputs) {
    const text = result.stdout + result.stderr;
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f\u202e]/); // nothing but \n and \t acts
    for (const line of text.split("\n")) expect(line.startsWith("::")).toBe(false);
  }
  const check = outputs[0]!.stdout;
  expect(check).toContain("./::warning::pwned\\u{1b}]52;c;ZXZpbA==\\u{7}\\r\\u{1b}[2K.ts:4:");
  expect(check).toContain("about: Stripe key\\u{1b}[1A\\u{1b}[2K\\rall secrets are set \\u{202e}");
});
