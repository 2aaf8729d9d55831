// In one process: a Vite build of the app with keystash/vite whose hooks are timed, so the
// plugin's own work is shown beside the whole build's (two separate builds differ by more than
// the plugin costs on a noisy machine). `node vite-probe.mjs APP` prints JSON.
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { createRequire } from "node:module";

const app = process.argv[2];
const fromRepo = createRequire(import.meta.url);
const { build } = await import(fromRepo.resolve("vite"));
const { default: keystash } = await import(createRequire(path.join(app, "package.json")).resolve("keystash/vite"));

let pluginMs = 0;
const perHook = {};
const timed = (fn, name) =>
  function (...args) {
    const t = performance.now();
    try {
      return fn.apply(this, args);
    } finally {
      const d = performance.now() - t; pluginMs += d; perHook[name] = (perHook[name] ?? 0) + d;
    }
  };
const plugin = keystash();
for (const [name, hook] of Object.entries(plugin)) {
  if (typeof hook === "function") plugin[name] = timed(hook, name);
  else if (hook && typeof hook.handler === "function") plugin[name] = { ...hook, handler: timed(hook.handler, name) };
}
process.chdir(app);
const t = performance.now();
await build({ configFile: false, logLevel: "silent", plugins: [plugin], build: { ssr: "src/index-all.ts", outDir: "out-vite", minify: false } });
process.stdout.write(JSON.stringify({ buildMs: performance.now() - t, pluginMs, perHook }));
