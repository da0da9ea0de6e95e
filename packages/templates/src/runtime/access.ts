/**
 * Safe attribute and item lookup: the one checkpoint through which templates reach into values. Dot
 * access, subscripts, the `attr` filter, `attribute=` arguments of filters, `str.format` fields and `%`
 * formatting all come here.
 *
 * What a template can reach:
 * - own enumerable properties of plain objects, arrays (by index) and Map entries;
 * - the Python methods of strings, lists, dicts and dates (`getPythonMethod`);
 * - getters and methods defined by user classes (prototype chain up to, not including, the first
 *   prototype that belongs to JavaScript or Node.js), and by the classes an environment trusts;
 * - engine objects (loop, namespace, cycler, modules…) through their GETATTR hook.
 * Never reachable: non-enumerable properties (`err.stack`), `constructor`, `__proto__`, `prototype`,
 * `__defineGetter__` and friends, `caller`/`callee`/`arguments`, anything on Object/Function/Array/…
 * prototypes, the methods of Node's own classes (Buffer, EventEmitter, streams, sockets, URL, …), and the
 * `_`-prefixed internal state of objects made by those classes.
 */

import { ValueError } from '../errors/errors.ts';
import { isHostPrototype } from './internal/host-prototypes.ts';
import { NOT_FOUND } from './internal/not-found.ts';
import { Markup } from './markup.ts';
import { dateAttribute } from './python-methods/datetime.ts';
import type { FieldAccess } from './python-methods/str-format.ts';
import { getPythonMethod } from './python-methods.ts';
import { GETATTR, isUndefined, type Undefined } from './undefined.ts';
import { codePoints, isPlainObject } from './values.ts';

export { NOT_FOUND };

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

/**
 * Which classes beyond the application's own a template may use: an environment's `trustedClasses`.
 * Their getters and methods (and their instances' `_`-prefixed properties) become reachable.
 */
export interface AccessPolicy {
  readonly trustedPrototypes: ReadonlySet<object>;
  /** This checkpoint under this policy, for what reads values on a template's behalf (`str.format` fields). */
  readonly fields: FieldAccess;
}

function makePolicy(trustedPrototypes: ReadonlySet<object>): AccessPolicy {
  const policy: AccessPolicy = {
    trustedPrototypes,
    fields: {
      attribute: (obj, name) => lookupAttribute(obj, name, policy),
      item: (obj, key) => lookupItem(obj, key, policy),
    },
  };
  return Object.freeze(policy);
}

/** The policy without any trusted class. */
export const DEFAULT_POLICY: AccessPolicy = makePolicy(new Set<object>());

/**
 * A policy trusting these classes (constructors).
 *
 * @throws TypeError when an entry is not a class.
 */
export function createAccessPolicy(trustedClasses: readonly unknown[] = []): AccessPolicy {
  if (trustedClasses.length === 0) return DEFAULT_POLICY;
  const trusted = new Set<object>();
  for (const cls of trustedClasses) {
    const proto = typeof cls === 'function' ? (cls as { prototype?: unknown }).prototype : undefined;
    if (proto === null || typeof proto !== 'object') {
      throw new TypeError('trustedClasses takes classes (constructors), such as [URL, URLSearchParams].');
    }
    trusted.add(proto);
  }
  return makePolicy(trusted);
}

const isEnumerable = Object.prototype.propertyIsEnumerable;
const userPrototypes = new WeakMap<object, boolean>();
const NATIVE_CODE = /\{\s*\[native code\]\s*\}\s*$/;

/**
 * True when a prototype object belongs to a class the application wrote: its constructor is not native
 * code and is none of Node's own classes (which are written in JavaScript too).
 */
function isUserPrototype(proto: object): boolean {
  let known = userPrototypes.get(proto);
  if (known === undefined) {
    const ctor = Object.getOwnPropertyDescriptor(proto, 'constructor')?.value;
    known =
      typeof ctor === 'function' &&
      !NATIVE_CODE.test(Function.prototype.toString.call(ctor)) &&
      !isHostPrototype(proto);
    userPrototypes.set(proto, known);
  }
  return known;
}

const hostDerived = new WeakMap<object, boolean>();

/** True when an object was made by (a subclass of) one of Node's own classes that the policy does not trust. */
function isHostObject(obj: object, policy: AccessPolicy): boolean {
  const first = Object.getPrototypeOf(obj) as object | null;
  if (first === null) return false;
  let known = policy === DEFAULT_POLICY ? hostDerived.get(first) : undefined;
  if (known === undefined) {
    known = false;
    for (let proto: object | null = first; proto !== null; proto = Object.getPrototypeOf(proto)) {
      if (policy.trustedPrototypes.has(proto)) break;
      if (isHostPrototype(proto)) {
        known = true;
        break;
      }
    }
    if (policy === DEFAULT_POLICY) hostDerived.set(first, known);
  }
  return known;
}

interface Found {
  found: boolean;
  value?: unknown;
}
const MISSING: Found = Object.freeze({ found: false });

/**
 * An own, enumerable property (data or accessor) of `obj`, read safely. A host object's `_`-prefixed
 * properties are its internal state (`emitter._events`, `stream._readableState`) and stay hidden.
 */
function ownValue(obj: object, name: string, policy: AccessPolicy): Found {
  const desc = Object.getOwnPropertyDescriptor(obj, name);
  if (desc === undefined || !desc.enumerable) return MISSING;
  if (name.charCodeAt(0) === 95 /* _ */ && !isPlainObject(obj) && isHostObject(obj, policy)) return MISSING;
  if ('value' in desc) return { found: true, value: desc.value };
  return { found: true, value: desc.get ? Reflect.apply(desc.get, obj, []) : undefined };
}

