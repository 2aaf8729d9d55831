import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT } from "./cli";

/** Makes `keystash` resolvable from `app` the way npm would: node_modules/keystash -> this repo. */
export function linkKeystash(app: string): void {
  fs.mkdirSync(path.join(app, "node_modules"), { recursive: true });
  const link = path.join(app, "node_modules", "keystash");
  if (!fs.existsSync(link)) fs.symlinkSync(REPO_ROOT, link, "dir");
  // As npm installs it: the binaries in node_modules/.bin.
  fs.mkdirSync(path.join(app, "node_modules/.bin"), { recursive: true });
  for (const bin of ["keystash", "check-secrets"]) {
    const target = path.join(app, "node_modules/.bin", bin);
    if (!fs.existsSync(target)) fs.symlinkSync(`../keystash/bin/${bin}.js`, target);
  }
}
