import * as fs from "node:fs";
import * as path from "node:path";
import type * as Unplugin from "unplugin";
import { analyzeSource, mayReachPackage } from "../analyzer/analyze-source";
import { toDiagnostic } from "../analyzer/diagnostics";
import { buildManifest, serializeManifest } from "../analyzer/manifest";
import type { FileAnalysis } from "../analyzer/types";
import { AnalysisCache } from "../project/analysis-cache";
import { loadAppPackage } from "../project/app-package";
import { loadConfig, type Config } from "../project/config";
import { MANIFEST_FILE } from "../project/file-names";
import { findAppRoot } from "../project/root";
import { loadTypeScript, saveTypeScriptCodeCache } from "../project/typescript";
import { writeFileIfChanged } from "../project/write-file-atomic";
import type { KnownValues } from "../scan/store-values";
import type { ScanInput } from "../scan/scan-files";
import { lazy } from "../lazy";

// unplugin (ESM-only) is the app's, loaded when a bundler config asks for the plugin: from the folder
// the build runs in, then beside keystash. keystash declares no dependency on it (see README,
// "Dependencies and why": npm would install a declared peer into production images).
const unplugin = lazy((): typeof Unplugin => {
  const loaded = loadAppPackage<typeof Unplugin>("unplugin", process.cwd());
  if (loaded === undefined) throw new Error("keystash: the bundler plugin needs unplugin: npm install --save-dev unplugin");
  return loaded;
});
// The output check decrypts the store: loaded only when an identity is found.
const identity = lazy(() => require("../store/identity") as typeof import("../store/identity"));
const storeValues = lazy(() => require("../scan/store-values") as typeof import("../scan/store-values"));
const scanFiles = lazy(() => require("../scan/scan-files") as typeof import("../scan/scan-files"));

/** Options of `keystash(…)` in a bundler config. */
export interface KeystashPluginOptions {
  /**
   * This build is for a browser or an edge runtime: a `secret()` declaration it reaches fails
   * the build. Default: Vite's client environments, esbuild's `platform: "browser"` (esbuild's
   * default), webpack and Rspack targets that include `web`; Rollup and Rolldown builds are
   * server builds unless this says otherwise.
   */
  client?: boolean;
  /** The app root (keystash.yaml, services): default the nearest one above the working directory. */
  root?: string;
  /**
   * Look for current store values in what the build emits (chunks, assets, source maps), as
   * `keystash scan --values` does, and fail the build on a hit. Default: when an identity that
   * reads the store is found (KEYSTASH_IDENTITY, KEYSTASH_IDENTITY_FILE, the user's identity
   * file); `true`: also fail when none is found; `false`: off.
   */
  scanValues?: boolean;
}

/** One module's declarations, and whether a client build reached it. */
interface Reached {
  analysis: FileAnalysis;
  client: boolean;
}

const SOURCE = /\.[cm]?[jt]sx?$/;

/**
 * The modules the plugin reads: app sources whose text can name the package (a superset of
 * mayReachPackage: the name in any case, or any backslash, which could hide it in an escape).
 * Given to the bundler, so Rolldown (Vite 8) skips the rest without calling into JavaScript.
 */
const TRANSFORM_FILTER = { id: { include: [SOURCE], exclude: [/[\\/]node_modules[\\/]/, /^\0/] }, code: { include: [/keystash|\\/i] } };

/** A bundler's own error for a finding: `file:line:column - KS1001: message`, every finding of the module. */
function findingsError(analysis: FileAnalysis): Error {
  const lines = analysis.findings.map(toDiagnostic).map((d) => `${d.file}:${d.line}:${d.column} - ${d.code}: ${d.message}`);
  return new Error(`keystash: ${lines.length} finding${lines.length === 1 ? "" : "s"} in ${analysis.file}:\n${lines.join("\n")}`);
}

/** A client build reached a module that declares secrets: the build fails naming each one and how it was reached. */
function clientSecretsError(analysis: FileAnalysis, chain: string): Error {
  const lines = analysis.declarations.map((d) => `  secret("${d.name}") at ${analysis.file}:${d.line}:${d.column}`);
  return new Error(
    `keystash: a client build reaches ${analysis.file} (${chain}), which declares ${lines.length === 1 ? "a secret" : `${lines.length} secrets`}; secrets never go into a browser or edge bundle:\n${lines.join("\n")}\nmove the code that reads them to the server, and pass the client only what it may show`,
  );
}

