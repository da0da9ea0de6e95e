/**
 * Sequence filters: `first`, `last`, `length`/`count`, `list`, `join`, `reverse`, `slice`, `batch`,
 * `random`, `items`, `sum`. Where Jinja returns a generator these return an array.
 */
import { checkOutputSize } from '../runtime/internal/limits.ts';
import { isMarkup, Markup } from '../runtime/markup.ts';
import {
  codePoints,
  isMapping,
  isNumeric,
  isString,
  mappingEntries,
  pyLength,
  pyTypeName,
  toList,
  toText,
} from '../runtime/values.ts';
import { FilterArgumentError } from './errors.ts';
import { makeAttributeGetter } from './internal/attribute.ts';
import type { EnvironmentLike, EvalContext } from './types.ts';

/** `first`: the first item, or Undefined for an empty sequence. */
export function first(environment: EnvironmentLike, value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.length > 0 ? value[0] : environment.makeUndefined('No first item, sequence was empty.');
  }
  for (const item of toList(value)) return item;
  return environment.makeUndefined('No first item, sequence was empty.');
}
first.passEnvironment = true;

/** `last`: the last item, or Undefined for an empty sequence. */
export function last(environment: EnvironmentLike, value: unknown): unknown {
  const items = toList(value);
  return items.length > 0
    ? items[items.length - 1]
    : environment.makeUndefined('No last item, sequence was empty.');
}
last.passEnvironment = true;

/** `length` / `count`: the number of items (characters of a string, keys of a dict). */
export function length(value: unknown): number {
  return pyLength(value);
}

/** `list`: the items as a new list (characters of a string, keys of a dict). */
export function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value.slice() : toList(value);
}

/**
 * `join(d='', attribute=None)`: joins the items' text with `d`. Under autoescape, when any item is
 * Markup, the other items and `d` are escaped and the result is Markup.
 */
export function join(evalContext: EvalContext, value: unknown, d: unknown = '', attribute: unknown = null) {
  let items = toList(value);
  if (attribute !== null) items = items.map(makeAttributeGetter(evalContext.environment, attribute));
  if (!evalContext.autoescape) return items.map(toText).join(toText(d));
  if (!isMarkup(d)) {
    let anySafe = false;
    const texts = items.map((item) => {
      if (isMarkup(item)) {
        anySafe = true;
        return item.__html__();
      }
      return toText(item);
    });
    if (!anySafe) return texts.join(toText(d));
    const escapedD = Markup.escape(toText(d)).toString();
    const parts = items.map((item, i) =>
      isMarkup(item) ? (texts[i] as string) : Markup.escape(texts[i]).toString(),
    );
    return new Markup(parts.join(escapedD));
  }
  const parts = items.map((item) =>
    isMarkup(item) ? item.__html__() : Markup.escape(toText(item)).toString(),
  );
  return new Markup(parts.join(d.__html__()));
}
join.passEvalContext = true;
join.params = ['d', 'attribute'] as const;

/** `reverse`: a string reversed, or the items in reverse order (a new list). */
export function reverse(value: unknown): unknown {
  if (isString(value)) {
    const text = codePoints(value.toString()).reverse().join('');
    return value instanceof Markup ? new Markup(text) : text;
  }
  try {
    return toList(value).slice().reverse();
  } catch (error) {
    throw new FilterArgumentError(`reverse needs an iterable, not '${pyTypeName(value)}'.`, { cause: error });
  }
}

function requireCount(name: string, value: unknown): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    throw new FilterArgumentError(`${name} needs a positive whole number, got ${toText(value)}.`);
  }
  return n;
}

/**
 * `slice(slices, fill_with=None)`: splits the items into `slices` columns of near-equal length,
 * padding the shorter ones with `fill_with` when given.
 *
 * @throws FilterArgumentError when `slices` is not a positive integer.
 */
export function slice(value: unknown, slices: unknown, fillWith: unknown = null): unknown[][] {
  const count = requireCount('slice', slices);
  checkOutputSize(count, 'slice()');
  const items = toList(value);
  const perSlice = Math.floor(items.length / count);
  const withExtra = items.length % count;
  const out: unknown[][] = [];
  let offset = 0;
  for (let n = 0; n < count; n++) {
    const start = offset + n * perSlice;
    if (n < withExtra) offset++;
    const end = offset + (n + 1) * perSlice;
    const column = items.slice(start, end);
    if (fillWith !== null && n >= withExtra) column.push(fillWith);
    out.push(column);
  }
  return out;
}
slice.params = ['slices', 'fill_with'] as const;

/**
 * `batch(linecount, fill_with=None)`: groups the items into lists of `linecount`, padding the last one
 * with `fill_with` when given.
 *
 * @throws FilterArgumentError when `linecount` is not a positive integer.
 */
export function batch(value: unknown, linecount: unknown, fillWith: unknown = null): unknown[][] {
  const size = requireCount('batch', linecount);
  if (fillWith !== null) checkOutputSize(size, 'batch() with fill_with');
  const items = toList(value);
  const out: unknown[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  const tail = out[out.length - 1];
  if (tail !== undefined && fillWith !== null) while (tail.length < size) tail.push(fillWith);
  return out;
}
batch.params = ['linecount', 'fill_with'] as const;

/** `random`: a random item, or Undefined for an empty sequence. */
export function random(environment: EnvironmentLike, value: unknown): unknown {
  const items = toList(value);
  if (items.length === 0) return environment.makeUndefined('No random item, sequence was empty.');
  return items[Math.floor(Math.random() * items.length)];
}
random.passEnvironment = true;

/**
 * `items`: the `[key, value]` pairs of a dict (empty for Undefined).
 *
 * @throws TypeError for a value that is not a mapping.
 */
export function items(environment: EnvironmentLike, value: unknown): unknown[] {
  if (value === undefined || environment.isUndefined(value)) return [];
  if (!isMapping(value))
    throw new TypeError(`Can only get item pairs from a mapping, not '${pyTypeName(value)}'.`);
  return mappingEntries(value);
}
items.passEnvironment = true;

/**
 * `sum(attribute=None, start=0)`: adds the items (or their `attribute`) to `start`.
 *
 * @throws TypeError when an item is not a number (lists add up when `start` is a list).
 */
export function sum(
  environment: EnvironmentLike,
  value: unknown,
  attribute: unknown = null,
  start: unknown = 0,
) {
  let values = toList(value);
  if (attribute !== null) values = values.map(makeAttributeGetter(environment, attribute));
  let total: unknown = start;
  for (const item of values) total = add(total, item);
  return total;
}
sum.passEnvironment = true;
sum.params = ['attribute', 'start'] as const;

function add(a: unknown, b: unknown): unknown {
  if (typeof a === 'number' && typeof b === 'number') return a + b;
  if (isNumeric(a) && isNumeric(b)) {
    if (typeof a === 'bigint' && typeof b === 'bigint') return a + b;
    return Number(a) + Number(b);
  }
  if (Array.isArray(a) && Array.isArray(b)) return [...a, ...b];
  throw new TypeError(`unsupported operand type(s) for +: '${pyTypeName(a)}' and '${pyTypeName(b)}'`);
}
