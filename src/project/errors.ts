import type { Fix } from "./fix";

/**
 * A known failure the user can fix (bad config, bad flag, no access, tampered store):
 * the CLI prints its message and hint on one line each and exits with `exitCode`. A failure of
 * the app's secrets carries its fix as data (`fix`), which each front end words itself; `hint`
 * is free text for the rest.
 */
export class UserError extends Error {
  override readonly name = "UserError";
  constructor(
    message: string,
    readonly hint?: string,
    options?: { cause?: unknown; exitCode?: number; fix?: Fix },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.exitCode = options?.exitCode ?? 2;
    this.fix = options?.fix;
  }
  readonly exitCode: number;
  readonly fix: Fix | undefined;
}