/** A build's output holds store values: named by file, position and which secret, never by the value. */
function valuesError(findings: readonly { file: string; line: number; column: number; kind: string }[]): Error {
  const lines = findings.map((f) => `  ${f.file}:${f.line}:${f.column} - ${f.kind}`);
  return new Error(
    `keystash: the build output holds ${lines.length === 1 ? "a store value" : `${lines.length} store values`}; a bundle never carries a secret's value:\n${lines.join("\n")}\nfind where the value was inlined (a define, an imported .env file, a hard-coded string) and read it with secret() at run time`,
  );
}

/** Text of an emitted file as the bundler holds it (string, bytes, or a webpack Source). */
function outputText(content: unknown): string {
  if (typeof content === "string") return content;
  if (content instanceof Uint8Array) return Buffer.from(content).toString("utf8");
  return "";
}

/** Whether the module being transformed goes into a client build (see KeystashPluginOptions.client). */
function isClientBuild(context: Unplugin.UnpluginBuildContext, option: boolean | undefined): boolean {
  if (option !== undefined) return option;
  // Vite hands its own plugin context to the hooks: an environment says who consumes the build.
  const environment = (context as { environment?: { config?: { consumer?: string } } }).environment;
  if (environment) return environment.config?.consumer === "client";
  const native = context.getNativeBuildContext?.() as
    | { framework: "vite"; context: { environment?: { config?: { consumer?: string } } } }
    | { framework: "esbuild"; build: { initialOptions: { platform?: string } } }
    | { framework: "webpack" | "rspack"; compiler: { options: { target?: unknown } } }
    | { framework: string }
    | undefined;
  if (!native) return false;
  if (native.framework === "vite" && "context" in native) return native.context.environment?.config?.consumer === "client";
  if (native.framework === "esbuild" && "build" in native) return (native.build.initialOptions.platform ?? "browser") === "browser";
  if ((native.framework === "webpack" || native.framework === "rspack") && "compiler" in native) {
    const target = native.compiler.options.target;
    const targets = target === undefined ? ["web"] : ([] as unknown[]).concat(target).map(String);
    return targets.some((t) => t.startsWith("web") || t === "browserslist");
  }
  return false;
}

/** What the plugin uses of webpack's and Rspack's compilers (the two type their hooks differently). */
interface WebpackLikeCompiler {
  options: { output: { path?: string | null } };
  hooks: {
    shouldEmit: { tap(name: string, fn: (compilation: { getAssets(): readonly { name: string; source: { source(): unknown } }[]; errors: Error[] }) => boolean | undefined): void };
    afterEmit: { tap(name: string, fn: () => void): void };
  };
}

/** A file's text, or "" when it is gone. */
function readIfPresent(file: string): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return "";
  }
}

type ModuleInfo = (id: string) => { importers: readonly string[] } | null;

/** The import chain from an entry to `id`, from the bundler's module graph: the first importer of each module. */
function importChain(getModuleInfo: ModuleInfo, id: string, show: (id: string) => string): string {
  const chain = [id];
  const seen = new Set(chain);
  for (let next = getModuleInfo(id)?.importers[0]; next !== undefined && !seen.has(next); next = getModuleInfo(next)?.importers[0]) {
    chain.unshift(next);
    seen.add(next);
  }
  return chain.map(show).join(" → ");
}

/**
 * The keystash plugin for every bundler (on unplugin): the one analyzer on every source module
 * the bundler loads (a finding fails the build, with the CLI's codes and messages), no
 * `secret()` declaration in a client build (the build fails naming the secret and the import
 * chain), and a `keystash.manifest.json` in each output directory holding exactly the secrets
 * that output's modules declare, so the runtime, `check-secrets --manifest`, `run`, `export`
 * and `sync` can work per deployable.
 */
