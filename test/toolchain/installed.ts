import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT, tempDir } from "../helpers/cli";

// keystash as an app gets it: `npm pack` of this repository (the files list, the built dist)
// installed with real npm into a fresh folder, beside whatever toolchain the test names.

let tarball: string | undefined;

/** This repository packed once per test file (dist must be built: `npm test` builds first). */
export function packedKeystash(): string {
  if (tarball) return tarball;
  const into = tempDir("keystash-pack-");
  const packed = spawnSync("npm", ["pack", "--ignore-scripts", "--silent", "--pack-destination", into], { cwd: REPO_ROOT, encoding: "utf8" });
  if (packed.status !== 0) throw new Error(`npm pack failed: ${packed.stderr}`);
  return (tarball = path.join(into, packed.stdout.trim().split("\n").pop()!));
}

/** The outcome of `npm install` in a fresh app: its folder, npm's output, and how it exited. */
export interface InstalledApp {
  app: string;
  status: number | null;
  output: string;
}

/**
 * A fresh app with `files`, then `npm install` of keystash (from the tarball) and
 * `devDependencies`; `omitDev` installs as a production image does (`--omit=dev`).
 */
export function installApp(files: Record<string, string>, devDependencies: Record<string, string>, dependencies: Record<string, string> = {}, { omitDev = false } = {}): InstalledApp {
  const app = tempDir("keystash-installed-");
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(app, file)), { recursive: true });
    fs.writeFileSync(path.join(app, file), text);
  }
  const manifest = { name: "app", private: true, dependencies: { keystash: `file:${packedKeystash()}`, ...dependencies }, devDependencies };
  fs.writeFileSync(path.join(app, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  const install = spawnSync("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=warn", ...(omitDev ? ["--omit=dev"] : [])], { cwd: app, encoding: "utf8", timeout: 240_000 });
  return { app, status: install.status, output: `${install.stdout}${install.stderr}` };
}
