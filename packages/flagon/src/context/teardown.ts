import { ContextError } from './errors.ts';
import { currentFrame } from './storage.ts';

/**
 * Runs `fn` when the current request is torn down: after its response is made, also when the view raised (the
 * error is passed, else null), before the app's `teardownRequest` hooks. For extensions that hold a resource for
 * the rest of one request (a transaction, a cursor): unlike a `teardownRequest` hook, requests that add none
 * keep the fast path. Callbacks run last added first; one that throws is logged and the others still run.
 *
 * Differs from Flask: Flask has no per-request teardown (`after_this_request` runs as an `after_request`
 * function, and not when the view raised).
 *
 * @example
 * const trx = await db.startTransaction().execute();
 * callOnTeardown(async () => { if (!trx.isCommitted) await trx.rollback().execute(); });
 * @throws ContextError outside a request.
 */
export function callOnTeardown(fn: (error: unknown) => unknown): void {
  const frame = currentFrame();
  if (frame?.request === undefined) {
    throw new ContextError(
      'callOnTeardown() needs a request context: call it from a view or a hook, where a request is being handled.',
    );
  }
  if (frame.requestTeardowns === undefined) frame.requestTeardowns = [fn];
  else frame.requestTeardowns.push(fn);
}