export function keystashUnplugin(): Unplugin.UnpluginInstance<KeystashPluginOptions | undefined> {
  return unplugin().createUnplugin<KeystashPluginOptions | undefined>((options = {}) => {
    let root: string | undefined;
    let config: Config | undefined;
    const app = () => {
      root ??= options.root ? path.resolve(options.root) : findAppRoot(process.cwd());
      config ??= loadConfig(root);
      return { root, config };
    };
    const reached = new Map<string, Reached>();
    const relative = (id: string) => path.relative(app().root, id).split(path.sep).join("/");

    // The values to look for in the output, read once per plugin instance; null: the check is off.
    let known: KnownValues | null | undefined;
    const knownValues = (): KnownValues | null => {
      if (known !== undefined) return known;
      if (options.scanValues === false) return (known = null);
      const identities = identity().loadIdentities();
      if (identities.length === 0) {
        if (options.scanValues) throw new Error("keystash: scanValues is on, but no identity was found to read the store with (KEYSTASH_IDENTITY, KEYSTASH_IDENTITY_FILE or your identity file); give the build one, or drop scanValues");
        return (known = null);
      }
      return (known = storeValues().readableValues(app().root, app().config, identities));
    };
    /** The error for emitted files that hold a current store value, if any does. */
    const valuesFoundIn = (outputs: readonly ScanInput[]): Error | undefined => {
      const values = knownValues();
      if (!values || values.values.size === 0) return undefined;
      const findings = scanFiles().findValues(outputs, values.values, (key) => values.labels.get(key)!, app().config.app ?? "");
      return findings.length > 0 ? valuesError(findings) : undefined;
    };
    /** Rollup, Rolldown and Vite, before anything is written: every chunk, its source map and every asset. */
    const refuseValuesInBundle = (output: { dir?: string; file?: string }, bundle: Record<string, object>) => {
      const dir = output.dir ?? (output.file ? path.dirname(output.file) : "");
      const outputs = Object.values(bundle).flatMap((item) => {
        const entry = item as { fileName: string; code?: string; source?: unknown; map?: unknown };
        const file = relative(path.resolve(app().root, dir, entry.fileName));
        const texts = [entry.code ?? outputText(entry.source), entry.map ? JSON.stringify(entry.map) : ""];
        return texts.filter(Boolean).map((text, i) => ({ file: i === 0 ? file : `${file}.map`, text }));
      });
      const error = valuesFoundIn(outputs);
      if (error) throw error;
    };

    const manifestFor = (ids: Iterable<string>) => {
      const analyses = [...ids].flatMap((id) => {
        const entry = reached.get(id);
        return entry && !entry.client ? [entry.analysis] : [];
      });
      return serializeManifest(buildManifest(analyses, app().config.services));
    };
    const writeManifest = (dir: string | undefined, ids: Iterable<string>) => {
      if (dir === undefined) return;
      writeFileIfChanged(path.join(path.resolve(app().root, dir), MANIFEST_FILE), manifestFor(ids));
    };

    /** Rollup, Rolldown and Vite: each output's manifest holds the secrets its chunks' modules declare. */
    const writeOutputManifest = (output: { dir?: string; file?: string }, bundle: Record<string, object>) => {
      const ids = Object.values(bundle).flatMap((chunk) => ("moduleIds" in chunk ? (chunk.moduleIds as string[]) : []));
      writeManifest(output.dir ?? (output.file ? path.dirname(output.file) : undefined), ids);
    };

    // Unchanged files come from the plugin's own analysis cache (by size and mtime, and only when
    // the code the bundler hands over is the file's text): a rebuild parses only what changed.
    let cache: AnalysisCache | undefined;
    const analyse = (full: string, file: string, code: string): FileAnalysis => {
      cache ??= new AnalysisCache(app().root, "bundler-analysis.json");
      let stat: fs.Stats | undefined;
      try {
        stat = fs.statSync(full);
        if (fs.readFileSync(full, "utf8") !== code) stat = undefined; // another plugin changed it: analyse what the bundler has
      } catch {
        stat = undefined;
      }
      const cached = stat && cache.get(file, stat);
      if (cached) return cached.analysis;
      const analysis = analyzeSource(loadTypeScript(app().root), code, file);
      if (stat) cache.set(file, stat, { analysis, imports: [] });
      return analysis;
    };
    const finish = () => {
      cache?.save();
      saveTypeScriptCodeCache();
    };

    /** Fails the build when a client build reached a declaration, naming the chain the bundler's module graph shows. */
    const refuseClientSecrets = (getModuleInfo: ModuleInfo) => {
      finish();
      const offending = [...reached].find(([, entry]) => entry.client && entry.analysis.declarations.length > 0);
      if (offending) throw clientSecretsError(offending[1].analysis, importChain(getModuleInfo, offending[0], relative));
    };

    /** Every source module the bundler loads: findings fail the build; a client build must reach no declaration. */
    const transform = {
      filter: TRANSFORM_FILTER,
      handler(this: Unplugin.UnpluginBuildContext, code: string, id: string) {
        const file = relative(id.replace(/[?#].*$/, ""));
        const analysis: FileAnalysis = mayReachPackage(code) ? analyse(id.replace(/[?#].*$/, ""), file, code) : { file, declarations: [], findings: [] };
        if (analysis.findings.length > 0) throw findingsError(analysis);
        const client = isClientBuild(this, options.client);
        reached.set(id, { analysis, client });
        // Rollup, Rolldown and Vite builds know the import chain once the graph is complete (buildEnd); esbuild
        // and webpack never tell plugins, and Vite's dev server has no end, so those fail at once (the dev server shows it in its overlay).
        const devServer = (this as { environment?: { mode?: string } }).environment?.mode === "dev";
        if (client && analysis.declarations.length > 0 && (devServer || typeof (this as { getModuleInfo?: unknown }).getModuleInfo !== "function")) throw clientSecretsError(analysis, relative(id));
        return null;
      },
    };

    /** Rollup and Rolldown share their plugin API: the module graph at buildEnd, the chunks at writeBundle. */
    const rollupHooks = {
      buildEnd(this: { getModuleInfo: ModuleInfo }) {
        refuseClientSecrets((id: string) => this.getModuleInfo(id));
      },
      generateBundle(output: { dir?: string; file?: string }, bundle: Record<string, object>) {
        refuseValuesInBundle(output, bundle);
      },
      writeBundle(output: { dir?: string; file?: string }, bundle: Record<string, object>) {
        writeOutputManifest(output, bundle);
      },
    };

    /** webpack and Rspack share their compiler API: nothing is emitted when the assets hold a value. */
    const webpackHooks = (compiler: WebpackLikeCompiler) => {
      compiler.hooks.shouldEmit.tap("keystash", (compilation) => {
        const outputs = compilation.getAssets().map((asset) => ({ file: relative(path.join(compiler.options.output.path ?? "", asset.name)), text: outputText(asset.source.source()) }));
        const error = valuesFoundIn(outputs);
        if (!error) return undefined;
        compilation.errors.push(error);
        return false;
      });
      compiler.hooks.afterEmit.tap("keystash", () => {
        finish();
        writeManifest(compiler.options.output.path ?? undefined, reached.keys());
      });
    };

    return {
      name: "keystash",
      enforce: "pre",
      transform,
      vite: {
        // Handed to Vite itself, so Rolldown applies the filter natively (unplugin would call into JavaScript for every module).
        transform: transform as never,
        buildEnd() {
          refuseClientSecrets((id) => this.getModuleInfo(id));
        },
        generateBundle(output, bundle) {
          refuseValuesInBundle(output, bundle);
        },
        writeBundle(output, bundle) {
          // A client output gets one too (with no secrets: one would have failed the build), so `check` knows the folder for build output.
          writeOutputManifest(output, bundle);
        },
      },
      rollup: rollupHooks,
      rolldown: rollupHooks,
      esbuild: {
        setup(build) {
          // The metafile lists what was written, for the output check.
          build.initialOptions.metafile = true;
          build.onEnd((result) => {
            finish();
            if (result.errors.length > 0) return;
            // esbuild has written its files by now: the ones that hold a value are removed again.
            const cwd = build.initialOptions.absWorkingDir ?? process.cwd();
            const written = result.outputFiles?.map((f) => ({ path: f.path, text: f.text })) ?? Object.keys(result.metafile?.outputs ?? {}).map((file) => path.resolve(cwd, file)).map((full) => ({ path: full, text: readIfPresent(full) }));
            const error = valuesFoundIn(written.map((f) => ({ file: relative(f.path), text: f.text })));
            if (error) {
              for (const f of written) fs.rmSync(f.path, { force: true });
              return { errors: [{ text: error.message }] };
            }
            const { outdir, outfile } = build.initialOptions;
            writeManifest(outdir ?? (outfile ? path.dirname(outfile) : undefined), reached.keys());
            return undefined;
          });
        },
      },
      webpack(compiler) {
        webpackHooks(compiler as unknown as WebpackLikeCompiler);
      },
      rspack(compiler) {
        webpackHooks(compiler as unknown as WebpackLikeCompiler);
      },
    };
  });
}
