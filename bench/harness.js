"use strict";
// Timing helpers: wall time of whole commands, peak RSS, medians, interleaved runs.
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");

const TIME_BIN = fs.existsSync("/usr/bin/time") ? "/usr/bin/time" : null;

/** Runs a command once; returns wall milliseconds and peak RSS in MiB (null without GNU time). */
function runOnce(command, args, options = {}) {
  const [file, argv] = TIME_BIN ? [TIME_BIN, ["-f", "KEYSTASH_BENCH_RSS=%M", command, ...args]] : [command, args];
  const start = process.hrtime.bigint();
  const result = spawnSync(file, argv, { encoding: "utf8", maxBuffer: 256 * 1024 * 1024, ...options });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.error) throw result.error;
  const expected = options.expectStatus ?? 0;
  if (result.status !== expected) {
    throw new Error(`${command} ${args.join(" ")} exited ${result.status}:\n${(result.stderr || "").slice(-2000)}`);
  }
  const rss = /KEYSTASH_BENCH_RSS=(\d+)/.exec(result.stderr || "");
  return { ms, rssMiB: rss ? Number(rss[1]) / 1024 : null, stdout: result.stdout };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/**
 * Runs each case `runs` times, interleaved (a b c a b c ...) so that machine noise hits all
 * of them alike. `cases` maps a label to a function returning {ms, rssMiB}.
 */
function interleave(cases, runs) {
  const samples = Object.fromEntries(Object.keys(cases).map((label) => [label, { ms: [], rss: [] }]));
  for (let i = 0; i < runs; i++) {
    for (const [label, run] of Object.entries(cases)) {
      const { ms, rssMiB } = run();
      samples[label].ms.push(ms);
      if (rssMiB !== null && rssMiB !== undefined) samples[label].rss.push(rssMiB);
    }
  }
  return Object.fromEntries(
    Object.entries(samples).map(([label, s]) => [label, { ms: median(s.ms), rssMiB: s.rss.length ? Math.max(...s.rss) : null, runs }]),
  );
}

const fmtMs = (ms) => (ms < 0.001 ? `${(ms * 1e6).toFixed(1)} ns` : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : ms >= 10 ? `${ms.toFixed(0)} ms` : ms >= 1 ? `${ms.toFixed(2)} ms` : `${(ms * 1000).toFixed(1)} µs`);
const fmtRss = (mib) => (mib === null || mib === undefined ? "n/a" : `${mib.toFixed(0)} MiB`);

module.exports = { runOnce, interleave, median, fmtMs, fmtRss };
