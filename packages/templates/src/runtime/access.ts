/**
 * Safe attribute and item lookup: the only way templates reach into values.
 *
 * What a template can reach:
 * - own enumerable properties of plain objects, arrays (by index) and Map entries;
 * - the Python methods of strings, lists and dicts (`getPythonMethod`);
 * - getters and methods defined by user classes (prototype chain up to, not including, built-ins);
 * - engine objects (loop, namespace, cycler, modules…) through their GETATTR hook.
 * Never reachable: `constructor`, `__proto__`, `prototype`, `__defineGetter__` and friends,
 * `caller`/`callee`/`arguments`, and anything on Object/Function/Array/String/… prototypes.
 */

import { ValueError } from './errors.ts';
import { getPythonMethod } from './python-methods.ts';
import { GETATTR, isUndefined, type Undefined } from './undefined.ts';
import { codePoints, isPlainObject } from './values.ts';

/** Names a template can never reach through a prototype or a function. */
const BLOCKED = new Set([
  'constructor',
  '__proto__',
  'prototype',
  '__defineGetter__',
  '__defineSetter__',
  '__lookupGetter__',
  '__lookupSetter__',
  'caller',
  'callee',
  'arguments',
]);

/** Creates an Undefined for a failed lookup. */
export type MakeUndefined = (hint: string | undefined, obj: unknown, name: unknown) => Undefined;

const userPrototypes = new WeakMap<object, boolean>();

/** True when a prototype object belongs to a user class rather than to the JS runtime. */
function isUserPrototype(proto: object): boolean {
  let known = userPrototypes.get(proto);
  if (known === undefined) {
    const ctor = Object.getOwnPropertyDescriptor(proto, 'constructor')?.value;
    known =
      typeof ctor === 'function' &&
      !/\{\s*\[native code\]\s*\}\s*$/.test(Function.prototype.toString.call(ctor));
    userPrototypes.set(proto, known);
  }
  return known;
}

/** An own, enumerable property (data or accessor) of `obj`, read safely. */
function ownValue(obj: object, name: string): { found: boolean; value?: unknown } {
  const desc = Object.getOwnPropertyDescriptor(obj, name);
  if (desc === undefined || !desc.enumerable) return { found: false };
  if ('value' in desc) return { found: true, value: desc.value };
  return { found: true, value: desc.get ? Reflect.apply(desc.get, obj, []) : undefined };
}

/** A getter or method that a user class defines for `name`, bound to the instance. */
function classMember(obj: object, name: string): { found: boolean; value?: unknown } {
  if (BLOCKED.has(name)) return { found: false };
  let proto = Object.getPrototypeOf(obj) as object | null;
  while (proto !== null && proto !== Object.prototype && isUserPrototype(proto)) {
    const desc = Object.getOwnPropertyDescriptor(proto, name);
    if (desc !== undefined) {
      if (desc.get) return { found: true, value: Reflect.apply(desc.get, obj, []) };
      if ('value' in desc) {
        const value = desc.value;
        if (typeof value === 'function') return { found: true, value: value.bind(obj) };
        return { found: true, value };
      }
      return { found: false };
    }
    proto = Object.getPrototypeOf(proto) as object | null;
  }
  return { found: false };
}

/** Attribute lookup without the item fallback; `NOT_FOUND` when there is none. */
export const NOT_FOUND: unique symbol = Symbol('not found');

/** `obj.name` as an attribute only (Python's getattr), or NOT_FOUND. */
export function lookupAttribute(obj: unknown, name: string): unknown {
  if (obj === null || obj === undefined) return NOT_FOUND;
  switch (typeof obj) {
    case 'string':
    case 'number':
      return getPythonMethod(obj, name) ?? NOT_FOUND;
    case 'function': {
      const hook = (obj as unknown as { [GETATTR]?: (n: string) => unknown })[GETATTR];
      if (typeof hook === 'function') return hook.call(obj, name);
      if (BLOCKED.has(name)) return NOT_FOUND;
      const own = ownValue(obj, name);
      return own.found ? own.value : NOT_FOUND;
    }
    case 'object':
      break;
    default:
      return NOT_FOUND;
  }
  const target = obj as object;
  const hook = (target as { [GETATTR]?: (n: string) => unknown })[GETATTR];
  if (typeof hook === 'function') return hook.call(target, name);
  if (Array.isArray(target)) {
    // Named data properties on arrays (e.g. groupby's `.grouper`/`.list`) are data the engine put there.
    const desc = name === 'length' ? undefined : Object.getOwnPropertyDescriptor(target, name);
    if (desc !== undefined && 'value' in desc && !/^\d+$/.test(name)) return desc.value;
    return getPythonMethod(target, name) ?? NOT_FOUND;
  }
  if (target instanceof Map) {
    if (target.has(name)) return target.get(name);
    return getPythonMethod(target, name) ?? NOT_FOUND;
  }
  if (isPlainObject(target)) {
    // Differs from Jinja2: a dict key wins over a dict method of the same name (`d.items` is the key).
    const own = ownValue(target, name);
    if (own.found) return own.value;
    return getPythonMethod(target, name) ?? NOT_FOUND;
  }
  const own = ownValue(target, name);
  if (own.found) return own.value;
  const method = getPythonMethod(target, name);
  if (method !== undefined) return method;
  const member = classMember(target, name);
  return member.found ? member.value : NOT_FOUND;
}

