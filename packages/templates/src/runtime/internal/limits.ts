/**
 * The output bound of string and list operations that templates can size with a number (`'x' * n`,
 * `center(n)`, `'%*s'`, `batch(n, fill)`, …). Real templates stay far below it; without it one expression
 * could ask for gigabytes and stall or kill the process.
 */
import { SecurityError } from '../../errors/errors.ts';

/** Most characters (or list items) one such operation may produce. */
export const MAX_OUTPUT_SIZE = 10_000_000;

/**
 * Throws when an operation would produce more than {@link MAX_OUTPUT_SIZE} characters or items.
 *
 * @throws SecurityError naming the operation and the size it asked for.
 */
export function checkOutputSize(size: number, operation: string): void {
  if (size > MAX_OUTPUT_SIZE) {
    throw new SecurityError(
      `${operation} would produce ${Number.isFinite(size) ? Math.ceil(size).toLocaleString('en') : 'unbounded'} ` +
        `characters or items; templates may produce at most ${MAX_OUTPUT_SIZE.toLocaleString('en')} at once.`,
    );
  }
}
