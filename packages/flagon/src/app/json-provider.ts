import { formatHttpDate } from '../http/dates.ts';
import { parseJsonWithoutProto } from '../http/json.ts';
import { Response } from '../wrappers/response.ts';
import { escapeNonAscii, stringifySorted } from './internal/json-text.ts';

// Shared option objects: a response is made per request, and each literal would be garbage.
const PRETTY = Object.freeze({ indent: 2 });
const COMPACT = Object.freeze({});

/** Thrown when a value has no JSON form (a function, a symbol, a circular structure). */
export class JsonSerializationError extends TypeError {
  override get name(): string {
    return 'JsonSerializationError';
  }
}

/**
 * Flask's DefaultJSONProvider: `dumps`, `loads` and `response`. Dates become HTTP dates, `Markup` its HTML,
 * `Set` an array, `Map` an object, `BigInt` a decimal string. Replace `app.json` with a subclass to change
 * any of it.
 *
 * Differs from Flask: keys keep their insertion order unless `sortKeys` is set. Flask sorts them so output is
 * stable; JavaScript objects already keep a stable order, and sorting makes serializing several times
 * slower (bench/README.md).
 */
export class JsonProvider {
  /**
   * Sort object keys by code point, as Python's `sort_keys` (Flask's default; off here, see above). Keys
   * that look like numbers keep their sorted place (`"10"` before `"9"`), which a JavaScript object cannot.
   */
  sortKeys = false;
  /**
   * Flask's `ensure_ascii` (default true, as in Flask): every character above U+007F is written as a `\u`
   * escape (and DEL, as Python), astral characters as their surrogate pair, U+2028 and U+2029 included, so the output is byte
   * for byte Python's. Output that is already ASCII is not copied. Set false to write UTF-8 as it is.
   */
  ensureAscii = true;
  /** Pretty-print responses (Flask: `compact=None` means indent in debug mode). */
  compact: boolean | null = null;
  /** The response mimetype. */
  mimetype = 'application/json';
  /** Whether the app runs in debug mode; set by the app so `compact=null` can follow it. */
  debug = false;
  /**
   * The deepest nesting `dumps` writes; deeper values raise JsonSerializationError rather than overflowing
   * the stack (it runs out between 1,500 and 2,000 levels before V8 optimizes the walk). Twice the default
   * MAX_JSON_DEPTH, so any request body accepted can be sent back inside a response.
   */
  maxDepth = 1000;

  /**
   * Serializes `value`.
   *
   * `options.ensureAscii` overrides the provider's `ensureAscii` for this call.
   *
   * @throws JsonSerializationError for values without a JSON form; the message gives their path (`$.a[2]`).
   */
  dumps(
    value: unknown,
    options: { readonly indent?: number; readonly ensureAscii?: boolean } = COMPACT,
  ): string {
    let prepared: unknown = value;
    try {
      // Most values are plain JSON already: one read-only pass proves it, and JSON.stringify does the rest.
      if (!isPlainJsonValue(value) || !prototypeIsClean()) {
        prepared = this.#prepare(value, new Set(), 0);
      }
    } catch (error) {
      if (error instanceof UnserializableAt) {
        const path = error.path;
        // A path thousands of levels long is cut to its two ends.
        const shown =
          path.length > 12 ? `${path.slice(0, 6).join('')}…${path.slice(-6).join('')}` : path.join('');
        throw new JsonSerializationError(`${error.reason} at $${shown}.`, {
          cause: error.cause,
        });
      }
      throw error;
    }
    const text = this.sortKeys
      ? stringifySorted(prepared, options.indent)
      : JSON.stringify(prepared, null, options.indent);
    if (text === undefined) {
      throw new JsonSerializationError(`Object of type ${describe(value)} is not JSON serializable.`);
    }
    return (options.ensureAscii ?? this.ensureAscii) ? escapeNonAscii(text) : text;
  }

  /** Parses JSON text (`__proto__` keys are dropped). */
  loads(text: string | Uint8Array): unknown {
    return parseJsonWithoutProto(typeof text === 'string' ? text : Buffer.from(text).toString('utf8'));
  }

