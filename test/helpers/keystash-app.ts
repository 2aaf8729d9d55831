import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { runCli, tempDir, writeFiles, type CliResult } from "./cli";

/** A user of a keystash app: their own config home (so their own identity) and a working copy. */
export interface AppUser {
  app: string;
  home: string;
  env: NodeJS.ProcessEnv;
  ks: (args: string[], input?: string | Buffer) => CliResult;
  recipient: () => string;
  identityFile: string;
}

/** A user working in `app` with an identity under a fresh XDG_CONFIG_HOME. */
export function appUser(app: string): AppUser {
  const home = tempDir("keystash-home-");
  const env = { XDG_CONFIG_HOME: home };
  const identityFile = path.join(home, "keystash/identity.txt");
  return {
    app,
    home,
    env,
    identityFile,
    ks: (args, input) => runCli(args, { cwd: app, env, input }),
    recipient: () => /# public key: (age1\w+)/.exec(fs.readFileSync(identityFile, "utf8"))![1]!,
  };
}

/** A fresh app (package.json plus `files`) and its first user, after `keystash init`. */
export function initApp(files: Record<string, string> = {}): AppUser {
  const app = tempDir("keystash-app-");
  writeFiles(app, { "package.json": '{ "name": "app" }', ...files });
  const user = appUser(app);
  const init = user.ks(["init"]);
  if (init.status !== 0) throw new Error(`init failed: ${init.stderr}`);
  return user;
}

/** Grants the user's own recipient production access (allowed: no production values yet). */
export function grantProduction(user: AppUser): void {
  const result = user.ks(["access", "add", "--type", "production", user.recipient()]);
  if (result.status !== 0) throw new Error(`access add failed: ${result.stderr}`);
}

/** Runs git in a directory with a fixed identity. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", ["-c", "user.name=Test", "-c", "user.email=test@example.com", "-c", "init.defaultBranch=main", ...args], {
    cwd,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"], // hooks and hints stay out of the test output
  });
}

/** The store file's text. */
export const storeText = (user: AppUser): string => fs.readFileSync(path.join(user.app, ".keystash/store.yaml"), "utf8");

/**
 * The app a describe block's tests share, made in `beforeAll` with `setup` run once after init:
 * collecting or filtering tests (`-t`) does no work, and a failing set-up is reported as the
 * hook's failure. Its fields are ready inside tests and hooks, not in the describe body.
 */
export const sharedApp = (files: Record<string, string> = {}, setup: (user: AppUser) => void = () => undefined): AppUser =>
  hookedApp(beforeAll, files, setup);

/** Like `sharedApp`, but a fresh app for each test: for tests that change what the next one would see. */
export const appPerTest = (files: Record<string, string> = {}, setup: (user: AppUser) => void = () => undefined): AppUser =>
  hookedApp(beforeEach, files, setup);

function hookedApp(hook: (fn: () => void) => void, files: Record<string, string>, setup: (user: AppUser) => void): AppUser {
  let user: AppUser | undefined;
  hook(() => {
    user = initApp(files);
    setup(user);
  });
  const ready = (): AppUser => {
    if (!user) throw new Error("the app is ready inside tests and hooks, not in the describe body");
    return user;
  };
  return {
    get app() { return ready().app; },
    get home() { return ready().home; },
    get env() { return ready().env; },
    get identityFile() { return ready().identityFile; },
    ks: (args, input) => ready().ks(args, input),
    recipient: () => ready().recipient(),
  };
}
