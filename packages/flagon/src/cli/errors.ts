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

/**
 * A command failed in a way its user can fix: the CLI prints `Error: <message>` (no stack) and exits with
 * `exitCode` (default 1), like click's `ClickException`.
 *
 * @example
 * app.cli.command('seed', {}, () => { throw new CommandError('The database is not empty; pass --force.'); });
 */
export class CommandError extends Error {
  readonly exitCode: number;

  constructor(message: string, options: { exitCode?: number; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.exitCode = options.exitCode ?? 1;
  }

  override get name(): string {
    return 'CommandError';
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