  /** A JSON response for `value` (pretty-printed in debug mode unless `compact` is set). */
  response(value: unknown, init?: { status?: number }): Response {
    const pretty = this.compact === null ? this.debug : !this.compact;
    const body = `${this.dumps(value, pretty ? PRETTY : COMPACT)}\n`;
    const status = init?.status;
    return new Response(
      body,
      status === undefined ? { mimetype: this.mimetype } : { status, mimetype: this.mimetype },
    );
  }

  /**
   * Converts a value JSON has no form for (dates, sets, maps, big integers, markup) into one it has. Override
   * to support more types; throw for values that cannot be serialized.
   */
  protected defaultValue(value: unknown): unknown {
    if (value instanceof Date) return formatHttpDate(value);
    if (typeof value === 'bigint') return value.toString();
    if (
      value !== null &&
      typeof value === 'object' &&
      typeof (value as { __html__?: unknown }).__html__ === 'function'
    ) {
      return (value as { __html__(): string }).__html__();
    }
    if (value instanceof Set) return [...value];
    if (value instanceof Map) return Object.fromEntries(value);
    if (value instanceof Uint8Array) {
      throw new JsonSerializationError('Bytes are not JSON serializable; encode them (base64) first');
    }
    if (typeof value === 'function' || typeof value === 'symbol') {
      throw new JsonSerializationError(`Object of type ${describe(value)} is not JSON serializable`);
    }
    return value;
  }

  /**
   * The value `JSON.stringify` should write: the value itself when it is already plain JSON in canonical form
   * (the usual case, so nothing is copied and the native serializer does the work), else a copy with keys
   * sorted and special values converted.
   */
  #prepare(value: unknown, seen: Set<object>, depth: number): unknown {
    switch (typeof value) {
      case 'string':
      case 'number':
      case 'boolean':
      case 'undefined':
        return value;
    }
    if (value === null) return null;
    const isPlain = Array.isArray(value) || isPlainObject(value as object);
    if (!isPlain) {
      let converted: unknown;
      try {
        converted = this.defaultValue(value);
      } catch (error) {
        throw new UnserializableAt(error instanceof Error ? error.message : String(error), error);
      }
      if (converted === value) return value; // a class with toJSON, or a type JSON.stringify handles itself
      return this.#prepare(converted, seen, depth);
    }
    // Cycles are looked for only below a depth real data rarely reaches: a cycle keeps going deeper, so it is
    // still caught, and shallow data skips a Set operation per object.
    const tracked = depth >= CYCLE_CHECK_DEPTH;
    if (tracked) {
      if (depth >= this.maxDepth) {
        throw new UnserializableAt(
          `Nested deeper than ${this.maxDepth} levels (JsonProvider.maxDepth), which JSON output does not allow`,
        );
      }
      if (seen.has(value as object)) {
        throw new UnserializableAt('Circular reference', undefined, 'cannot serialize');
      }
      seen.add(value as object);
    }
    try {
      return Array.isArray(value)
        ? this.#prepareArray(value, seen, depth + 1)
        : this.#prepareObject(value as Record<string, unknown>, seen, depth + 1);
    } finally {
      if (tracked) seen.delete(value as object);
    }
  }

  #prepareArray(array: unknown[], seen: Set<object>, depth: number): unknown[] {
    let copy: unknown[] | null = null;
    for (let i = 0; i < array.length; i++) {
      const item = array[i];
      // Strings, numbers and booleans (most items) need no call.
      const prepared = isJsonPrimitive(item) ? item : this.#prepareItem(item, seen, depth, `[${i}]`);
      if (prepared !== item && copy === null) copy = array.slice(0, i);
      if (copy !== null) copy.push(prepared === undefined ? null : prepared);
    }
    return copy ?? array;
  }

  #prepareObject(object: Record<string, unknown>, seen: Set<object>, depth: number): Record<string, unknown> {
    const keys = Object.keys(object);
    // Nothing is copied until a value changes: plain data is returned as it is. (Sorted output is written
    // by stringifySorted; a copy could not hold numeric-looking keys in sorted order.)
    let copy: Record<string, unknown> | null = null;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as string;
      const item = object[key];
      const prepared = isJsonPrimitive(item) ? item : this.#prepareItem(item, seen, depth, `.${key}`);
      if (prepared !== item && copy === null) {
        copy = {};
        for (let j = 0; j < i; j++) setOwn(copy, keys[j] as string, object[keys[j] as string]);
      }
      if (copy !== null && prepared !== undefined) setOwn(copy, key, prepared);
    }
    return copy ?? object;
  }

  /** `#prepare` for an item of an array or object, adding its place to the path of a failure. */
  #prepareItem(item: unknown, seen: Set<object>, depth: number, place: string): unknown {
    try {
      return this.#prepare(item, seen, depth);
    } catch (error) {
      if (error instanceof UnserializableAt) error.path.unshift(place);
      throw error;
    }
  }
}

