#!/usr/bin/env node
"use strict";
// Build step, after tsc: the runtime's two bundled files.
// - dist/runtime/index.mjs: the runtime as one ES module, for bundlers (package.json's "module"
//   condition). An ESM bundle of the CommonJS build would `require()` Node's built-ins, which ES
//   modules cannot do; this file imports them. Node itself keeps the CommonJS build, so one
//   process has one loader. The store tier stays out: the loader reaches it by package name.
// - dist/runtime/store-tier.js (replacing tsc's file): the store tier the loader loads when a value
//   is not in the environment, as one CommonJS file: one module to load instead of ~30 (measured
//   ~10 ms of an app's start-up from the store, bench group 4). Its dependencies stay packages.
const path = require("node:path");
const esbuild = require("esbuild");

const src = path.join(__dirname, "../src/runtime");
const out = path.join(__dirname, "../dist/runtime");
const common = { bundle: true, platform: "node", target: "node22", logLevel: "warning" };

esbuild.buildSync({
  ...common,
  entryPoints: [path.join(src, "index.ts")],
  outfile: path.join(out, "index.mjs"),
  format: "esm",
  // The loader's own path is a CommonJS idea; a bundler would turn `__filename` into a wrong path or a ReferenceError.
  define: { KEYSTASH_ESM_BUILD: "true" },
});

esbuild.buildSync({
  ...common,
  entryPoints: [path.join(src, "store-tier.ts")],
  outfile: path.join(out, "store-tier.js"),
  format: "cjs",
  packages: "external",
  allowOverwrite: true,
});
