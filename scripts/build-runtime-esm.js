#!/usr/bin/env node
"use strict";
// Build step: the runtime as one ES module, for bundlers (package.json's "module" condition). An ESM
// bundle of the CommonJS build would `require()` Node's built-ins, which ES modules cannot do; this
// file imports them. Node itself keeps the CommonJS build, so one process has one loader. The store
// tier stays out: the loader reaches it by package name at run time (src/runtime/loader.ts).
const path = require("node:path");
const esbuild = require("esbuild");

esbuild.buildSync({
  entryPoints: [path.join(__dirname, "../src/runtime/index.ts")],
  outfile: path.join(__dirname, "../dist/runtime/index.mjs"),
  bundle: true,
  format: "esm",
  platform: "node",
  target: "node22",
  // The loader's own path is a CommonJS idea; a bundler would turn `__filename` into a wrong path or a ReferenceError.
  define: { KEYSTASH_ESM_BUILD: "true" },
  logLevel: "warning",
});
