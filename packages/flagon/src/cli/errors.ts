/**
 * A command was used wrongly (bad option, missing argument, no app to work on). The CLI prints the command's
 * usage line and the message, and exits with status 2, like click's `UsageError`.
 */
export class UsageError extends Error {
  /** The process exit status the CLI uses for this error. */
  readonly exitCode: number = 2;

  override get name(): string {
    return 'UsageError';
  }
}

/**
 * The application could not be found or imported. The message says where Flagon looked and what to do; when
 * the app's module failed to import, `cause` is the import error and the CLI prints its stack.
 */
export class NoAppException extends UsageError {
  override get name(): string {
    return 'NoAppException';
  }
}

/** An error's message, followed by its cause's stack when it has one (the import error of a failed app). */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause;
  if (cause === undefined) return error.message;
  const detail = cause instanceof Error ? (cause.stack ?? String(cause)) : String(cause);
  return `${error.message}\n\n${detail}`;
}
