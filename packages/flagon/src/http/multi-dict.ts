/** Options for `MultiDict.get` with type conversion. */
export type GetOptions<V, T> = {
  /** Converts the raw value; if it throws, `get` returns `default` instead (as Werkzeug's `type=`). */
  type: (raw: V) => T;
  default?: T;
};

// `{ type: fn }` is read as options; any other second argument is a default value.
function isGetOptions(value: unknown): boolean {
  return (
    typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'function'
  );
}

/**
 * A map from keys to one or more values, as found in query strings and form bodies.
 *
 * `get` returns the first value, `getAll` every value. Backed by a Map, so keys such as `__proto__` and
 * `constructor` are ordinary keys. Iteration yields every `[key, value]` pair, grouped by key in the
 * order keys were first added.
 *
 * @example
 * const args = parseQuery('page=2&tag=a&tag=b');
 * args.get('page', { type: Number }); // 2
 * args.getAll('tag'); // ['a', 'b']
 */
export class MultiDict<V = string> implements Iterable<[string, V]> {
  /** `obj['key']` in templates (Python's item protocol): the first value, or undefined. */
  __getitem__(key: unknown): unknown {
    return this.get(key as string);
  }
  #map = new Map<string, V[]>();

  constructor(init?: MultiDict<V> | Iterable<readonly [string, V]> | Record<string, V | readonly V[]>) {
    if (init === undefined) return;
    if (init instanceof MultiDict) {
      for (const [key, values] of init.#map) this.#map.set(key, [...values]);
    } else if (Symbol.iterator in init) {
      for (const [key, value] of init as Iterable<readonly [string, V]>) this.add(key, value);
    } else {
      for (const [key, value] of Object.entries(init)) {
        if (Array.isArray(value)) for (const v of value as readonly V[]) this.add(key, v);
        else this.add(key, value as V);
      }
    }
  }

  /** The first value of `key`, or undefined when absent. */
  get(key: string): V | undefined;
  /**
   * The first value of `key` passed through `options.type`; `options.default` when the key is absent or
   * the converter throws.
   *
   * @example
   * args.get('page', { type: Number, default: 1 })
   */
  get<T>(key: string, options: GetOptions<V, T>): T | undefined;
  /**
   * The first value of `key`, or `defaultValue` when absent: Werkzeug's positional default, so a Flask
   * template's `request.args.get('q', 'none')` works as written.
   */
  get<D>(key: string, defaultValue: D): V | D;
  get<T>(key: string, second?: unknown): unknown {
    const values = this.#map.get(key);
    if (second === undefined) return values?.[0];
    if (!isGetOptions(second)) return values === undefined ? second : values[0];
    const options = second as GetOptions<V, T>;
    if (values === undefined) return options.default;
    try {
      const converted = options.type(values[0]!);
      // Number('abc') does not throw, but a NaN page number is a conversion failure all the same.
      return typeof converted === 'number' && Number.isNaN(converted) ? options.default : converted;
    } catch {
      return options.default;
    }
  }

  /** Every value of `key`, in order; a fresh empty array when absent. */
  getAll(key: string): V[] {
    return [...(this.#map.get(key) ?? [])];
  }

  /** Whether `key` has at least one value. */
  has(key: string): boolean {
    return this.#map.has(key);
  }

  /** Adds `value` after any existing values of `key`. */
  add(key: string, value: V): void {
    const values = this.#map.get(key);
    if (values === undefined) this.#map.set(key, [value]);
    else values.push(value);
  }

  /** Replaces every value of `key` with `value`. */
  set(key: string, value: V): void {
    this.#map.set(key, [value]);
  }

  /** Replaces every value of `key` with `values`; an empty list removes the key. */
  setAll(key: string, values: readonly V[]): void {
    if (values.length === 0) this.#map.delete(key);
    else this.#map.set(key, [...values]);
  }

  /** Removes `key` and all its values; returns whether it was present. */
  delete(key: string): boolean {
    return this.#map.delete(key);
  }

  /** The number of distinct keys. */
  get size(): number {
    return this.#map.size;
  }

  /** Each distinct key once, in the order first added. */
  keys(): IterableIterator<string> {
    return this.#map.keys();
  }

  /** The first value of each key. */
  *values(): IterableIterator<V> {
    for (const values of this.#map.values()) yield values[0]!;
  }

  /** Every `[key, value]` pair, including repeated keys. */
  *entries(): IterableIterator<[string, V]> {
    for (const [key, values] of this.#map) for (const value of [...values]) yield [key, value];
  }

  /** Each key with all of its values. */
  *lists(): IterableIterator<[string, V[]]> {
    for (const [key, values] of this.#map) yield [key, [...values]];
  }

  [Symbol.iterator](): IterableIterator<[string, V]> {
    return this.entries();
  }

  /** A null-prototype object of first values, or of all values with `{ flat: false }`. */
  toObject(): Record<string, V>;
  toObject(options: { flat: true }): Record<string, V>;
  toObject(options: { flat: false }): Record<string, V[]>;
  toObject(options?: { flat: boolean }): Record<string, V> | Record<string, V[]> {
    const flat = options?.flat ?? true;
    const out: Record<string, V | V[]> = Object.create(null);
    for (const [key, values] of this.#map) out[key] = flat ? values[0]! : [...values];
    return out as Record<string, V> | Record<string, V[]>;
  }

  /** The same as `toObject()`: first values, so `JSON.stringify(request.args)` gives a plain object. */
  toJSON(): Record<string, V> {
    return this.toObject();
  }
}
