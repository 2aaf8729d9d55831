import * as fs from "node:fs";
import * as path from "node:path";
import { detectSecrets, findingFingerprint, legacyFingerprint, redact } from "./detect";
import { gitBytes, gitText } from "../project/git";

/** A credential in a file (or in a commit of git history). */
export interface ScanFinding {
  file: string;
  line: number;
  column: number;
  kind: string;
  /** Never the whole value: its first characters and length. */
  preview: string;
  /** The allow-list key (`scan.ignore` in keystash.yaml). */
  fingerprint: string;
  /** For `--history`: the commit that added it. */
  commit?: string;
}

/** A text to scan and where it came from. */
export interface ScanInput {
  file: string;
  text: string;
  commit?: string;
  /** Line of the text's first line in the file (history hunks start mid-file). */
  firstLine?: number;
}

const MAX_FILE_BYTES = 5 * 1024 * 1024;
const SKIPPED = new Set(["node_modules", ".git"]);
// The store holds only ciphertexts; lock files hold integrity hashes, not credentials.
const NOT_SCANNED = /(^|\/)(\.keystash\/store\.yaml|package-lock\.json|yarn\.lock|pnpm-lock\.yaml)$/;

/** What reading passed over, counted for the summary (nothing is skipped silently). */
export interface SkippedInputs {
  binary: number;
  tooLarge: number;
  /** Links whose target is outside the root: never followed (`notes.txt -> ~/.aws/credentials`). */
  linksOut: string[];
  unreadable: number;
}

export const noneSkipped = (): SkippedInputs => ({ binary: 0, tooLarge: 0, linksOut: [], unreadable: 0 });

/**
 * Text from bytes: UTF-16 (by its byte-order mark, or by the NUL pattern of ASCII text in it,
 * as PowerShell writes .env files) or UTF-8; undefined for binary data.
 */
export function decodeText(bytes: Buffer): string | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.subarray(2).toString("utf16le");
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return Buffer.from(bytes.subarray(2)).swap16().toString("utf16le");
  const head = bytes.subarray(0, 8192 - (Math.min(bytes.length, 8192) % 2));
  if (!head.includes(0)) return bytes.toString("utf8");
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < head.length; i++) {
    if (head[i] !== 0) continue;
    if (i % 2 === 0) evenNul++;
    else oddNul++;
  }
  const half = head.length / 2;
  if (oddNul > half * 0.9 && evenNul === 0) return bytes.subarray(0, bytes.length - (bytes.length % 2)).toString("utf16le");
  if (evenNul > half * 0.9 && oddNul === 0) return Buffer.from(bytes.subarray(0, bytes.length - (bytes.length % 2))).swap16().toString("utf16le");
  return undefined;
}

/** A file's text, or undefined (counted in `skipped`) for binaries, huge files, links out of `root` and what cannot be read. */
function readText(root: string, file: string, skipped: SkippedInputs): string | undefined {
  const full = path.join(root, file);
  try {
    if (fs.lstatSync(full).isSymbolicLink()) {
      const target = fs.realpathSync(full);
      const relative = path.relative(fs.realpathSync(root), target);
      if (relative.startsWith("..") || path.isAbsolute(relative)) {
        skipped.linksOut.push(file);
        return undefined;
      }
    }
    const stat = fs.statSync(full);
    if (!stat.isFile()) return undefined;
    if (stat.size > MAX_FILE_BYTES) {
      skipped.tooLarge++;
      return undefined;
    }
    const text = decodeText(fs.readFileSync(full));
    if (text === undefined) skipped.binary++;
    return text;
  } catch {
    skipped.unreadable++;
    return undefined;
  }
}

/** Every file below `dir` (relative to `root`), skipping node_modules and .git. */
function walk(root: string, dir: string, out: string[]): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(path.join(root, dir), { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const relative = dir ? `${dir}/${entry.name}` : entry.name;
    if (entry.isDirectory() && !SKIPPED.has(entry.name)) walk(root, relative, out);
    else if (entry.isFile()) out.push(relative);
  }
}

/**
 * The files `scan` reads: the given paths, else what git tracks (every file when the app is
 * not in a repository), without the store and lock files.
 */
export function filesToScan(root: string, paths: readonly string[]): string[] {
  let files: string[] = [];
  if (paths.length > 0) {
    for (const given of paths) {
      const relative = path.relative(root, path.resolve(root, given)).split(path.sep).join("/");
      if (fs.statSync(path.join(root, relative), { throwIfNoEntry: false })?.isDirectory()) walk(root, relative === "" ? "" : relative, files);
      else files.push(relative);
    }
  } else {
    const tracked = gitText(root, ["ls-files", "-z", "--cached", "--others", "--exclude-standard"]);
    if (tracked === undefined) walk(root, "", files);
    else files = tracked.split("\0").filter(Boolean);
  }
  return [...new Set(files)].filter((file) => !NOT_SCANNED.test(file)).sort();
}

