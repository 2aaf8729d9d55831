import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { linkKeystash } from "../helpers/app";
import { cleanEnv, tempDir, writeFiles } from "../helpers/cli";

const run = (app: string, file: string) =>
  spawnSync(process.execPath, [path.join(app, file)], {
    cwd: app,
    env: { ...cleanEnv(), GitHubAPIToken: "tok-123" },
    encoding: "utf8",
  });

describe("the runtime from both module systems", () => {
  let app: string;
  beforeAll(() => {
    app = tempDir();
    linkKeystash(app);
    writeFiles(app, {
      "esm.mjs": 'import { secret } from "keystash";\nconst t = secret("GitHubAPIToken");\nconsole.log(t(), String(t));',
      "cjs.cjs": 'const { secret } = require("keystash");\nconst t = secret("GitHubAPIToken");\nconsole.log(t(), String(t));',
      "default.mjs": 'import ks from "keystash";\nconst t = ks.secret("GitHubAPIToken");\nconsole.log(t(), t.name);',
    });
  });

  test("ESM named import", () => {
    const result = run(app, "esm.mjs");
    expect(result.stderr).toBe("");
    expect(result.stdout).toBe("tok-123 Secret<GitHubAPIToken>(*****)\n");
  });

  test("CommonJS require", () => {
    const result = run(app, "cjs.cjs");
    expect(result.stderr).toBe("");
    expect(result.stdout).toBe("tok-123 Secret<GitHubAPIToken>(*****)\n");
  });

  test("ESM default import of the CommonJS build", () => {
    expect(run(app, "default.mjs").stdout).toBe("tok-123 GitHubAPIToken\n");
  });
});
