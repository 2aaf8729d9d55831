/**
 * Reads a declared secret's value. For now: the process environment variable of the
 * same name (what `keystash run`, `keystash export` or a container platform injects).
 */
export function readSecret(name: string): string {
  return process.env[name] ?? "";
}

/** Whether the secret has a value. */
readSecret.isSet = (name: string): boolean => process.env[name] !== undefined;