/** Build output a bundler may have copied a value into: scanned by `--values` even when git-ignored. */
export function buildOutputFiles(root: string): string[] {
  const files: string[] = [];
  for (const dir of ["dist", "build", "out", ".next", ".output"]) if (fs.existsSync(path.join(root, dir))) walk(root, dir, files);
  return files.sort();
}

/** Reads the files as scan inputs; what is left out is counted in `skipped`. */
export function readInputs(root: string, files: readonly string[], skipped: SkippedInputs = noneSkipped()): ScanInput[] {
  return files.flatMap((file) => {
    const text = readText(root, file, skipped);
    return text === undefined ? [] : [{ file, text }];
  });
}

/** What is staged for the next commit (the index's content, not the working tree's): for a pre-commit hook. */
export function stagedInputs(root: string): ScanInput[] {
  const names = gitText(root, ["diff", "--cached", "--name-only", "-z", "--diff-filter=ACMR", "--relative"]) ?? "";
  return names.split("\0").filter((file) => file && !NOT_SCANNED.test(file)).flatMap((file) => {
    const shown = gitBytes(root, ["show", `:./${file}`]);
    const decoded = shown === undefined ? undefined : decodeText(shown);
    return decoded === undefined ? [] : [{ file, text: decoded }];
  });
}

/** Every line any commit added (`git log -p`), with its commit: credentials that were ever committed. */
export function historyInputs(root: string): ScanInput[] {
  const log = gitText(root, ["log", "-p", "--all", "-U0", "--no-color", "--format=commit %h", "--relative", "--", "."]) ?? "";
  const inputs: ScanInput[] = [];
  let commit = "";
  let file = "";
  let line = 0;
  let hunk: string[] = [];
  let hunkStart = 0;
  const flush = () => {
    if (hunk.length && file && !NOT_SCANNED.test(file)) inputs.push({ file, text: hunk.join("\n"), commit, firstLine: hunkStart });
    hunk = [];
  };
  for (const raw of log.split("\n")) {
    if (raw.startsWith("commit ")) {
      flush();
      commit = raw.slice(7);
    } else if (raw.startsWith("+++ ")) {
      flush();
      file = raw.startsWith("+++ b/") ? raw.slice(6) : "";
    } else if (raw.startsWith("@@")) {
      flush();
      line = Number(/\+(\d+)/.exec(raw)?.[1] ?? 1);
      hunkStart = line;
    } else if (raw.startsWith("+")) {
      if (hunk.length === 0) hunkStart = line;
      hunk.push(raw.slice(1));
      line++;
    }
  }
  flush();
  return inputs;
}

/** Line and column (1-based) of an offset. */
function position(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/** Whether scan.ignore allows a value: by its fingerprint, or by the fingerprint earlier keystash printed. */
export function isIgnored(ignore: ReadonlySet<string>, value: string, fingerprint: string): boolean {
  return ignore.size > 0 && (ignore.has(fingerprint) || ignore.has(legacyFingerprint(value)));
}

/** Runs the detectors over every input; allow-listed findings are left out. `salt`: the app's name (see findingFingerprint). */
export function scanInputs(inputs: readonly ScanInput[], ignore: ReadonlySet<string>, salt: string): ScanFinding[] {
  const findings: ScanFinding[] = [];
  for (const input of inputs) {
    for (const detection of detectSecrets(input.text)) {
      const fingerprint = findingFingerprint(detection.value, salt);
      if (isIgnored(ignore, detection.value, fingerprint)) continue;
      const { line, column } = position(input.text, detection.start);
      findings.push({
        file: input.file, line: line + (input.firstLine ?? 1) - 1, column, kind: detection.kind,
        preview: redact(detection.value), fingerprint, ...(input.commit ? { commit: input.commit } : {}),
      });
    }
  }
  return findings;
}

/**
 * Where each known value appears verbatim in the inputs: a store value copied into a source
 * file or a bundle. `label(name)` says what the value is ("production StripeSecretKey").
 */
export function findValues(inputs: readonly ScanInput[], values: ReadonlyMap<string, string>, label: (name: string) => string, salt: string): ScanFinding[] {
  const findings: ScanFinding[] = [];
  const searchable = [...values].filter(([, value]) => value.length >= 8); // short values would match by chance
  for (const input of inputs) {
    for (const [name, value] of searchable) {
      for (let at = input.text.indexOf(value); at !== -1; at = input.text.indexOf(value, at + value.length)) {
        const { line, column } = position(input.text, at);
        findings.push({ file: input.file, line, column, kind: `store value: your ${label(name)}`, preview: redact(value), fingerprint: findingFingerprint(value, salt) });
      }
    }
  }
  return findings;
}