/** A getter or method that a user (or trusted) class defines for `name`, bound to the instance. */
function classMember(obj: object, name: string, policy: AccessPolicy): Found {
  if (BLOCKED.has(name)) return MISSING;
  let proto = Object.getPrototypeOf(obj) as object | null;
  while (
    proto !== null &&
    proto !== Object.prototype &&
    (policy.trustedPrototypes.has(proto) || isUserPrototype(proto))
  ) {
    const desc = Object.getOwnPropertyDescriptor(proto, name);
    if (desc !== undefined) {
      if (desc.get) return { found: true, value: Reflect.apply(desc.get, obj, []) };
      if ('value' in desc) {
        const value = desc.value;
        if (typeof value === 'function') return { found: true, value: value.bind(obj) };
        return { found: true, value };
      }
      return MISSING;
    }
    proto = Object.getPrototypeOf(proto) as object | null;
  }
  return MISSING;
}

/** `obj.name` as an attribute only (Python's getattr), or NOT_FOUND. */
export function lookupAttribute(obj: unknown, name: string, policy: AccessPolicy = DEFAULT_POLICY): unknown {
  if (obj === null || obj === undefined) return NOT_FOUND;
  switch (typeof obj) {
    case 'string':
    case 'number':
      return getPythonMethod(obj, name, policy.fields) ?? NOT_FOUND;
    case 'function': {
      const hook = (obj as unknown as { [GETATTR]?: (n: string) => unknown })[GETATTR];
      if (typeof hook === 'function') return hook.call(obj, name);
      if (BLOCKED.has(name)) return NOT_FOUND;
      const own = ownValue(obj, name, policy);
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
    if (name !== 'length' && !/^\d+$/.test(name)) {
      const desc = Object.getOwnPropertyDescriptor(target, name);
      if (desc?.enumerable && 'value' in desc) return desc.value;
    }
    return getPythonMethod(target, name, policy.fields) ?? NOT_FOUND;
  }
  if (target instanceof Map) {
    if (target.has(name)) return target.get(name);
    return getPythonMethod(target, name, policy.fields) ?? NOT_FOUND;
  }
  if (isPlainObject(target)) {
    // Differs from Jinja2: a dict key wins over a dict method of the same name (`d.items` is the key).
    if (isEnumerable.call(target, name)) return ownValue(target, name, policy).value;
    return getPythonMethod(target, name, policy.fields) ?? NOT_FOUND;
  }
  if (target instanceof Date && !policy.trustedPrototypes.has(Date.prototype)) {
    const value = dateAttribute(target, name);
    return value === undefined ? NOT_FOUND : value;
  }
  const own = ownValue(target, name, policy);
  if (own.found) return own.value;
  const method = getPythonMethod(target, name, policy.fields);
  if (method !== undefined) return method;
  const member = classMember(target, name, policy);
  return member.found ? member.value : NOT_FOUND;
}

/** `obj[key]` as an item only (Python's getitem), or NOT_FOUND. */
export function lookupItem(obj: unknown, key: unknown, policy: AccessPolicy = DEFAULT_POLICY): unknown {
  if (obj === null || obj === undefined) return NOT_FOUND;
  if (typeof key === 'boolean') key = key ? 1 : 0;
  if (typeof obj === 'string') return charAt(obj, key);
  if (typeof obj !== 'object') return NOT_FOUND;
  if (Array.isArray(obj)) {
    if (typeof key !== 'number' || !Number.isInteger(key)) return NOT_FOUND;
    const i = key < 0 ? key + obj.length : key;
    return i >= 0 && i < obj.length ? obj[i] : NOT_FOUND;
  }
  if (obj instanceof Map) return obj.has(key) ? obj.get(key) : NOT_FOUND;
  if (obj instanceof Markup) {
    // MarkupSafe: an item of Markup is Markup.
    const ch = charAt(obj.toString(), key);
    return ch === NOT_FOUND ? ch : new Markup(ch);
  }
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
  const own = ownValue(obj, key, policy);
  return own.found ? own.value : NOT_FOUND;
}

/** A character of a string by Python index (code points, negative from the end), or NOT_FOUND. */
function charAt(text: string, key: unknown): string | typeof NOT_FOUND {
  if (typeof key !== 'number' || !Number.isInteger(key)) return NOT_FOUND;
  const chars = text.length < 64 && !/[\uD800-\uDFFF]/.test(text) ? null : codePoints(text);
  const len = chars ? chars.length : text.length;
  const i = key < 0 ? key + len : key;
  if (i < 0 || i >= len) return NOT_FOUND;
  return (chars ? chars[i] : text[i]) as string;
}

/** Jinja's `obj.name`: attribute first, then item, else an Undefined naming what was missing. */
export function getattr(
  obj: unknown,
  name: string,
  makeUndefined: MakeUndefined,
  policy: AccessPolicy = DEFAULT_POLICY,
): unknown {
  if (isUndefined(obj)) return obj[GETATTR](name);
  let value = lookupAttribute(obj, name, policy);
  if (value === NOT_FOUND) value = lookupItem(obj, name, policy);
  if (value === NOT_FOUND || value === undefined) return makeUndefined(undefined, obj, name);
  return value;
}

/** Jinja's `obj[key]`: item first, then attribute (for string keys), else an Undefined. */
export function getitem(
  obj: unknown,
  key: unknown,
  makeUndefined: MakeUndefined,
  policy: AccessPolicy = DEFAULT_POLICY,
): unknown {
  if (isUndefined(obj)) return obj[GETATTR](String(key));
  let value = lookupItem(obj, key, policy);
  if (value === NOT_FOUND && typeof key === 'string') value = lookupAttribute(obj, key, policy);
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
  if (obj instanceof Markup) return new Markup(slice(obj.toString(), start, stop, step, makeUndefined));
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
