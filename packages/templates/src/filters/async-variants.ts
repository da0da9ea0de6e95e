/**
 * The async variants of builtin filters, as Jinja2 declares them with `async_variant`: async-compiled
 * templates (`renderAsync`) call these instead, so they also read async iterables. Given any other value
 * a variant calls the sync filter, so the result is the one `render()` gives.
 *
 * The filters covered are Jinja2 3.1's: first, groupby, join, list, map, reject, rejectattr, select,
 * selectattr, slice, sum and unique. The others (`length`, `sort`, `last`, …) fail on an async iterable, as
 * in Jinja2, with a message saying to apply `|list` first.
 */

import { collectAsync, isAsyncIterable } from '../runtime/async-iteration.ts';
import { map, mapping, reject, rejectattr, select, selectattr, selection } from './selection.ts';
import { first, join, list, slice, sum } from './sequences.ts';
import { groupby, unique } from './sorting.ts';
import type { EnvironmentLike, FilterCall, FilterFunction } from './types.ts';

/**
 * The async variant of a filter, or the filter itself when it has none (user filters, and builtins a user
 * replaced: variants go by the function, not the name).
 */
export function asyncVariantOf(filter: FilterFunction): FilterFunction {
  return variants.get(filter) ?? filter;
}

const FLAGS = ['passEnvironment', 'passEvalContext', 'passContext', 'params', 'rawArgs'] as const;

/** Gives `variant` the calling convention and name of `filter`, so `callFilter` treats both alike. */
function likeFilter(filter: FilterFunction, variant: FilterFunction): FilterFunction {
  for (const flag of FLAGS) {
    if (filter[flag] !== undefined) Object.assign(variant, { [flag]: filter[flag] });
  }
  Object.defineProperty(variant, 'name', { value: filter.name });
  return variant;
}

/** A variant that reads an async iterable into an array, then runs the sync filter on it. */
function afterReading(filter: FilterFunction): FilterFunction {
  const at = filter.passEnvironment || filter.passEvalContext || filter.passContext ? 1 : 0;
  return likeFilter(filter, (...args: unknown[]) => {
    const value = args[at];
    if (!isAsyncIterable(value)) return filter(...args);
    return collectAsync(value).then((items) => filter(...args.with(at, items)));
  });
}

/** `first` reads only the first item, then closes the iterator (a generator's `finally` runs). */
function firstOf(environment: EnvironmentLike, value: unknown): unknown {
  if (!isAsyncIterable(value)) return first(environment, value);
  return firstOfAsync(environment, value);
}

async function firstOfAsync(environment: EnvironmentLike, items: AsyncIterable<unknown>): Promise<unknown> {
  for await (const item of items) return item;
  return environment.makeUndefined('No first item, sequence was empty.');
}

/** `map` over an async iterable is lazy, like Jinja2's: it maps (and awaits) each item as it is read. */
function mapEach(call: FilterCall): unknown {
  if (!isAsyncIterable(call.value)) return map(call);
  return mapLazily(call.value, mapping(call, asyncVariantOf));
}

async function* mapLazily(items: AsyncIterable<unknown>, apply: (item: unknown) => unknown) {
  for await (const item of items) yield await apply(item);
}

/** `select` and its kin over an async iterable are lazy, like Jinja2's: items are tested as they are read. */
function selecting(filter: FilterFunction, byAttribute: boolean, keep: boolean): FilterFunction {
  return likeFilter(filter, (call: FilterCall) => {
    if (!isAsyncIterable(call.value)) return filter(call);
    return keepLazily(call.value, selection(call, byAttribute, keep));
  });
}

async function* keepLazily(items: AsyncIterable<unknown>, isKept: (item: unknown) => boolean) {
  for await (const item of items) if (isKept(item)) yield item;
}

const variants = new Map<FilterFunction, FilterFunction>([
  [first, likeFilter(first, firstOf)],
  [groupby, afterReading(groupby)],
  [join, afterReading(join)],
  [list, afterReading(list)],
  [map, likeFilter(map, mapEach)],
  [reject, selecting(reject, false, false)],
  [rejectattr, selecting(rejectattr, true, false)],
  [select, selecting(select, false, true)],
  [selectattr, selecting(selectattr, true, true)],
  [slice, afterReading(slice)],
  [sum, afterReading(sum)],
  [unique, afterReading(unique)],
]);