/** `obj[key]` as an item only (Python's getitem), or NOT_FOUND. */
export function lookupItem(obj: unknown, key: unknown): unknown {
  if (obj === null || obj === undefined) return NOT_FOUND;
  if (typeof key === 'boolean') key = key ? 1 : 0;
  if (typeof obj === 'string') {
    if (typeof key !== 'number' || !Number.isInteger(key)) return NOT_FOUND;
    const chars = obj.length < 64 && !/[\uD800-\uDFFF]/.test(obj) ? null : codePoints(obj);
    const len = chars ? chars.length : obj.length;
    const i = key < 0 ? key + len : key;
    if (i < 0 || i >= len) return NOT_FOUND;
    return chars ? chars[i] : obj[i];
  }
  if (typeof obj !== 'object') return NOT_FOUND;
  if (Array.isArray(obj)) {
    if (typeof key !== 'number' || !Number.isInteger(key)) return NOT_FOUND;
    const i = key < 0 ? key + obj.length : key;
    return i >= 0 && i < obj.length ? obj[i] : NOT_FOUND;
  }
  if (obj instanceof Map) return obj.has(key) ? obj.get(key) : NOT_FOUND;
  // Python's item protocol, for mapping-like classes (a MultiDict, a session): `obj['key']` calls it.
  const getItem = (obj as { __getitem__?: (key: unknown) => unknown }).__getitem__;
  if (typeof getItem === 'function' && !Object.hasOwn(obj, '__getitem__')) {
    const value = getItem.call(obj, key);
    return value === undefined ? NOT_FOUND : value;
  }
  const hook = (obj as { [GETATTR]?: (n: string) => unknown })[GETATTR];
  if (typeof key === 'number') key = String(key);
  if (typeof key !== 'string') return NOT_FOUND;
  if (typeof hook === 'function') return NOT_FOUND;
  const own = ownValue(obj, key);
  return own.found ? own.value : NOT_FOUND;
}

/** Jinja's `obj.name`: attribute first, then item, else an Undefined naming what was missing. */
export function getattr(obj: unknown, name: string, makeUndefined: MakeUndefined): unknown {
  if (isUndefined(obj)) return obj[GETATTR](name);
  let value = lookupAttribute(obj, name);
  if (value === NOT_FOUND) value = lookupItem(obj, name);
  if (value === NOT_FOUND || value === undefined) return makeUndefined(undefined, obj, name);
  return value;
}

/** Jinja's `obj[key]`: item first, then attribute (for string keys), else an Undefined. */
export function getitem(obj: unknown, key: unknown, makeUndefined: MakeUndefined): unknown {
  if (isUndefined(obj)) return obj[GETATTR](String(key));
  let value = lookupItem(obj, key);
  if (value === NOT_FOUND && typeof key === 'string') value = lookupAttribute(obj, key);
  if (value === NOT_FOUND || value === undefined) return makeUndefined(undefined, obj, key);
  return value;
}

function sliceIndices(length: number, start: unknown, stop: unknown, step: unknown): number[] {
  const st = step === null || step === undefined ? 1 : Number(step);
  if (!Number.isInteger(st)) throw new TypeError('slice indices must be integers or None');
  if (st === 0) {
    throw new ValueError('slice step cannot be zero');
  }
  const norm = (v: unknown, dflt: number, lo: number, hi: number): number => {
    if (v === null || v === undefined || isUndefined(v)) return dflt;
    let n = Number(v);
    if (!Number.isInteger(n)) throw new TypeError('slice indices must be integers or None');
    if (n < 0) n += length;
    return Math.min(Math.max(n, lo), hi);
  };
  const out: number[] = [];
  if (st > 0) {
    const a = norm(start, 0, 0, length);
    const b = norm(stop, length, 0, length);
    for (let i = a; i < b; i += st) out.push(i);
  } else {
    const a = norm(start, length - 1, -1, length - 1);
    const b = norm(stop, -1, -1, length - 1);
    for (let i = a; i > b; i += st) out.push(i);
  }
  return out;
}

/** Python slicing `obj[start:stop:step]` for strings, arrays and other iterables (as lists). */
export function slice(
  obj: unknown,
  start: unknown,
  stop: unknown,
  step: unknown,
  makeUndefined: MakeUndefined,
): unknown {
  if (isUndefined(obj)) return obj[GETATTR]('__getitem__');
  if (typeof obj === 'string') {
    const chars = codePoints(obj);
    const simple = step === null || step === 1;
    if (simple) {
      const idx = sliceIndices(chars.length, start, stop, 1);
      return idx.length === 0 ? '' : chars.slice(idx[0], (idx.at(-1) as number) + 1).join('');
    }
    return sliceIndices(chars.length, start, stop, step)
      .map((i) => chars[i])
      .join('');
  }
  let items: unknown[] | null = null;
  if (Array.isArray(obj)) items = obj;
  else if (obj !== null && typeof obj === 'object' && Symbol.iterator in obj) {
    items = Array.from(obj as Iterable<unknown>);
  }
  if (items === null) return makeUndefined(`'${typeof obj}' object is not subscriptable`, obj, undefined);
  const list = items;
  return sliceIndices(list.length, start, stop, step).map((i) => list[i]);
}
