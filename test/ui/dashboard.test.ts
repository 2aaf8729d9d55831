import * as fs from "node:fs";
import * as http from "node:http";
import * as path from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { REPO_ROOT, tempDir } from "../helpers/cli";
import { appPerTest, grantProduction, sharedApp } from "../helpers/keystash-app";
import { describeWith } from "../helpers/system-tools";
import { CHROMIUM, launchChromium } from "./browser";

// The README's screenshots come from this suite: KEYSTASH_SCREENSHOTS=1 writes them into docs/
// (a plain test run keeps them in a temp folder, so it never changes tracked files).
const SCREENSHOTS = process.env.KEYSTASH_SCREENSHOTS === "1" ? path.join(REPO_ROOT, "docs/screenshots") : tempDir("keystash-screenshots-");

/** A raw request to the dashboard with full control of Host, Origin and token. */
function raw(port: number, options: { method?: string; path: string; host?: string; origin?: string; token?: string; body?: string }): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.request({ host: "127.0.0.1", port, method: options.method ?? "GET", path: options.path, headers: {
      Host: options.host ?? `127.0.0.1:${port}`,
      ...(options.origin ? { Origin: options.origin } : {}),
      ...(options.token ? { Authorization: `Bearer ${options.token}` } : {}),
      ...(options.body ? { "Content-Type": "application/json" } : {}),
    } }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on("error", reject);
    request.end(options.body);
  });
}

