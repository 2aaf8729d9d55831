import * as fs from "node:fs";
import * as path from "node:path";
import { tempDir, writeFiles } from "../helpers/cli";
import { appUser, initApp } from "../helpers/keystash-app";

// A newcomer's first commands: what needs `init` says so and writes nothing, and the first
// developer gives themselves production access with their own key, no placeholder to fill in.

test("before init, commands that write say to run keystash init and leave the app as it was", () => {
  const app = tempDir("keystash-new-");
  writeFiles(app, { "package.json": '{ "name": "app" }', "src/a.ts": 'import { secret } from "keystash";\nexport const t = secret("Token");\n' });
  const user = appUser(app);
  for (const [args, input] of [[["secret", "set", "--dev", "Token"], "v"], [["access", "add", "--type", "production", "--me"], undefined], [["import", "package.json", "--dev"], undefined]] as const) {
    const result = user.ks([...args], input);
    expect([args[0], result.status, result.stdout]).toEqual([args[0], 2, ""]);
    expect(result.stderr).toBe(`error: no keystash.yaml in ${app}: keystash is not set up in this app yet\nhint: run \`keystash init\` (it lists your key as a reader of development, preview and local)\n`);
  }
  expect(fs.readdirSync(app).sort()).toEqual(["package.json", "src"]);
  // Reading commands work before init (nothing is set yet).
  expect(user.ks(["check", "--env", "local"]).status).toBe(0);
});

test("the first developer sets a production value with their own key: the hint says --me, and --me works", () => {
  const user = initApp({ "src/a.ts": 'import { secret } from "keystash";\nexport const t = secret("Token");\n' });
  const refused = user.ks(["secret", "set", "--prod", "Token"], "p");
  expect(refused.status).toBe(2);
  expect(refused.stderr).toContain("hint: to read it yourself: keystash access add --type production --me");
  const add = user.ks(["access", "add", "--type", "production", "--me"]);
  expect([add.status, add.stdout.split("\n")[0]]).toEqual([0, `Granted ${user.recipient()} production access.`]);
  expect(user.ks(["secret", "set", "--prod", "Token"], "p").status).toBe(0);
  expect(user.ks(["secret", "get", "Token", "--env", "production"]).stdout).toBe("p");
  const both = user.ks(["access", "add", "--type", "production", "--me", user.recipient()]);
  expect([both.status, both.stderr.split("\n")[0]]).toEqual([2, "error: access add: give either a recipient (age1...) or --me"]);
  expect(fs.existsSync(path.join(user.app, "keystash.yaml"))).toBe(true);
});

test("--type takes a list wherever it takes types; a long list of names is summarised", () => {
  const names = Array.from({ length: 14 }, (_, i) => `Key${i}`);
  const user = initApp({ "src/a.ts": `import { secret } from "keystash";\n${names.map((n) => `export const k${n} = secret("${n}");`).join("\n")}\n` });
  for (const name of names) expect(user.ks(["secret", "set", "--type", "preview", name], "v").status).toBe(0);
  // Bob's key, from his own app (so this app does not list it yet).
  const bob = initApp().recipient();
  const add = user.ks(["access", "add", "--type", "preview,local", bob]);
  expect(add.status).toBe(0);
  expect(add.stdout).toBe(
    `${bob.slice(0, 12)}… gains preview: Key0, Key1, Key10, Key11, Key12 and 9 more\n` +
    `Granted ${bob} preview access.\nRe-encrypted 14 secrets for preview: Key0, Key1, Key10, Key11, Key12, Key13, Key2, Key3, Key4, Key5 and 4 more.\n` +
      `Granted ${bob} local access.\nEvery value of local is encrypted to exactly the recipients keystash.yaml lists.\n`,
  );
  const bad = user.ks(["access", "remove", "--type", "preview,staging", bob]);
  expect([bad.status, bad.stderr.split("\n")[0]]).toEqual([2, "error: --type: 'staging' is not an env type"]);
  expect(fs.readFileSync(path.join(user.app, "keystash.yaml"), "utf8").split(bob).length - 1).toBe(2);
});

test("init prints the commands to paste next: production access with your own key only while nobody reads production", () => {
  const user = initApp();
  const first = user.ks(["init"]);
  expect(first.stdout).toMatch(/Next:\n {2}keystash secret set --dev NAME +# a value for development, preview and local\n {2}keystash access add --type production --me +# read production with your own key \(the first developer\)\n {2}git add keystash.yaml .keystash .gitignore .gitattributes +# then commit: the values are encrypted\n$/);
  expect(user.ks(["access", "add", "--type", "production", "--me"]).status).toBe(0);
  expect(user.ks(["init"]).stdout).not.toContain("access add --type production --me");
});
