import * as path from "node:path";
import type * as Unplugin from "unplugin";
import { analyzeSource, mayReachPackage } from "../analyzer/analyze-source";
import { toDiagnostic } from "../analyzer/diagnostics";
import { buildManifest, serializeManifest } from "../analyzer/manifest";
import type { FileAnalysis } from "../analyzer/types";
import { loadConfig, type Config } from "../project/config";
import { MANIFEST_FILE } from "../project/file-names";
import { findAppRoot } from "../project/root";
import { loadTypeScript } from "../project/typescript";
import { writeFileIfChanged } from "../project/write-file-atomic";
import { lazy } from "../lazy";

// unplugin is ESM-only and an optional peer: loaded when a bundler config asks for the plugin.
const unplugin = lazy(() => require("unplugin") as typeof Unplugin);

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
}

/** One module's declarations, and whether a client build reached it. */
interface Reached {
  analysis: FileAnalysis;
  client: boolean;
}

const SOURCE = /\.[cm]?[jt]sx?$/;

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

/** The import chain from an entry to `id`: the first importer of each module, as the plugin saw it resolved. */
function importChain(importerOf: ReadonlyMap<string, string>, id: string, show: (id: string) => string): string {
  const chain = [id];
  const seen = new Set(chain);
  for (let next = importerOf.get(id); next !== undefined && !seen.has(next); next = importerOf.get(next)) {
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
    // Who first imported each module (Rollup, Rolldown and Vite, through resolveId): the chain a client-build error shows.
    const importerOf = new Map<string, string>();
    /** Records the edge by resolving as the bundler would, then lets the bundler's own answer stand. */
    async function recordImporter(this: { resolve: (source: string, importer?: string, options?: object) => Promise<{ id: string } | null> }, source: string, importer: string | undefined, resolveOptions: object) {
      if (importer === undefined || source.startsWith("\0")) return null;
      const resolved = await this.resolve(source, importer, { ...resolveOptions, skipSelf: true });
      if (resolved && !importerOf.has(resolved.id)) importerOf.set(resolved.id, importer);
      return resolved;
    }
    const relative = (id: string) => path.relative(app().root, id).split(path.sep).join("/");

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

    return {
      name: "keystash",
      enforce: "pre",
      transform: {
        filter: { id: { include: [SOURCE], exclude: [/[\\/]node_modules[\\/]/, /^\0/] } },
        handler(code, id) {
          const file = relative(id.replace(/[?#].*$/, ""));
          const analysis: FileAnalysis = mayReachPackage(code) ? analyzeSource(loadTypeScript(app().root), code, file) : { file, declarations: [], findings: [] };
          if (analysis.findings.length > 0) throw findingsError(analysis);
          const client = isClientBuild(this, options.client);
          if (client && analysis.declarations.length > 0) {
            throw clientSecretsError(analysis, importChain(importerOf, id, relative));
          }
          reached.set(id, { analysis, client });
          return null;
        },
      },
      vite: {
        resolveId(source, importer, resolveOptions) {
          // Only client builds show a chain; a server build pays nothing for it.
          if ((this as { environment?: { config?: { consumer?: string } } }).environment?.config?.consumer !== "client" && options.client !== true) return null;
          return recordImporter.call(this, source, importer, resolveOptions);
        },
        writeBundle(output, bundle) {
          if ((this as { environment?: { config?: { consumer?: string } } }).environment?.config?.consumer === "client") return;
          writeOutputManifest(output, bundle);
        },
      },
      rollup: {
        resolveId(source: string, importer: string | undefined, resolveOptions: object) {
          return options.client === true ? recordImporter.call(this as never, source, importer, resolveOptions) : null;
        },
        writeBundle(output: { dir?: string; file?: string }, bundle: Record<string, object>) {
          writeOutputManifest(output, bundle);
        },
      },
      rolldown: {
        resolveId(source: string, importer: string | undefined, resolveOptions: object) {
          return options.client === true ? recordImporter.call(this as never, source, importer, resolveOptions) : null;
        },
        writeBundle(output: { dir?: string; file?: string }, bundle: Record<string, object>) {
          writeOutputManifest(output, bundle);
        },
      },
      esbuild: {
        setup(build) {
          build.onEnd((result) => {
            if (result.errors.length > 0) return;
            const { outdir, outfile } = build.initialOptions;
            writeManifest(outdir ?? (outfile ? path.dirname(outfile) : undefined), reached.keys());
          });
        },
      },
      webpack(compiler) {
        compiler.hooks.afterEmit.tap("keystash", () => writeManifest(compiler.options.output.path, reached.keys()));
      },
      rspack(compiler) {
        compiler.hooks.afterEmit.tap("keystash", () => writeManifest(compiler.options.output.path ?? undefined, reached.keys()));
      },
    };
  });
}
