import { ContextError } from '../context/errors.ts';
import { contextStorage, currentFrame } from '../context/storage.ts';

/**
 * Keeps the current request context for a streamed body, as Flask's `stream_with_context`. A generator
 * returned from a view runs after the view has returned, outside the request's async context; wrapped, each
 * step runs inside it again, so `request`, `session`, `g` and `urlFor` keep working while it streams.
 *
 * Differs from Flask: teardown hooks still run when the view returns, not when the stream ends, so close
 * nothing a streaming generator still needs in a `teardownRequest` hook.
 *
 * @example
 * app.get('/export', () => streamWithContext(async function* () { yield request.args.get('q') ?? ''; }()));
 * @throws ContextError when called outside a request or application context.
 */
export function streamWithContext<T>(source: Iterable<T> | AsyncIterable<T>): AsyncIterable<T> {
  const frame = currentFrame();
  if (frame === undefined) {
    throw new ContextError('streamWithContext() must be called inside a request (in the view that streams).');
  }
  return {
    [Symbol.asyncIterator]() {
      const iterator =
        Symbol.asyncIterator in source
          ? contextStorage.run(frame, () => (source as AsyncIterable<T>)[Symbol.asyncIterator]())
          : contextStorage.run(frame, () => (source as Iterable<T>)[Symbol.iterator]());
      return {
        next: () => contextStorage.run(frame, async () => iterator.next()),
        return: async (value?: unknown) => {
          const done = iterator.return
            ? await contextStorage.run(frame, async () => iterator.return?.(value))
            : undefined;
          return done ?? { done: true as const, value: undefined as T };
        },
      };
    },
  };
}
