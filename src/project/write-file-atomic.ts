import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";

/**
 * Writes `data` atomically unless the file already holds exactly those bytes (creating its
 * directory when needed). @returns whether it wrote.
 */
export function writeFileIfChanged(target: string, data: string): boolean {
  if (fs.existsSync(target) && fs.readFileSync(target, "utf8") === data) return false;
  fs.mkdirSync(path.dirname(target), { recursive: true });
  writeFileAtomic(target, data);
  return true;
}

/**
 * Writes a file atomically: a temp file beside it, fsync, rename over the target, fsync
 * of the directory. Readers see the old bytes or the new ones, never a mix; on failure
 * the temp file is removed and the target is untouched. `beforeRename` runs after the data is
 * on disk and may throw to abandon the write.
 */
export function writeFileAtomic(target: string, data: string, options: { mode?: number; beforeRename?: () => void } = {}): void {
  const directory = path.dirname(target);
  const temp = path.join(directory, `.${path.basename(target)}.${process.pid}.${crypto.randomBytes(6).toString("hex")}.tmp`);
  const fd = fs.openSync(temp, "wx", options.mode ?? 0o644);
  try {
    fs.writeFileSync(fd, data);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    options.beforeRename?.();
    fs.renameSync(temp, target);
  } catch (error) {
    try { fs.closeSync(fd); } catch { /* already closed */ }
    fs.rmSync(temp, { force: true });
    throw error;
  }
  try {
    const dirFd = fs.openSync(directory, "r");
    try { fs.fsyncSync(dirFd); } finally { fs.closeSync(dirFd); }
  } catch {
    // some file systems cannot fsync a directory; the rename is done either way
  }
}
