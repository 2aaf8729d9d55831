"use strict";
// In one process: a full build of the app (parse, check, emit) with plain TypeScript, then
// the keystash transformer's own work on a fresh program of the same files. The ratio is
// what the transformer adds to a build, without the noise of two separate tspc runs.
const path = require("node:path");
const { performance } = require("node:perf_hooks");
const repo = path.resolve(__dirname, "..");
const ts = require(path.join(repo, "node_modules/typescript"));
const keystashTransformer = require(path.join(repo, "dist/transformer/index.js")).default;

const app = process.argv[2];
const parsed = ts.getParsedCommandLineOfConfigFile(path.join(app, "tsconfig.plain.json"), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
const build = () => {
  const program = ts.createProgram(parsed.fileNames, { ...parsed.options, noEmit: true });
  ts.getPreEmitDiagnostics(program);
  return program;
};
let t = performance.now();
build();
const buildMs = performance.now() - t;
const fresh = ts.createProgram(parsed.fileNames, { ...parsed.options, noEmit: true, configFilePath: path.join(app, "tsconfig.plain.json") });
let diagnostics = 0;
t = performance.now();
keystashTransformer(fresh, {}, { ts, addDiagnostic: () => diagnostics++ });
const transformerMs = performance.now() - t;
process.stdout.write(JSON.stringify({ buildMs, transformerMs, diagnostics }));
