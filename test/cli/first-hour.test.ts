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
