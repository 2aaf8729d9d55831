import { initApp } from "../helpers/keystash-app";

// `check --format github` output is read by the runner as workflow commands: a file name is
// attacker-controlled data (any contributor can add one) and must never become a command.
test("file names and messages are escaped per GitHub's workflow-command rules", () => {
  const hostile = "src/a,b:c%25\n::add-mask::x\r::warning file=z::pwned.ts";
  const user = initApp({ [hostile]: 'import { secret } from "keystash";\nexport const t = secret("Token");\n' });
  const result = user.ks(["check", "--env", "prod", "--format", "github"]);
  expect(result.status).toBe(1);
  const lines = result.stdout.trimEnd().split("\n");
  expect(lines).toEqual([
    "::error file=src/a%2Cb%3Ac%2525%0A%3A%3Aadd-mask%3A%3Ax%0D%3A%3Awarning file=z%3A%3Apwned.ts,line=2,col=18,title=keystash::" +
      "Token is not set for prod (production): never set. Fix: keystash secret set --type production Token",
  ]);
});
