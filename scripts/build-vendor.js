#!/usr/bin/env node
"use strict";
// Build step, after tsc: each src/vendor/*.ts becomes one bundled, minified file in dist/vendor
// holding its package, so an app that installs keystash installs no dependency (measured: 3.0 MB
// of node_modules before, the packages' whole folders; test/toolchain/lean-install.test.ts keeps
// it under 2 MB). The packages' licenses go beside them in dist/vendor/LICENSES.md.
const fs = require("node:fs");
const path = require("node:path");
const esbuild = require("esbuild");

const src = path.join(__dirname, "../src/vendor");
const out = path.join(__dirname, "../dist/vendor");
const packages = new Map();

for (const file of fs.readdirSync(src).filter((name) => name.endsWith(".ts")).sort()) {
  const result = esbuild.buildSync({
    entryPoints: [path.join(src, file)],
    outfile: path.join(out, file.replace(/\.ts$/, ".js")),
    bundle: true,
    format: "cjs",
    platform: "node",
    target: "node22",
    minify: true,
    legalComments: "none", // the licenses are in LICENSES.md, whole
    metafile: true,
    allowOverwrite: true,
    logLevel: "warning",
  });
  for (const input of Object.keys(result.metafile.inputs)) {
    const dir = packageDirOf(path.resolve(input));
    if (dir && !packages.has(dir)) packages.set(dir, JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")));
  }
}

/** The folder of the installed package a bundled file comes from (node_modules/NAME or node_modules/@SCOPE/NAME). */
function packageDirOf(file) {
  const at = file.lastIndexOf(`${path.sep}node_modules${path.sep}`);
  if (at < 0) return undefined;
  const rest = file.slice(at + 14).split(path.sep);
  return path.join(file.slice(0, at + 13), ...rest.slice(0, rest[0].startsWith("@") ? 2 : 1));
}

const sections = [...packages].sort(([, a], [, b]) => (a.name < b.name ? -1 : 1)).map(([dir, pkg]) => {
  const licenseFile = fs.readdirSync(dir).find((name) => /^(licen[cs]e|copying)([.-]|$)/i.test(name));
  if (!licenseFile) throw new Error(`build-vendor: ${pkg.name} has no license file to ship with its bundled copy`);
  return `## ${pkg.name} ${pkg.version} (${pkg.license})\n\n${fs.readFileSync(path.join(dir, licenseFile), "utf8").trim()}\n`;
});
fs.writeFileSync(path.join(out, "LICENSES.md"), `# Bundled packages\n\nkeystash ships these packages bundled in dist/vendor (scripts/build-vendor.js).\n\n${sections.join("\n")}`);
