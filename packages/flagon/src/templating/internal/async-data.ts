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

/** True when `value` (or anything reachable through plain data in it) needs `renderAsync`. */
function needsAsync(value: unknown, depth: number, budget: { left: number }): boolean {
  if (typeof value !== 'object') {
    if (typeof value !== 'function') return false;
    const ctor = (value as () => unknown).constructor;
    // A function not declared `async` is taken to return what it returns synchronously.
    return ctor === AsyncFunction || ctor === AsyncGeneratorFunction;
  }
  if (value === null) return false;
  // A cycle, or data too large to look through, ends here: renderAsync handles anything.
  if (--budget.left < 0 || depth > MAX_DEPTH) return true;
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      if (needsAsync(value[index], depth + 1, budget)) return true;
    }
    return false;
  }
  if (isPlainRecord(value)) {
    const record = value as Record<PropertyKey, unknown>;
    // A thenable or an async iterable made as an object literal.
    if (typeof record.then === 'function' || typeof record[Symbol.asyncIterator] === 'function') return true;
    // Own enumerable properties (Object.prototype has none). A getter here runs, as the engine would run it,
    // and a promise it returns is seen.
    const keys = Object.keys(record);
    for (let index = 0; index < keys.length; index++) {
      if (needsAsync(record[keys[index] as string], depth + 1, budget)) return true;
    }
    return false;
  }
  if (isInertObject(value)) return false;
  if (value instanceof Map) {
    for (const [key, item] of value) {
      if (needsAsync(key, depth + 1, budget) || needsAsync(item, depth + 1, budget)) return true;
    }
    return false;
  }
  if (value instanceof Set) {
    for (const item of value) if (needsAsync(item, depth + 1, budget)) return true;
    return false;
  }
  // A class instance (a promise, a stream, a model with getters): its getters may be async, so it is.
  return true;
}

/**
 * True when rendering `values` needs `renderAsync`: a promise, an async iterable, an `async` function, or an
 * object of a class other than Array, Map, Set, Date, RegExp and typed arrays, anywhere in the plain data
 * (objects, arrays, maps, sets) reachable from them. A getter of a plain object that throws makes it async too
 * (the template may never read it).
 */
export function needsAsyncRender(values: readonly unknown[]): boolean {
  const budget = { left: MAX_VALUES };
  try {
    for (let index = 0; index < values.length; index++) {
      if (needsAsync(values[index], 0, budget)) return true;
    }
    return false;
  } catch {
    return true;
  }
}
