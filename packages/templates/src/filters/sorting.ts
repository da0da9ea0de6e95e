/**
 * Ordering filters: `sort`, `dictsort`, `unique`, `min`, `max`, `groupby`. Comparisons follow Python
 * (`pyCompare`): strings ignore case unless `case_sensitive`, and mixed types raise a TypeError.
 */
import { isMapping, mappingEntries, pyCompare, pyEquals, pyTypeName, toList } from '../runtime/values.ts';
import { FilterArgumentError } from './errors.ts';
import { ignoreCase, makeAttributeGetter, makeMultiAttributeGetter } from './internal/attribute.ts';
import type { EnvironmentLike } from './types.ts';

/**
 * The comparator for decorated items: when every key is a string (or every key a number), a direct
 * comparison, which sorts 200,000 strings several times faster than the general `pyCompare`.
 */
function comparatorFor(
  decorated: readonly { key: unknown }[],
  sign: number,
): (a: { key: unknown }, b: { key: unknown }) => number {
  const first = decorated[0]?.key;
  const kind = typeof first;
  if ((kind === 'string' || kind === 'number') && decorated.every((d) => typeof d.key === kind)) {
    // Unordered pairs (NaN) compare equal, as with pyCompare below.
    return (a, b) => {
      const x = a.key as string | number;
      const y = b.key as string | number;
      return x < y ? -sign : x > y ? sign : 0;
    };
  }
  return (a, b) => sign * (pyCompare(a.key, b.key) || 0);
}

/** Stable sort by key, like Python's `sorted(items, key=…, reverse=…)` (equal items keep their order). */
export function sortByKey<T>(items: readonly T[], key: (item: T) => unknown, reverse: boolean): T[] {
  const decorated = items.map((item) => ({ key: key(item), item }));
  const sign = reverse ? -1 : 1;
  decorated.sort(comparatorFor(decorated, sign));
  return decorated.map((d) => d.item);
}

/**
 * `sort(reverse=False, case_sensitive=False, attribute=None)`: a sorted copy. `attribute` may be a
 * dotted path (`"info.id"`) or a comma list (`"last,first"`) to sort by several keys.
 *
 * @throws TypeError when the items cannot be compared (`[1, "a"]`).
 */
export function sort(
  environment: EnvironmentLike,
  value: unknown,
  reverse: unknown = false,
  caseSensitive: unknown = false,
  attribute: unknown = null,
): unknown[] {
  const postprocess = caseSensitive ? undefined : ignoreCase;
  const items = toList(value);
  if (attribute === null) {
    const key = postprocess ?? ((v: unknown) => v);
    return sortByKey(items, key, Boolean(reverse));
  }
  return sortByKey(items, makeMultiAttributeGetter(environment, attribute, postprocess), Boolean(reverse));
}
sort.passEnvironment = true;
sort.params = ['reverse', 'case_sensitive', 'attribute'] as const;

/**
 * `dictsort(case_sensitive=False, by='key', reverse=False)`: a dict's `[key, value]` pairs sorted by
 * key or by value.
 *
 * @throws FilterArgumentError when `by` is neither `key` nor `value`.
 */
export function dictsort(
  value: unknown,
  caseSensitive: unknown = false,
  by: unknown = 'key',
  reverse: unknown = false,
): unknown[] {
  const position = by === 'key' ? 0 : by === 'value' ? 1 : -1;
  if (position < 0) throw new FilterArgumentError('You can only sort by either "key" or "value"');
  if (!isMapping(value)) throw new TypeError(`dictsort needs a dict, not '${pyTypeName(value)}'.`);
  const key = (pair: [unknown, unknown]) => {
    const v = pair[position as 0 | 1];
    return caseSensitive ? v : ignoreCase(v);
  };
  return sortByKey(mappingEntries(value), key, Boolean(reverse));
}
dictsort.params = ['case_sensitive', 'by', 'reverse'] as const;

/**
 * `unique(case_sensitive=False, attribute=None)`: the items without duplicates, first occurrence kept.
 */
