import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { REPO_ROOT, cleanEnv } from "./helpers/cli";

// The README's first command must keep working: run the demo script as `npm run demo` does.
test("npm run demo tells the whole story and exits 0", () => {
  const result = spawnSync(process.execPath, [path.join(REPO_ROOT, "scripts/demo.js")], { env: cleanEnv(), encoding: "utf8", timeout: 120_000 });
  expect(result.status).toBe(0);
  expect(result.stderr).toContain("5 secrets in 7 files; wrote keystash.manifest.json.");
  expect(result.stderr).toContain('warning: 2 secrets not set for local (they read as ""):');
  expect(result.stderr).not.toMatch(/Error|\n\s+at /);
  expect(result.stdout).toContain("5 of 5 declared secrets missing for prod (production)");
  expect(result.stdout).toContain("✓ all 5 declared secrets are set for prod (production)");
  expect(result.stdout).toContain("shop started in prod");
  expect(result.stdout).toContain("Secret<SSHPrivateKey>(*****)         122 chars, 3 line(s)");
  expect(result.stdout).not.toContain("ghp_prod_9876543210");
});
