"use strict";
// Runs inside a fresh process in a bench app: times the loader's start-up (the first
// secret() call), reading every value, and calling a resolved secret, in-process.
const path = require("node:path");
const fs = require("node:fs");
const { performance } = require("node:perf_hooks");

const manifestPath = path.join(process.cwd(), "keystash.manifest.json");
const names = JSON.parse(fs.readFileSync(manifestPath, "utf8")).secrets.map((s) => s.name);

// Baseline: what any loader must at least do: parse the manifest and read 100 env vars.
let t = performance.now();
const manifest = JSON.parse(fs.readFileSync(manifestPath, "utf8"));
let sink = 0;
for (const s of manifest.secrets) sink += (process.env[s.name] ?? "").length;
const baselineMs = performance.now() - t;

const { secret } = require("keystash");
t = performance.now();
// The probe declares the manifest's 100 names dynamically on purpose: it measures the loader, not an app.
// eslint-disable-next-line keystash/valid-secret
const secrets = names.map((name) => secret(name));
const initMs = performance.now() - t;
for (const s of secrets) sink += s().length;
const initAndReadMs = performance.now() - t;

// Per-call cost of a resolved secret vs a plain property read, over many iterations.
const N = 5_000_000;
const one = secrets[0];
const object = { value: "x" };
t = performance.now();
for (let i = 0; i < N; i++) sink += one().length;
const callNs = ((performance.now() - t) * 1e6) / N;
t = performance.now();
for (let i = 0; i < N; i++) sink += object.value.length;
const propertyReadNs = ((performance.now() - t) * 1e6) / N;

process.stdout.write(JSON.stringify({ baselineMs, initMs, initAndReadMs, callNs, propertyReadNs, sink: sink > 0 }));
