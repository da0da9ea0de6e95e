/**
 * Async iterables (async generators, object-mode Node streams, anything with `Symbol.asyncIterator`):
 * telling them apart and reading them. Only `renderAsync` iterates them, as Jinja2 does only with
 * `enable_async=True`.
 */

/** True for an object with `Symbol.asyncIterator`, which `renderAsync` iterates in loops and filters. */
export function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Partial<AsyncIterable<unknown>>)[Symbol.asyncIterator] === 'function'
  );
}

/** All the items of an async iterable, in order (Jinja2's `auto_to_list`). */
export async function collectAsync(iterable: AsyncIterable<unknown>): Promise<unknown[]> {
  const items: unknown[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

/** Why an async iterable cannot be iterated here, and where it can be: for error messages. */
export function describeAsyncIterable(typeName: string): string {
  return (
    `'${typeName}' object is an async iterable, which only renderAsync() iterates: in {% for %} and ` +
    'in the filters first, groupby, join, list, map, reject, rejectattr, select, selectattr, slice, sum ' +
    'and unique (apply |list before other filters).'
  );
}
