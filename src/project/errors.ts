/**
 * A known failure the user can fix (bad config, bad flag, no access, tampered store):
 * the CLI prints its message and hint on one line each and exits with `exitCode`.
 */
export class UserError extends Error {
  override readonly name = "UserError";
  constructor(
    message: string,
    readonly hint?: string,
    options?: { cause?: unknown; exitCode?: number },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.exitCode = options?.exitCode ?? 2;
  }
  readonly exitCode: number;
}
