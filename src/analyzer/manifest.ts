import { secretNameProblem } from "./names";
import type { FileAnalysis } from "./types";

/** Where one secret is declared, as written to the manifest. */
export interface ManifestDeclaration {
  file: string;
  line: number;
  column: number;
  binding: string;
  service: string | null;
  /** The doc comment above the declaration (present only when there is one). */
  description?: string;
}

/** One required secret: every place that declares it and the services they belong to. */
export interface ManifestSecret {
  name: string;
  services: string[];
  declarations: ManifestDeclaration[];
}

/** `keystash.manifest.json`: the secrets an app needs. */
export interface Manifest {
  version: 1;
  secrets: ManifestSecret[];
}

/** Service name -> directory relative to the app root. */
export type ServiceDirectories = Readonly<Record<string, string>>;

const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function normaliseDirectory(directory: string): string {
  return directory.replace(/\\/g, "/").replace(/^\.\/+/, "").replace(/\/+$/, "");
}

/** The configured service whose directory holds `file` (the deepest one wins), or null. */
export function serviceOf(file: string, services: ServiceDirectories): string | null {
  let best: { name: string; depth: number } | null = null;
  for (const [name, directory] of Object.entries(services)) {
    const prefix = normaliseDirectory(directory);
    const inside = prefix === "" || prefix === "." || file === prefix || file.startsWith(`${prefix}/`);
    if (inside && (!best || prefix.length > best.depth)) best = { name, depth: prefix.length };
  }
  return best?.name ?? null;
}

/**
 * Builds the manifest from per-file analyses. Deterministic: secrets sorted by name,
 * declarations by file, line and column, whatever order the files came in.
 */
export function buildManifest(analyses: readonly FileAnalysis[], services: ServiceDirectories = {}): Manifest {
  const byName = new Map<string, ManifestDeclaration[]>();
  for (const analysis of analyses) {
    for (const declaration of analysis.declarations) {
      const list = byName.get(declaration.name) ?? [];
      const entry: ManifestDeclaration = {
        file: declaration.file,
        line: declaration.line,
        column: declaration.column,
        binding: declaration.binding,
        service: serviceOf(declaration.file, services),
      };
      if (declaration.description !== undefined) entry.description = declaration.description;
      list.push(entry);
      byName.set(declaration.name, list);
    }
  }
  const secrets = [...byName.entries()]
    .sort(([a], [b]) => byCodeUnits(a, b))
    .map(([name, declarations]): ManifestSecret => {
      declarations.sort((a, b) => byCodeUnits(a.file, b.file) || a.line - b.line || a.column - b.column);
      const services = [...new Set(declarations.map((d) => d.service).filter((s): s is string => s !== null))];
      return { name, services: services.sort(byCodeUnits), declarations };
    });
  return { version: 1, secrets };
}

/** The manifest's file bytes: two-space JSON with a trailing newline. */
export function serializeManifest(manifest: Manifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/**
 * Parses and checks a manifest file's text.
 * @throws Error naming what is wrong when the text is not a version 1 manifest.
 */
export function parseManifest(text: string, source: string): Manifest {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new Error(`manifest: ${source} is not valid JSON`, { cause });
  }
  const manifest = value as Partial<Manifest> | null;
  if (!manifest || manifest.version !== 1 || !Array.isArray(manifest.secrets)) {
    throw new Error(`manifest: ${source} is not a manifest of secrets (expected {"version": 1, "secrets": [...]})`);
  }
  for (const entry of manifest.secrets) {
    if (!entry || typeof entry.name !== "string" || !Array.isArray(entry.declarations) || !Array.isArray(entry.services)) {
      throw new Error(`manifest: ${source} has a malformed secret entry`);
    }
    const problem = secretNameProblem(entry.name);
    if (problem !== undefined) throw new Error(`manifest: ${source} names ${JSON.stringify(entry.name.slice(0, 64))}, which is not a valid secret name: ${problem}`);
  }
  return manifest as Manifest;
}