/**
 * Whether `value` is already what JSON.stringify should write: primitives, arrays and plain objects only, not
 * deeper than the cycle-check depth. Read-only and allocation-free, so it is cheaper than `#prepare`.
 *
 * A plain object here is an `Object` whose constructor is `Object` and that has no `__html__` key (markup).
 * Reading `constructor` costs about a sixth of `Object.getPrototypeOf` (a runtime call for objects of many
 * shapes, such as parsed JSON) and still tells dates, sets, maps and class instances apart. An object made
 * with `Object.create(otherPlainObject)` also passes: `for…in` visits the keys it inherits, so a value there
 * that is not plain still sends it down the careful path, which would hand it to JSON.stringify unchanged
 * anyway. A `toJSON` method needs no check for the same reason. The caller checks Object.prototype for
 * `__html__` once (`prototypeIsClean`).
 */
function isPlainJson(value: object, depth: number): boolean {
  if (depth >= CYCLE_CHECK_DEPTH) return false;
  // The item test is written out in both loops: as a function, V8 would not inline it into this recursion.
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (typeof item === 'object') {
        if (item !== null && !isPlainJson(item, depth + 1)) return false;
      } else if (typeof item !== 'string' && typeof item !== 'number' && typeof item !== 'boolean') {
        return false;
      }
    }
    return true;
  }
  if (!(value instanceof Object) || value.constructor !== Object) return false;
  for (const key in value) {
    if (key === '__html__') return false;
    const item: unknown = (value as Record<string, unknown>)[key];
    if (typeof item === 'object') {
      if (item !== null && !isPlainJson(item, depth + 1)) return false;
    } else if (typeof item !== 'string' && typeof item !== 'number' && typeof item !== 'boolean') {
      return false;
    }
  }
  return true;
}

/** `isPlainJson` for any value, primitives included. */
function isPlainJsonValue(value: unknown): boolean {
  if (typeof value === 'object') return value === null || isPlainJson(value, 0);
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/** Whether Object.prototype still has no `__html__`, which would make every plain object markup. */
function prototypeIsClean(): boolean {
  return !('__html__' in Object.prototype);
}

function isJsonPrimitive(value: unknown): boolean {
  const type = typeof value;
  return type === 'string' || type === 'number' || type === 'boolean';
}

// A plain object literal stays in V8's fast mode (a null-prototype one does not, and serializes several times
// slower); only a `__proto__` key needs defineProperty to stay an ordinary key.
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (value === undefined) return;
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    target[key] = value;
  }
}

const CYCLE_CHECK_DEPTH = 32;

/** Carries a serialization failure up the tree, collecting the path on the way. */
class UnserializableAt extends Error {
  readonly reason: string;
  readonly detail: string | undefined;
  readonly path: string[] = [];

  constructor(reason: string, cause?: unknown, detail?: string) {
    super(reason, { cause });
    this.reason = reason;
    this.detail = detail;
  }
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return (
    (proto === Object.prototype || proto === null) &&
    !('toJSON' in value) &&
    typeof (value as { __html__?: unknown }).__html__ !== 'function'
  );
}

function describe(value: unknown): string {
  if (typeof value === 'function') return 'function';
  if (value === null || typeof value !== 'object') return typeof value;
  return value.constructor?.name ?? 'object';
}