describeWith(CHROMIUM, "keystash ui in a real browser", () => {
  // One browser for the block; each test gets its own app, dashboard and page.
  const user = appPerTest({
    "keystash.yaml": "app: shop\nenvironments:\n  staging: development\n",
    "services/api.ts": 'import { secret } from "keystash";\n// Stripe key for payments\nexport const s = secret("StripeKey");\n// GitHub token for deploys\nexport const g = secret("GitHubToken");\n',
  }, (user) => {
    grantProduction(user);
    user.ks(["secret", "set", "--dev", "StripeKey"], "dev-stripe-value");
  });
  const VALUES = ["leftover-value", "dev-stripe-value", "prod-stripe-value", "prod-stripe-value-2", "prod-github-value", "local-stripe-value", "preview-github-value", "preview-stripe-value"];
  const log: string[] = [];
  const requested: string[] = [];
  let dashboard: { url: string; port: number; close(): Promise<void> };
  let browser: BrowserContext;
  let closeBrowser: () => Promise<void>;
  let page: Page;

  beforeAll(async () => {
    ({ browser, close: closeBrowser } = await launchChromium());
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
  }, 60_000);
  afterAll(async () => {
    await closeBrowser?.();
  });
  beforeEach(async () => {
    log.length = 0;
    requested.length = 0;
    const { startDashboard } = require(path.join(REPO_ROOT, "dist/ui/server.js")) as typeof import("../../src/ui/server");
    const { loadConfig } = require(path.join(REPO_ROOT, "dist/project/config.js")) as typeof import("../../src/project/config");
    const { loadIdentities } = require(path.join(REPO_ROOT, "dist/store/identity.js")) as typeof import("../../src/store/identity");
    dashboard = await startDashboard({ root: user.app, config: loadConfig(user.app), cwd: user.app }, loadIdentities({ XDG_CONFIG_HOME: user.home }), { log: (line) => log.push(line) });
    page = await browser.newPage();
    page.on("request", (request) => requested.push(request.url()));
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(dashboard.url);
    await page.waitForSelector('tr[data-secret="StripeKey"]');
  }, 60_000);
  // Whatever a test did, no value is left in a request URL, the server log or the page's DOM.
  afterEach(async () => {
    const dom = await page.content();
    await page.close();
    await dashboard.close();
    for (const value of VALUES) {
      expect(requested.filter((url) => url.includes(value))).toEqual([]);
      expect(log.filter((line) => line.includes(value))).toEqual([]);
      expect(dom).not.toContain(value);
    }
  });

  const cell = (secret: string, column: string) => page.locator(`tr[data-secret="${secret}"] td[data-column="${column}"]`);
  const setValue = async (name: string, types: string[], value: string) => {
    await page.fill('input[name="name"]', name);
    for (const box of await page.locator('input[name="type"]').all()) await box.setChecked(types.includes((await box.getAttribute("value"))!));
    await page.fill('input[name="value"]', value);
    await page.click('button[type="submit"]');
  };

  test("the production column stands out as missing, with each environment's check at the top", async () => {
    expect(await cell("StripeKey", "production").getAttribute("class")).toBe("cell missing");
    expect(await cell("StripeKey", "development").textContent()).toBe("✓--type development,preview,local");
    expect(await page.locator('li[data-env="production"]').textContent()).toBe("production ✗ 2 missing");
    expect(await page.locator('li[data-env="staging"]').getAttribute("class")).toBe("failing");
    expect(page.url()).not.toContain("token"); // the token leaves the address bar
    await page.screenshot({ path: path.join(SCREENSHOTS, "dashboard-missing.png"), fullPage: true });
  });

  test("setting the production values from the page turns the production check green", async () => {
    await setValue("StripeKey", ["production"], "prod-stripe-value");
    await page.waitForFunction(() => document.querySelector("#set-result")?.textContent?.includes("Successfully created secret value for StripeKey."));
    expect(await page.inputValue('input[name="value"]')).toBe(""); // write-only
    await setValue("GitHubToken", ["production"], "prod-github-value");
    await page.waitForSelector('li[data-env="production"].ok');
    expect(await page.locator('li[data-env="production"]').textContent()).toBe("production ✓");
    expect(user.ks(["secret", "get", "StripeKey", "--env", "prod"]).stdout).toBe("prod-stripe-value");
    await page.screenshot({ path: path.join(SCREENSHOTS, "dashboard-fixed.png"), fullPage: true });
  });

  test("an overlapping selector is offered its fix (unset the shared part) and resolved from the page", async () => {
    await setValue("StripeKey", ["local"], "local-stripe-value");
    const resolve = page.locator('button[data-action="resolve"]');
    await resolve.waitFor();
    expect(await page.locator("#set-result p.error").textContent()).toBe("'StripeKey' already has a value for --type local (the value set with --type development,preview,local)");
    await page.screenshot({ path: path.join(SCREENSHOTS, "dashboard-overlap.png"), fullPage: true });
    await resolve.click();
    await page.waitForFunction(() => !document.querySelector('tr[data-secret="StripeKey"] td[data-column="local"] small'));
    expect(await cell("StripeKey", "development").textContent()).toBe("✓--type development,preview");
    expect(user.ks(["secret", "get", "StripeKey", "--env", "local"]).stdout).toBe("local-stripe-value");
  });

  test("a value is revealed only on a click, for a readable type, and is gone from the page once hidden", async () => {
    await page.click('tr[data-secret="StripeKey"] button');
    const devValue = page.locator("#values li", { hasText: "--type development,preview,local:" }).locator('button[data-action="reveal"]');
    await devValue.click();
    await page.waitForSelector("code.revealed");
    expect(await page.locator("code.revealed").textContent()).toBe("dev-stripe-value");
    await page.click('button[data-action="hide"]');
    expect(await page.locator("code.revealed").count()).toBe(0);
    expect(await page.content()).not.toContain("dev-stripe-value");
  });

  test("history lists the versions, and a rollback from the page writes a new version with the old value", async () => {
    user.ks(["secret", "set", "--prod", "StripeKey"], "prod-stripe-value"); // value 1 (value 0 is development's)
    await setValue("StripeKey", ["production"], "prod-stripe-value-2");
    await page.waitForFunction(() => document.querySelector("#set-result")?.textContent?.includes("updated"));
    await page.click('tr[data-secret="StripeKey"] button');
    await page.click('button:has-text("History")');
    await page.click('li[data-version="type:production:1"] button[data-action="rollback"]');
    await page.waitForFunction(() => document.querySelector("#set-result")?.textContent?.includes("Rolled back StripeKey to version 1's value, as version 3."));
    expect(user.ks(["secret", "get", "StripeKey", "--env", "prod"]).stdout).toBe("prod-stripe-value");
  });

  test("a rollback addresses the value by its selector: a teammate's write that shifts the list in between does not redirect it", async () => {
    user.ks(["secret", "set", "--prod", "StripeKey"], "prod-stripe-value");
    user.ks(["secret", "set", "--prod", "StripeKey"], "prod-stripe-value-2");
    await page.waitForSelector('tr[data-secret="StripeKey"] td[data-column="production"].set', { timeout: 15_000 });
    await page.click('tr[data-secret="StripeKey"] button');
    await page.click('button:has-text("History")');
    await page.waitForSelector('li[data-version="type:production:1"] button[data-action="rollback"]');
    // While the panel is open, the development value (first in the list) goes away and another comes after.
    expect(user.ks(["secret", "unset", "--dev", "StripeKey"]).status).toBe(0);
    expect(user.ks(["secret", "set", "--type", "preview", "StripeKey"], "preview-stripe-value").status).toBe(0);
    // The page redraws when the store changes: click once it shows the new list, not while it is being replaced.
    await page.waitForSelector('tr[data-secret="StripeKey"] td[data-column="preview"].set', { timeout: 15_000 });
    await page.waitForSelector('li[data-version="type:production:1"] button[data-action="rollback"]');
    await page.click('li[data-version="type:production:1"] button[data-action="rollback"]');
    await page.waitForFunction(() => document.querySelector("#set-result")?.textContent?.includes("Rolled back StripeKey to version 1's value, as version 3."));
    expect(user.ks(["secret", "get", "StripeKey", "--env", "prod"]).stdout).toBe("prod-stripe-value");
    expect(user.ks(["secret", "get", "StripeKey", "--env", "preview"]).stdout).toBe("preview-stripe-value");
    expect(user.ks(["secret", "get", "StripeKey", "--env", "development"]).status).toBe(1);
  });

  test("the page follows changes on disk (a teammate's git pull)", async () => {
    user.ks(["secret", "set", "--type", "preview", "GitHubToken"], "preview-github-value");
    await page.waitForSelector('tr[data-secret="GitHubToken"] td[data-column="preview"].set', { timeout: 15_000 });
  });

  test("remove a type from a value, sync access, and delete a secret after confirming, all from the page", async () => {
    user.ks(["secret", "set", "--type", "preview", "GitHubToken"], "preview-github-value");
    await page.waitForSelector('tr[data-secret="GitHubToken"] td[data-column="preview"].set', { timeout: 15_000 });
    await page.click('tr[data-secret="GitHubToken"] button');
    await page.locator("#values li", { hasText: "--type preview:" }).locator("button", { hasText: "Remove preview" }).click();
    await page.waitForSelector('tr[data-secret="GitHubToken"] td[data-column="preview"].missing');
    await page.click("#sync");
    await page.waitForFunction(() => document.querySelector("#sync-result")?.textContent?.startsWith("Re-encrypted 0 secret(s)"));
    user.ks(["secret", "set", "--type", "local", "Leftover"], "leftover-value");
    await page.waitForSelector('tr[data-secret="Leftover"]');
    await page.click('tr[data-secret="Leftover"] button');
    let asked = "";
    page.once("dialog", (dialog) => {
      asked = dialog.message();
      void dialog.accept();
    });
    await page.click('button[data-action="delete"]');
    await page.waitForSelector('tr[data-secret="Leftover"]', { state: "detached" });
    expect(asked).toBe("Delete Leftover with all its values and versions?");
    expect(user.ks(["secret", "list", "--json"]).stdout).not.toContain("Leftover");
  });

  test("a request without the token, with another Host, or from another origin is refused", async () => {
    const token = new URL(dashboard.url).hash.replace("#token=", "");
    expect(await raw(dashboard.port, { path: "/api/state" })).toBe(401);
    expect(await raw(dashboard.port, { path: "/api/state", token: "wrong" })).toBe(401);
    expect(await raw(dashboard.port, { path: "/api/state", token })).toBe(200);
    expect(await raw(dashboard.port, { path: "/api/state", token, host: "evil.example:80" })).toBe(421);
    expect(await raw(dashboard.port, { path: "/", host: `attacker.example:${dashboard.port}` })).toBe(421);
    const post = { method: "POST", path: "/api/secrets/StripeKey/delete", token, body: "{}" };
    expect(await raw(dashboard.port, { ...post, origin: "http://evil.example" })).toBe(403);
    expect(await raw(dashboard.port, { ...post })).toBe(403); // no Origin at all: not from the page
    expect(user.ks(["secret", "list", "--json"]).stdout).toContain("StripeKey");
  });

  test("the server log holds method, path and status only", async () => {
    await setValue("StripeKey", ["production"], "prod-stripe-value");
    await page.waitForFunction(() => document.querySelector("#set-result")?.textContent?.includes("Successfully created"));
    expect(log).toContain("GET /api/state 200");
    expect(log.some((line) => line.startsWith("POST /api/secrets"))).toBe(true);
    for (const line of log) expect(line).toMatch(/^(GET|POST) \/[\w/.-]* \d{3}$/);
  });
});

