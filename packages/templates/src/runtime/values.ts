/**
 * Python-like value semantics for template values: printing, truthiness, equality, ordering, `in`, `len`.
 *
 * How JavaScript values behave in templates (decisions, so templates shared with Flask projects render
 * the same wherever a JS value maps unambiguously onto a Python one):
 *
 * - `true`/`false` print `True`/`False`; `null` prints `None`; a raw JS `undefined` prints `''` and counts as
 *   undefined (like Jinja's Undefined) in `default`, `is defined` and friends.
 * - Numbers: JS has one number type, so an integral number prints as an int (`2`, never `2.0`) and every
 *   other number prints like Python's float repr (`2.5`, `1e-05`, `inf`, `nan`). Consequence:
 *   `{{ 2|float }}` and `{{ 4 ** 0.5 }}` print `2` where Jinja prints `2.0`, and `3.0 is integer` is true.
 *   `bigint` counts as an int. Booleans count as numbers (`true is number`, `true == 1`), as in Python.
 * - Strings have Python's length and indexing in code points (`"a😀b"|length` is 3).
 * - Arrays print as Python lists (`[1, 'a', None]`), plain objects and Maps as dicts (`{'a': 1}`), Sets as
 *   sets (`{1, 2}` / `set()`). Strings inside them use Python's repr quoting. Markup inside them prints as
 *   `Markup('…')`. Functions print as `<function name>`, other class instances as their own `toString()` if
 *   they define one, else `<ClassName object>`.
 * - Plain objects (prototype `Object.prototype` or `null`) and Maps are mappings: iterating gives keys,
 *   `in` tests keys, `length` counts keys. Class instances are plain objects with attributes, not mappings.
 * - Ordering (`<`, `sort`, `max`) follows Python: numbers with numbers, strings with strings, arrays
 *   element-wise; anything else throws an error named `TypeError`. Unordered pairs (NaN) compare false.
 *
 * Protocol for engine objects (Jinja's Undefined, macros, loop objects): a value may define Python's dunder
 * methods and they are honoured: `__bool__()` (truthiness), `__len__()` (`length`), `__eq__(other)`,
 * `__repr__()` (repr inside lists), `toString()` (printing; a strict Undefined throws there) and
 * `[Symbol.iterator]` (iteration; an Undefined iterates as empty, a strict one throws). An Undefined also
 * has `fail()`, which throws its UndefinedError: numeric conversions (`int`, `float`, `odd`, …) call it where
 * Python's Undefined fails in `__int__`/`__float__`/`__mod__`.
 */

import { TemplateRuntimeError } from '../errors/errors.ts';
import { describeAsyncIterable, isAsyncIterable } from './async-iteration.ts';
import { isMarkup, Markup } from './markup.ts';

interface PyObject {
  __bool__?: () => unknown;
  __len__?: () => unknown;
  __eq__?: (other: unknown) => unknown;
  __repr__?: () => unknown;
}

/** True for objects whose prototype is `Object.prototype` or `null`: JSON-like dicts. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** True for values a template treats as a dict: plain objects and Maps. */
export function isMapping(value: unknown): value is Record<string, unknown> | Map<unknown, unknown> {
  return value instanceof Map || isPlainObject(value);
}

/** True for strings and Markup (Python's `str`, of which Markup is a subclass). */
export function isString(value: unknown): value is string | Markup {
  return typeof value === 'string' || value instanceof Markup;
}

/** True for numbers, bigints and booleans (Python's `numbers.Number`, which includes `bool`). */
export function isNumeric(value: unknown): value is number | bigint | boolean {
  const type = typeof value;
  return type === 'number' || type === 'bigint' || type === 'boolean';
}

/** The Python type name of a value, for error messages (`int`, `str`, `list`, `dict`, …). */
export function pyTypeName(value: unknown): string {
  if (value === null) return 'NoneType';
  switch (typeof value) {
    case 'undefined':
      return 'Undefined';
    case 'string':
      return 'str';
    case 'boolean':
      return 'bool';
    case 'bigint':
      return 'int';
    case 'number':
      return Number.isInteger(value) ? 'int' : 'float';
    case 'function':
      return 'function';
    default:
      break;
  }
  if (Array.isArray(value)) return 'list';
  if (value instanceof Markup) return 'Markup';
  if (value instanceof Set) return 'set';
  if (isMapping(value)) return 'dict';
  return objectTypeName(value as object);
}

/** A class instance's class name; an async generator (whose `constructor` is no function) as in Python. */
function objectTypeName(value: object): string {
  const name = value.constructor?.name;
  if (name) return name;
  return Object.prototype.toString.call(value) === '[object AsyncGenerator]' ? 'async_generator' : 'object';
}