export function unique(
  environment: EnvironmentLike,
  value: unknown,
  caseSensitive: unknown = false,
  attribute: unknown = null,
): unknown[] {
  const getKey = makeAttributeGetter(environment, attribute, caseSensitive ? undefined : ignoreCase);
  const seen = new Set<unknown>();
  const seenObjects: unknown[] = [];
  const out: unknown[] = [];
  for (const item of toList(value)) {
    let key = getKey(item);
    if (typeof key === 'boolean') key = Number(key); // True == 1 in a Python set
    if (key !== null && typeof key === 'object') {
      if (seenObjects.some((k) => pyEquals(k, key))) continue;
      seenObjects.push(key);
    } else {
      if (seen.has(key)) continue;
      seen.add(key);
    }
    out.push(item);
  }
  return out;
}
unique.passEnvironment = true;
unique.params = ['case_sensitive', 'attribute'] as const;

function extreme(
  environment: EnvironmentLike,
  value: unknown,
  caseSensitive: unknown,
  attribute: unknown,
  wantMax: boolean,
): unknown {
  const items = toList(value);
  if (items.length === 0) return environment.makeUndefined('No aggregated item, sequence was empty.');
  const getKey = makeAttributeGetter(environment, attribute, caseSensitive ? undefined : ignoreCase);
  let best = items[0];
  let bestKey = getKey(best);
  for (let i = 1; i < items.length; i++) {
    const key = getKey(items[i]);
    const cmp = pyCompare(key, bestKey, wantMax ? '>' : '<');
    if (wantMax ? cmp > 0 : cmp < 0) {
      best = items[i];
      bestKey = key;
    }
  }
  return best;
}

/** `min(case_sensitive=False, attribute=None)`: the smallest item, or Undefined when empty. */
export function min(
  environment: EnvironmentLike,
  value: unknown,
  caseSensitive: unknown = false,
  attribute: unknown = null,
) {
  return extreme(environment, value, caseSensitive, attribute, false);
}
min.passEnvironment = true;
min.params = ['case_sensitive', 'attribute'] as const;

/** `max(case_sensitive=False, attribute=None)`: the largest item, or Undefined when empty. */
export function max(
  environment: EnvironmentLike,
  value: unknown,
  caseSensitive: unknown = false,
  attribute: unknown = null,
) {
  return extreme(environment, value, caseSensitive, attribute, true);
}
max.passEnvironment = true;
max.params = ['case_sensitive', 'attribute'] as const;

/**
 * One group from `groupby`: a `[grouper, list]` pair that also has `.grouper` and `.list`, so both
 * `{% for key, items in … %}` and `{{ group.grouper }}` work.
 */
export type GroupTuple = [unknown, unknown[]] & { readonly grouper: unknown; readonly list: unknown[] };

function groupTuple(grouper: unknown, list: unknown[]): GroupTuple {
  const pair = [grouper, list] as [unknown, unknown[]];
  // Enumerable, as templates read only enumerable properties (read-only, so templates cannot replace them).
  Object.defineProperty(pair, 'grouper', { value: grouper, enumerable: true });
  Object.defineProperty(pair, 'list', { value: list, enumerable: true });
  return pair as GroupTuple;
}

/**
 * `groupby(attribute, default=None, case_sensitive=False)`: sorts the items by `attribute` and groups
 * equal ones. Without `case_sensitive`, keys compare lower-cased and each group shows its first item's key.
 */
export function groupby(
  environment: EnvironmentLike,
  value: unknown,
  attribute: unknown,
  dflt: unknown = null,
  caseSensitive: unknown = false,
): GroupTuple[] {
  const getKey = makeAttributeGetter(environment, attribute, caseSensitive ? undefined : ignoreCase, dflt);
  const keyed = toList(value).map((item) => ({ key: getKey(item), item }));
  const sorted = sortByKey(keyed, (k) => k.key, false);
  const groups: { key: unknown; items: unknown[] }[] = [];
  for (const { key, item } of sorted) {
    const current = groups[groups.length - 1];
    if (current !== undefined && pyEquals(current.key, key)) current.items.push(item);
    else groups.push({ key, items: [item] });
  }
  if (caseSensitive) return groups.map((g) => groupTuple(g.key, g.items));
  const getRealKey = makeAttributeGetter(environment, attribute, undefined, dflt);
  return groups.map((g) => groupTuple(getRealKey(g.items[0]), g.items));
}
groupby.passEnvironment = true;
groupby.params = ['attribute', 'default', 'case_sensitive'] as const;