describe("keystash ui, the command", () => {
  const user = sharedApp({ "src/a.ts": 'import { secret } from "keystash";\nexport const s = secret("Token");\n' });

  const start = (args: string[], env: NodeJS.ProcessEnv = {}) => {
    const { spawn } = require("node:child_process") as typeof import("node:child_process");
    const { KEYSTASH_BIN, cleanEnv } = require("../helpers/cli") as typeof import("../helpers/cli");
    const child = spawn(process.execPath, [KEYSTASH_BIN, "ui", ...args], { cwd: user.app, env: { ...cleanEnv(), ...user.env, ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk));
    const url = new Promise<string>((resolve) => child.stdout.on("data", () => {
      const match = /(http:\/\/127\.0\.0\.1:\d+\/#token=\S+)/.exec(stdout);
      if (match) resolve(match[1]!);
    }));
    const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
    return { child, url, exited, output: () => ({ stdout, stderr }) };
  };

  test("prints the URL with the token in the fragment, serves only 127.0.0.1, and stops on Ctrl-C", async () => {
    const ui = start([]);
    const url = new URL(await ui.url);
    expect(url.hostname).toBe("127.0.0.1");
    expect(await raw(Number(url.port), { path: "/api/state", token: url.hash.slice("#token=".length) })).toBe(200);
    ui.child.kill("SIGINT");
    expect(await ui.exited).toBe(0);
    expect(ui.output().stderr).toBe("GET /api/state 200\nkeystash dashboard stopped\n");
  });

  test("--open never puts the session token in the browser's argv: it gets a private page that forwards", async () => {
    const bin = tempDir("keystash-opener-");
    const record = path.join(bin, "argv.json");
    // Stands in for xdg-open: records its argv, and what it was given to open and how readable it is.
    fs.writeFileSync(path.join(bin, "xdg-open"), `#!${process.execPath}\nconst fs = require("node:fs");\nconst page = process.argv[2];\nfs.writeFileSync(${JSON.stringify(record)}, JSON.stringify({ argv: process.argv.slice(2), mode: fs.statSync(page).mode & 0o777, dir: fs.statSync(require("node:path").dirname(page)).mode & 0o777, html: fs.readFileSync(page, "utf8") }));\n`, { mode: 0o755 });
    const ui = start(["--open"], { PATH: `${bin}:${process.env.PATH}` });
    const url = await ui.url;
    const token = new URL(url).hash.slice("#token=".length);
    for (let i = 0; i < 100 && !fs.existsSync(record); i++) await new Promise((resolve) => setTimeout(resolve, 50));
    const opened = JSON.parse(fs.readFileSync(record, "utf8")) as { argv: string[]; mode: number; dir: number; html: string };
    expect(opened.argv.join(" ")).not.toContain(token);
    expect([opened.mode, opened.dir]).toEqual([0o600, 0o700]);
    expect(opened.html).toContain(`location.replace(${JSON.stringify(url)})`);
    ui.child.kill("SIGINT");
    expect(await ui.exited).toBe(0);
    expect(fs.existsSync(opened.argv[0]!)).toBe(false); // removed when the dashboard stops
  });

  test("--idle and --port are range-checked", () => {
    for (const [args, message] of [[["--idle", "100000"], "--idle: '100000' is not a number of minutes from 1 to 1440"], [["--port", "70000"], "--port: '70000' is not a port number"]] as const) {
      const result = user.ks(["ui", ...args]);
      expect([result.status, result.stderr.split("\n")[0]]).toEqual([2, `error: ${message}`]);
    }
  });

  test("stops by itself after the idle time", async () => {
    const ui = start(["--idle", "0.01"]);
    await ui.url;
    expect(await ui.exited).toBe(0);
    expect(ui.output().stderr).toContain("keystash dashboard stopped");
  });
});