/** Formats a number the way Python prints an int (integral values) or a float (everything else). */
export function formatNumber(n: number): string {
  // Fast paths for the common cases: 32-bit integers (-0 included) and floats in fixed notation.
  if ((n | 0) === n) return n === 0 ? '0' : String(n);
  if ((n >= 1e-4 && n < 1e16) || (n <= -1e-4 && n > -1e16)) return String(n);
  if (Number.isInteger(n)) return String(n);
  if (Number.isNaN(n)) return 'nan';
  if (n === Number.POSITIVE_INFINITY) return 'inf';
  if (n === Number.NEGATIVE_INFINITY) return '-inf';
  const abs = Math.abs(n);
  // Python's float repr switches to exponent form below 1e-4; JS only below 1e-6.
  if (abs >= 1e-4) return String(n);
  const [mantissa, exponent = '0'] = n.toExponential().split('e');
  const exp = Number(exponent);
  const sign = exp < 0 ? '-' : '+';
  return `${mantissa}e${sign}${String(Math.abs(exp)).padStart(2, '0')}`;
}

/** How `{{ value }}` prints a value (Python's `str()`); see the module comment for the rules. */
export function toText(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
      return formatNumber(value);
    case 'boolean':
      return value ? 'True' : 'False';
    case 'undefined':
      return '';
    case 'bigint':
      return value.toString();
    case 'function':
      return `<function ${value.name || 'anonymous'}>`;
    case 'symbol':
      return value.toString();
    default:
      break;
  }
  if (value === null) return 'None';
  if (isMarkup(value)) return value.__html__();
  if (Array.isArray(value) || value instanceof Map || value instanceof Set || isPlainObject(value)) {
    return pyRepr(value);
  }
  return objectText(value as object);
}

function objectText(value: object): string {
  const ownToString = (value as { toString?: unknown }).toString;
  if (typeof ownToString === 'function' && ownToString !== Object.prototype.toString) return String(value);
  return `<${objectTypeName(value)} object>`;
}

/** Python's `repr()` of a value: strings quoted, containers recursively; see the module comment. */
export function pyRepr(value: unknown): string {
  return reprInner(value, new Set(), false);
}

/** Like {@link pyRepr} but with dict keys sorted, as `pprint` shows them. */
export function pyReprSorted(value: unknown): string {
  return reprInner(value, new Set(), true);
}

function reprInner(value: unknown, seen: Set<object>, sortKeys: boolean): string {
  if (typeof value === 'string') return reprString(value);
  if (value === undefined) return 'None';
  if (value === null || typeof value !== 'object') return toText(value);
  if (value instanceof Markup) return `Markup(${reprString(value.toString())})`;
  const custom = (value as PyObject).__repr__;
  if (typeof custom === 'function') return String(custom.call(value));
  if (seen.has(value)) return Array.isArray(value) ? '[...]' : '{...}';
  seen.add(value);
  try {
    if (Array.isArray(value)) {
      return `[${value.map((item) => reprInner(item, seen, sortKeys)).join(', ')}]`;
    }
    if (value instanceof Set) {
      if (value.size === 0) return 'set()';
      return `{${[...value].map((item) => reprInner(item, seen, sortKeys)).join(', ')}}`;
    }
    if (value instanceof Map || isPlainObject(value)) {
      let entries = mappingEntries(value);
      if (sortKeys) entries = sortEntries(entries);
      const parts = entries.map(
        ([k, v]) => `${reprInner(k, seen, sortKeys)}: ${reprInner(v, seen, sortKeys)}`,
      );
      return `{${parts.join(', ')}}`;
    }
    return toText(value);
  } finally {
    seen.delete(value);
  }
}

function sortEntries(entries: [unknown, unknown][]): [unknown, unknown][] {
  try {
    return entries.slice().sort((a, b) => pyCompare(a[0], b[0]));
  } catch {
    return entries; // Python's pprint falls back to insertion order for unorderable keys too.
  }
}

/** Python's repr of a string: single quotes unless the text holds `'` but no `"`. */
export function reprString(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of text) {
    const code = ch.codePointAt(0) as number;
    if (ch === quote || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || (code >= 0x7f && code < 0xa0)) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (code === 0x2028 || code === 0x2029 || (code >= 0xd800 && code < 0xe000)) {
      out += `\\u${code.toString(16).padStart(4, '0')}`;
    } else out += ch;
  }
  return out + quote;
}

/** The `[key, value]` pairs of a plain object or Map, in insertion order. */
export function mappingEntries(value: Record<string, unknown> | Map<unknown, unknown>): [unknown, unknown][] {
  if (value instanceof Map) return [...value.entries()];
  return Object.entries(value);
}

