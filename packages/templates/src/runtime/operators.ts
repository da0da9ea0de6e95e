/**
 * Template operators with Python semantics: `+ - * / // % **`, comparisons,
 * `in`, `~`, truthiness. Undefined operands fail as Jinja's Undefined does.
 */

import { ValueError, ZeroDivisionError } from '../errors/errors.ts';
import { checkOutputSize } from './internal/limits.ts';
import { escape as escapeMarkup, escapeText, isMarkup, Markup } from './markup.ts';
import { percentFormat, percentFormatMarkup } from './pyformat.ts';
import { isUndefined, type Undefined } from './undefined.ts';
import { isTruthy, pyCompare, pyContains, pyEquals, pyIter, pyMod, pyTypeName, toText } from './values.ts';

function failUndefined(a: unknown, b?: unknown): void {
  if (isUndefined(a)) a.fail();
  if (isUndefined(b)) b.fail();
}

function unsupported(op: string, a: unknown, b: unknown): TypeError {
  return new TypeError(`unsupported operand type(s) for ${op}: '${pyTypeName(a)}' and '${pyTypeName(b)}'`);
}

function num(v: unknown): number | null {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  return null;
}

function isText(v: unknown): v is string | Markup {
  return typeof v === 'string' || v instanceof Markup;
}

/** `a + b`: numbers add, strings and lists concatenate, anything else is a TypeError. */
export function add(a: unknown, b: unknown): unknown {
  if (typeof a === 'number' && typeof b === 'number') return a + b;
  failUndefined(a, b);
  const x = num(a);
  const y = num(b);
  if (x !== null && y !== null) return x + y;
  if (isText(a) && isText(b)) {
    if (a instanceof Markup || b instanceof Markup)
      return new Markup(escapeMarkup(a).toString() + escapeMarkup(b).toString());
    return a + b;
  }
  if (Array.isArray(a) && Array.isArray(b)) return [...a, ...b];
  throw unsupported('+', a, b);
}

/** `a - b` on numbers. */
export function sub(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  failUndefined(a, b);
  const x = num(a);
  const y = num(b);
  if (x !== null && y !== null) return x - y;
  throw unsupported('-', a, b);
}

function repeat(seq: unknown, times: number): unknown {
  const n = Math.max(0, Math.trunc(times));
  if (typeof seq === 'string' || seq instanceof Markup || Array.isArray(seq)) {
    checkOutputSize(seq.length * n, `Repeating a ${pyTypeName(seq)} ${n} times`);
  }
  if (typeof seq === 'string') return seq.repeat(n);
  if (seq instanceof Markup) return new Markup(seq.toString().repeat(n));
  if (Array.isArray(seq)) {
    const out: unknown[] = [];
    // Item by item: spreading a long list into push() would overflow the stack.
    for (let i = 0; i < n; i++) for (const item of seq) out.push(item);
    return out;
  }
  return null;
}

/** `a * b`: numbers multiply; a string or list times an int repeats. */
export function mul(a: unknown, b: unknown): unknown {
  if (typeof a === 'number' && typeof b === 'number') return a * b;
  failUndefined(a, b);
  const x = num(a);
  const y = num(b);
  if (x !== null && y !== null) return x * y;
  if (y !== null && Number.isInteger(y)) {
    const r = repeat(a, y);
    if (r !== null) return r;
  }
  if (x !== null && Number.isInteger(x)) {
    const r = repeat(b, x);
    if (r !== null) return r;
  }
  throw unsupported('*', a, b);
}

function numbers(op: string, a: unknown, b: unknown): [number, number] {
  failUndefined(a, b);
  const x = num(a);
  const y = num(b);
  if (x === null || y === null) throw unsupported(op, a, b);
  return [x, y];
}

/** `a / b` (true division). @throws ZeroDivisionError */
export function div(a: unknown, b: unknown): number {
  const [x, y] = numbers('/', a, b);
  if (y === 0) throw new ZeroDivisionError('division by zero');
  return x / y;
}

/** `a // b` (floor division). @throws ZeroDivisionError */
export function floordiv(a: unknown, b: unknown): number {
  const [x, y] = numbers('//', a, b);
  if (y === 0) throw new ZeroDivisionError('integer division or modulo by zero');
  return Math.floor(x / y);
}

