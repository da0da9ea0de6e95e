/**
 * Whether a template's data needs the engine's asynchronous render: `renderAsync` awaits promises and iterates
 * async iterables, `render` does neither but costs less (no await per output). Chosen from the data on every
 * render, conservatively: anything this scan cannot see through counts as async.
 */

const AsyncFunction = (async () => {}).constructor;
const AsyncGeneratorFunction = async function* () {}.constructor;

/** Past this many values the scan stops and answers "async" (a large table renders either way). */
const MAX_VALUES = 20_000;
/** Deeper than this the scan stops and answers "async". */
const MAX_DEPTH = 8;

/** Objects whose every property is plain data the scan can read without running code. */
function isPlainRecord(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Values of these classes hold no promise and read none. */
function isInertObject(value: object): boolean {
  return value instanceof Date || value instanceof RegExp || ArrayBuffer.isView(value);
}

class Scan {
  #budget = MAX_VALUES;
  readonly #seen = new Set<object>();
  readonly #inert: ReadonlySet<object>;

  constructor(inert: ReadonlySet<object>) {
    this.#inert = inert;
  }

  /** True when `value` (or anything reachable through plain data in it) needs `renderAsync`. */
  needsAsync(value: unknown, depth: number): boolean {
    if (value === null) return false;
    const type = typeof value;
    if (type === 'function') {
      const ctor = (value as () => unknown).constructor;
      // A function not declared `async` is taken to return what it returns synchronously.
      return ctor === AsyncFunction || ctor === AsyncGeneratorFunction;
    }
    if (type !== 'object') return false;
    const object = value as object;
    if (--this.#budget < 0 || depth > MAX_DEPTH) return true;
    if (this.#inert.has(object) || this.#seen.has(object)) return false;
    this.#seen.add(object);
    if (Array.isArray(object)) {
      for (const item of object) if (this.needsAsync(item, depth + 1)) return true;
      return false;
    }
    if (isPlainRecord(object)) {
      // Own enumerable data properties only: a getter could return a promise, so it counts as async.
      for (const key in object) {
        const descriptor = Object.getOwnPropertyDescriptor(object, key);
        if (descriptor === undefined || descriptor.get !== undefined) return true;
        if (this.needsAsync(descriptor.value, depth + 1)) return true;
      }
      return false;
    }
    if (isInertObject(object)) return false;
    if (object instanceof Map) {
      for (const [key, item] of object) {
        if (this.needsAsync(key, depth + 1) || this.needsAsync(item, depth + 1)) return true;
      }
      return false;
    }
    if (object instanceof Set) {
      for (const item of object) if (this.needsAsync(item, depth + 1)) return true;
      return false;
    }
    // A class instance (a promise, a stream, a model with getters): its getters may be async, so it is.
    return true;
  }
}

/**
 * True when rendering `values` needs `renderAsync`: a promise, an async iterable, an `async` function, a getter,
 * or an object of a class other than Array, Map, Set, Date, RegExp and typed arrays, anywhere in the plain data
 * (objects, arrays, maps, sets) reachable from them. Objects in `inert` (the framework's own context objects,
 * whose properties read synchronously) are not looked into.
 */
export function needsAsyncRender(values: Iterable<unknown>, inert: ReadonlySet<object>): boolean {
  const scan = new Scan(inert);
  for (const value of values) if (scan.needsAsync(value, 0)) return true;
  return false;
}