/** Python truthiness: empty strings/containers, 0, NaN, `None`, `false` and Undefined are false. */
export function isTruthy(value: unknown): boolean {
  if (value === true) return true;
  if (!value) return false;
  if (typeof value !== 'object') return true;
  if (Array.isArray(value)) return value.length > 0;
  const py = value as PyObject;
  if (typeof py.__bool__ === 'function') return Boolean(py.__bool__());
  if (typeof py.__len__ === 'function') return Number(py.__len__()) > 0;
  if (value instanceof Markup) return value.length > 0;
  if (value instanceof Map || value instanceof Set) return value.size > 0;
  if (isPlainObject(value)) {
    for (const _ in value) return true;
    return false;
  }
  return true;
}

/** Python `==`: numbers (and booleans) by value, strings with Markup, containers element-wise. */
export function pyEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  const ta = typeof a;
  const tb = typeof b;
  if (ta === 'object' && a !== null) {
    const eq = (a as PyObject).__eq__;
    if (typeof eq === 'function') return Boolean(eq.call(a, b));
  }
  if (tb === 'object' && b !== null) {
    const eq = (b as PyObject).__eq__;
    if (typeof eq === 'function') return Boolean(eq.call(b, a));
  }
  if (isNumeric(a) && isNumeric(b)) {
    // biome-ignore lint/suspicious/noDoubleEquals: loose equality compares number, bigint and boolean by value.
    return (ta === 'boolean' ? Number(a) : a) == (tb === 'boolean' ? Number(b) : b);
  }
  if (isString(a) && isString(b)) return a.toString() === b.toString();
  if (ta !== 'object' || tb !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!pyEquals(a[i], b[i])) return false;
    return true;
  }
  if (a instanceof Set) {
    if (!(b instanceof Set) || a.size !== b.size) return false;
    for (const item of a) if (!b.has(item)) return false;
    return true;
  }
  if (isMapping(a) && isMapping(b)) {
    const ea = mappingEntries(a);
    if (ea.length !== mappingSize(b)) return false;
    for (const [key, val] of ea) {
      if (!mappingHas(b, key) || !pyEquals(val, mappingGet(b, key))) return false;
    }
    return true;
  }
  return false;
}

function mappingSize(value: Record<string, unknown> | Map<unknown, unknown>): number {
  return value instanceof Map ? value.size : Object.keys(value).length;
}

const isEnumerable = Object.prototype.propertyIsEnumerable;

/**
 * True when a plain object or Map has the key (own enumerable keys only, as `access.ts` reads them;
 * numbers match their string form).
 */
export function mappingHas(value: Record<string, unknown> | Map<unknown, unknown>, key: unknown): boolean {
  if (value instanceof Map) return value.has(key);
  if (typeof key === 'string') return isEnumerable.call(value, key);
  if (typeof key === 'number' || typeof key === 'bigint') return isEnumerable.call(value, String(key));
  return false;
}

/** The value stored under a key of a plain object or Map, or `undefined`. */
export function mappingGet(value: Record<string, unknown> | Map<unknown, unknown>, key: unknown): unknown {
  if (value instanceof Map) return value.get(key);
  return mappingHas(value, key) ? value[String(key)] : undefined;
}

/**
 * Python ordering: negative, zero or positive like a comparator, and `NaN` for an unordered pair (a NaN
 * operand), so `pyCompare(a, b) < 0` is exactly Python's `a < b`.
 *
 * @throws TypeError (name `TypeError`) when the types cannot be ordered, as `"a" < 1` raises in Python.
 */
export function pyCompare(a: unknown, b: unknown, operator = '<'): number {
  if (isNumeric(a) && isNumeric(b)) {
    const x = typeof a === 'boolean' ? Number(a) : a;
    const y = typeof b === 'boolean' ? Number(b) : b;
    if (x < y) return -1;
    if (x > y) return 1;
    // biome-ignore lint/suspicious/noDoubleEquals: number and bigint compare by value.
    return x == y ? 0 : Number.NaN;
  }
  if (isString(a) && isString(b)) {
    const x = a.toString();
    const y = b.toString();
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) {
      if (!pyEquals(a[i], b[i])) return pyCompare(a[i], b[i], operator);
    }
    return a.length - b.length;
  }
  throw new TypeError(
    `'${operator}' not supported between instances of '${pyTypeName(a)}' and '${pyTypeName(b)}'. ` +
      'Only numbers with numbers, strings with strings and lists with lists can be ordered.',
  );
}

/**
 * Python `item in container`: substring for strings, key for mappings, element (by `==`) otherwise.
 *
 * @throws TypeError when the container is not iterable, or a string is searched for a non-string.
 */