/** `a % b`: Python modulo for numbers, printf-style formatting for strings. @throws ZeroDivisionError */
export function mod(a: unknown, b: unknown): unknown {
  if (isText(a)) {
    failUndefined(b);
    return a instanceof Markup ? percentFormatMarkup(a, b) : percentFormat(a, b);
  }
  const [x, y] = numbers('%', a, b);
  if (y === 0) throw new ZeroDivisionError('integer division or modulo by zero');
  return pyMod(x, y);
}

/** `a ** b`. */
export function pow(a: unknown, b: unknown): number {
  const [x, y] = numbers('**', a, b);
  if (x === 0 && y < 0) throw new ZeroDivisionError('0.0 cannot be raised to a negative power');
  return x ** y;
}

/** Unary minus. */
export function neg(a: unknown): number {
  if (typeof a === 'number') return -a;
  failUndefined(a);
  const x = num(a);
  if (x === null) throw new TypeError(`bad operand type for unary -: '${pyTypeName(a)}'`);
  return -x;
}

/** Unary plus. */
export function pos(a: unknown): number {
  failUndefined(a);
  const x = num(a);
  if (x === null) throw new TypeError(`bad operand type for unary +: '${pyTypeName(a)}'`);
  return x;
}

/** Python truthiness; a strict Undefined fails. */
export function truthy(v: unknown): boolean {
  if (v === true) return true;
  if (v === false || v === null || v === undefined || v === 0 || v === '') return false;
  if (typeof v === 'string' || typeof v === 'number') return true;
  return isTruthy(v);
}

/** `a == b`. */
export function eq(a: unknown, b: unknown): boolean {
  if (a === b && typeof a !== 'object') return true;
  return pyEquals(a, b);
}

/** `a != b`. */
export function ne(a: unknown, b: unknown): boolean {
  return !eq(a, b);
}

function order(a: unknown, b: unknown, op: string): number {
  failUndefined(a, b);
  return pyCompare(a, b, op);
}

/** `a < b`. */
export function lt(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a < b;
  return order(a, b, '<') < 0;
}
/** `a <= b`. */
export function le(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a <= b;
  return order(a, b, '<=') <= 0;
}
/** `a > b`. */
export function gt(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a > b;
  return order(a, b, '>') > 0;
}
/** `a >= b`. */
export function ge(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a >= b;
  return order(a, b, '>=') >= 0;
}

/** `item in container`. */
export function contains(container: unknown, item: unknown): boolean {
  if (isUndefined(container)) {
    // Iterating a default Undefined yields nothing; a strict one fails here.
    (container as Undefined).iterate();
    return false;
  }
  return pyContains(container, item);
}

/**
 * `a ~ b ~ …`: joins the text of the parts. With autoescape and a markup part, the result is Markup: markup
 * parts are kept as they are and only the other parts are escaped (Jinja2's `markup_join`).
 */
export function concat(autoescape: boolean, parts: unknown[]): unknown {
  let out = '';
  let markup = false;
  for (const p of parts) {
    if (autoescape && isMarkup(p)) markup = true;
    out += typeof p === 'string' ? p : isUndefined(p) ? p.render() : toText(p);
  }
  if (!markup) return out;
  let safe = '';
  for (const p of parts) {
    if (isMarkup(p)) safe += p.__html__();
    else safe += escapeText(isUndefined(p) ? p.render() : toText(p));
  }
  return new Markup(safe);
}

/** Python's tuple unpacking: exactly `count` items. @throws ValueError */
export function unpack(value: unknown, count: number): unknown[] {
  if (isUndefined(value)) value.fail();
  const items = Array.isArray(value) ? value : Array.from(pyIter(value));
  if (items.length !== count) {
    if (items.length < count) {
      throw new ValueError(`not enough values to unpack (expected ${count}, got ${items.length})`);
    }
    throw new ValueError(`too many values to unpack (expected ${count})`);
  }
  return items;
}

/** The items a `for` loop walks, as an array (Undefined: empty, or fails when strict). */
export function iterate(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (isUndefined(value)) return value.iterate();
  if (value === null || value === undefined) {
    throw new TypeError(`'${pyTypeName(value)}' object is not iterable`);
  }
  return Array.from(pyIter(value));
}
