import type * as TS from "typescript";
import { analyzeSourceFile } from "./analyze-source-file";
import { PACKAGE_NAME } from "./bindings";
import type { FileAnalysis } from "./types";
import { unreadable } from "./unreadable";

export { unreadable };

/** File extensions the analyzer reads. */
export const SOURCE_EXTENSIONS = [".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs"] as const;

function scriptKindOf(ts: typeof TS, file: string): TS.ScriptKind {
  if (file.endsWith(".tsx")) return ts.ScriptKind.TSX;
  if (file.endsWith(".jsx")) return ts.ScriptKind.JSX;
  if (/\.[cm]?js$/.test(file)) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}

// String escapes that can spell a letter of the package name, or join lines: \u006b, \u{6b},
// \x6b, \153, \k (an identity escape) and a backslash before a line break.
const LETTER_ESCAPE = /\\(?:u\{([0-9a-fA-F]+)\}|u([0-9a-fA-F]{4})|x([0-9a-fA-F]{2})|([0-7]{1,3})|(\r\n|[\n\r\u2028\u2029])|([^bfnrtv\d]))/g;

// The name as written, or as a specifier in another case (`"KeyStash"`, `/KEYSTASH/`): on a
// case-insensitive file system it resolves to the package. (`KEYSTASH_ENV` is not a specifier.)
const QUOTED_PACKAGE = new RegExp(`["'\`/\\\\]${PACKAGE_NAME}(?=["'\`/\\\\])`, "i");
const namesPackageText = (text: string): boolean => text.includes(PACKAGE_NAME) || QUOTED_PACKAGE.test(text);

/**
 * Whether a file's text can reach the package at all: it names it, possibly through string
 * escapes (`require("\u006beystash")`). Cheap enough to run on every file; a file that fails
 * it cannot import, require or re-export keystash, so it is not parsed.
 */
export function mayReachPackage(text: string): boolean {
  // Any case: `KeyStash` names the package on a case-insensitive file system.
  if (namesPackageText(text)) return true;
  if (!text.includes("\\")) return false;
  const decoded = text.replace(LETTER_ESCAPE, (_all, brace?: string, four?: string, hex?: string, octal?: string, lineBreak?: string, identity?: string) => {
    if (lineBreak !== undefined) return "";
    if (identity !== undefined) return identity;
    const code = parseInt(brace ?? four ?? hex ?? octal ?? "0", octal !== undefined ? 8 : 16);
    return code <= 0x10ffff ? String.fromCodePoint(code) : "";
  });
  return namesPackageText(decoded);
}

/**
 * Analyses one file's text as tsc would read it (a leading byte-order mark is not part of
 * the text). Files that cannot reach the package are skipped before parsing; a file that
 * does not parse yields one `unreadableFile` finding.
 *
 * @param file - the path to report, relative to the app root with `/` separators
 */
export function analyzeSource(ts: typeof TS, text: string, file: string): FileAnalysis {
  if (!mayReachPackage(text)) return { file, declarations: [], findings: [] };
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let sourceFile: TS.SourceFile;
  try {
    sourceFile = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, scriptKindOf(ts, file));
  } catch (error) {
    // By name: the error may come from another realm (a compiler loaded by a test runner).
    if ((error as Error | undefined)?.name === "RangeError") return unreadable(file, "it is nested too deeply to parse");
    throw error;
  }
  // parseDiagnostics is not in the public typings but is how createSourceFile reports syntax errors.
  const syntaxErrors = (sourceFile as unknown as { parseDiagnostics?: readonly TS.DiagnosticWithLocation[] }).parseDiagnostics;
  const first = syntaxErrors?.[0];
  if (first) {
    const { line, character } = sourceFile.getLineAndCharacterOfPosition(first.start);
    const reason = `syntax error: ${ts.flattenDiagnosticMessageText(first.messageText, " ")}`;
    return unreadable(file, reason, line + 1, character + 1);
  }
  return analyzeSourceFile(ts, sourceFile, file);
}
