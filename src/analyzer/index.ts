/**
 * keystash/analyzer: the one static analyzer behind the CLI, the transformer and the
 * ESLint rule. Pure (no I/O); pass in the `typescript` module you parse with.
 */
export { analyzeSource, SOURCE_EXTENSIONS } from "./analyze-source";
export { analyzeSourceFile } from "./analyze-source-file";
export { isReservedName, RESERVED_NAMES, RESERVED_PREFIXES, SECRET_NAME_PATTERN, secretNameProblem } from "./names";
export { PACKAGE_NAME } from "./bindings";
export { compareDiagnostics, toDiagnostic, type Diagnostic } from "./diagnostics";
export {
  buildManifest,
  parseManifest,
  serializeManifest,
  serviceOf,
  type Manifest,
  type ManifestDeclaration,
  type ManifestSecret,
  type ServiceDirectories,
} from "./manifest";
export { findingIds, formatMessage, messages, type FindingId, type MessageData } from "./messages";
export type { FileAnalysis, Finding, SecretDeclaration } from "./types";