export function pyContains(container: unknown, item: unknown): boolean {
  if (isString(container)) {
    if (!isString(item)) {
      throw new TypeError(`'in <string>' requires a string as left operand, not ${pyTypeName(item)}.`);
    }
    return container.toString().includes(item.toString());
  }
  if (Array.isArray(container)) {
    if (typeof item !== 'object' || item === null) {
      // Fast path for primitives; booleans still need Python's True == 1.
      if (typeof item !== 'boolean' && typeof item !== 'number' && container.includes(item)) return true;
      if (typeof item === 'string') {
        for (const el of container) if (el instanceof Markup && el.toString() === item) return true;
        return false;
      }
    }
    for (const el of container) if (pyEquals(el, item)) return true;
    return false;
  }
  if (container instanceof Map || isPlainObject(container)) return mappingHas(container, item);
  if (container instanceof Set) {
    if (container.has(item)) return true;
    for (const el of container) if (pyEquals(el, item)) return true;
    return false;
  }
  for (const el of pyIter(container, 'in')) if (pyEquals(el, item)) return true;
  return false;
}

const SURROGATE = /[\uD800-\uDFFF]/;

/** Splits a string into code points (Python's characters), fast when there are no surrogates. */
export function codePoints(text: string): string[] {
  return SURROGATE.test(text) ? Array.from(text) : text.split('');
}

/** Python `len()` of a string in code points. */
export function textLength(text: string): number {
  if (!SURROGATE.test(text)) return text.length;
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/**
 * Python `len()`: code points of a string, items of a list, keys of a mapping, `__len__()` of an object.
 *
 * @throws TypeError for values without a length (numbers, `None`, iterators).
 */
export function pyLength(value: unknown): number {
  if (typeof value === 'string') return textLength(value);
  if (Array.isArray(value)) return value.length;
  if (value !== null && typeof value === 'object') {
    const len = (value as PyObject).__len__;
    if (typeof len === 'function') return Number(len.call(value));
    if (value instanceof Markup) return textLength(value.toString());
    if (value instanceof Map || value instanceof Set) return value.size;
    if (isPlainObject(value)) return Object.keys(value).length;
  }
  // An async iterable's length is only known once read: say how, since `|length` looks like it should work.
  const hint = isAsyncIterable(value) ? ' Read it into a list first: |list|length in renderAsync().' : '';
  throw new TypeError(`Object of type '${pyTypeName(value)}' has no len().${hint}`);
}

/**
 * Python `iter()`: a list's items, a string's characters, a mapping's keys, a Set's members, or any JS
 * iterable (Undefined iterates as empty).
 *
 * @throws TypeError when the value is not iterable (`'int' object is not iterable`).
 * @throws TemplateRuntimeError for an async iterable, naming where renderAsync() can iterate it.
 */
export function pyIter(value: unknown, purpose?: string): Iterable<unknown> {
  if (Array.isArray(value)) return value;
  if (typeof value === 'string') return codePoints(value);
  if (value !== null && typeof value === 'object') {
    if (value instanceof Markup) return codePoints(value.toString());
    if (value instanceof Map) return value.keys();
    if (isPlainObject(value)) return Object.keys(value);
    if (typeof (value as Iterable<unknown>)[Symbol.iterator] === 'function')
      return value as Iterable<unknown>;
  }
  // Only reached on failure, so the synchronous path pays nothing for this clearer message.
  if (isAsyncIterable(value)) throw new TemplateRuntimeError(describeAsyncIterable(pyTypeName(value)));
  const suffix = purpose === 'in' ? ' (the right side of `in` must be a container)' : '';
  throw new TypeError(`'${pyTypeName(value)}' object is not iterable${suffix}.`);
}

/** `list(value)` as an array; returns the same array for arrays, so copy before mutating. */
export function toList(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  return Array.from(pyIter(value));
}

/** True when Python would let you iterate the value. */
export function isIterable(value: unknown): boolean {
  if (typeof value === 'string' || Array.isArray(value)) return true;
  if (value === null || typeof value !== 'object') return false;
  return isPlainObject(value) || typeof (value as Iterable<unknown>)[Symbol.iterator] === 'function';
}

/** Python's modulo: the result has the sign of the divisor (`-1 % 2 == 1`). */
export function pyMod(a: number, b: number): number {
  const r = a % b;
  return r !== 0 && r < 0 !== b < 0 ? r + b : r;
}

/**
 * Throws the engine's UndefinedError when `value` is an Undefined (an object with `fail()` and
 * `__bool__()`), as Python's Undefined does when converted to a number.
 */
export function failIfUndefined(value: unknown): void {
  if (value === null || typeof value !== 'object') return;
  const candidate = value as PyObject & { fail?: unknown };
  if (typeof candidate.fail === 'function' && typeof candidate.__bool__ === 'function') candidate.fail();
}

/**
 * Converts a number-like value (number, boolean, bigint) to a JS number.
 *
 * @throws UndefinedError (the engine's) for an Undefined; TypeError for anything else.
 */
export function toNumber(value: unknown, what: string): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean' || typeof value === 'bigint') return Number(value);
  failIfUndefined(value);
  throw new TypeError(`${what} needs a number, not '${pyTypeName(value)}'.`);
}
