import { formatHttpDate } from '../http/dates.ts';
import { Response } from '../wrappers/response.ts';

/** Thrown when a value has no JSON form (a function, a symbol, a circular structure). */
export class JsonSerializationError extends TypeError {
  override get name(): string {
    return 'JsonSerializationError';
  }
}

/**
 * Flask's DefaultJSONProvider: `dumps`, `loads` and `response`. Keys are sorted (stable output, cache-friendly),
 * dates become HTTP dates, `Markup` its HTML, `Set` an array, `Map` an object, `BigInt` a decimal string.
 * Replace `app.json` with a subclass to change any of it.
 */
export class JsonProvider {
  /** Sort object keys, as Flask does by default. */
  sortKeys = true;
  /** Pretty-print responses (Flask: `compact=None` means indent in debug mode). */
  compact: boolean | null = null;
  /** The response mimetype. */
  mimetype = 'application/json';
  /** Whether the app runs in debug mode; set by the app so `compact=null` can follow it. */
  debug = false;

  /**
   * Serializes `value`.
   *
   * @throws JsonSerializationError for values without a JSON form.
   */
  dumps(value: unknown, options: { indent?: number } = {}): string {
    const seen = new Set<object>();
    if (options.indent === undefined) {
      // Compact output (every production response) is written directly, without a converted copy.
      const text = this.#write(value, seen, '$');
      if (text === undefined) {
        throw new JsonSerializationError(`Object of type ${describe(value)} is not JSON serializable.`);
      }
      return text;
    }
    const prepared = this.#prepare(value, seen, '$');
    const text = JSON.stringify(prepared, null, options.indent);
    if (text === undefined) {
      throw new JsonSerializationError(`Object of type ${describe(value)} is not JSON serializable.`);
    }
    return text;
  }

  /** Parses JSON text (`__proto__` keys are dropped). */
  loads(text: string | Uint8Array): unknown {
    const source = typeof text === 'string' ? text : Buffer.from(text).toString('utf8');
    return JSON.parse(source, (key, value) => (key === '__proto__' ? undefined : value));
  }

  /** A JSON response for `value` (pretty-printed in debug mode unless `compact` is set). */
  response(value: unknown, init: { status?: number } = {}): Response {
    const pretty = this.compact === null ? this.debug : !this.compact;
    const body = `${this.dumps(value, pretty ? { indent: 2 } : {})}\n`;
    return new Response(body, { status: init.status, mimetype: this.mimetype });
  }

  /** Converts one value to something `JSON.stringify` handles. Override to support more types. */
  protected defaultValue(value: unknown, path: string): unknown {
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
      throw new JsonSerializationError(
        `Bytes at ${path} are not JSON serializable; encode them (base64) first.`,
      );
    }
    if (typeof value === 'function' || typeof value === 'symbol') {
      throw new JsonSerializationError(
        `Object of type ${describe(value)} at ${path} is not JSON serializable.`,
      );
    }
    return value;
  }

  /** The compact JSON text of `value`, or undefined for values JSON leaves out (undefined, functions). */
  #write(value: unknown, seen: Set<object>, path: string): string | undefined {
    switch (typeof value) {
      case 'string':
        return JSON.stringify(value);
      case 'number':
        return Number.isFinite(value) ? String(value) : 'null';
      case 'boolean':
        return value ? 'true' : 'false';
      case 'undefined':
        return undefined;
    }
    if (value === null) return 'null';
    const converted = this.defaultValue(value, path);
    if (converted !== value) return this.#write(converted, seen, path);
    if (typeof converted !== 'object' || converted === null) return this.#write(converted, seen, path);
    if (typeof (converted as { toJSON?: unknown }).toJSON === 'function') {
      return JSON.stringify(converted);
    }
    if (seen.has(converted))
      throw new JsonSerializationError(`Circular reference at ${path}: cannot serialize.`);
    seen.add(converted);
    let out: string;
    if (Array.isArray(converted)) {
      out = '[';
      for (let i = 0; i < converted.length; i++) {
        if (i > 0) out += ',';
        out += this.#write(converted[i], seen, `${path}[${i}]`) ?? 'null';
      }
      out += ']';
    } else {
      const keys = Object.keys(converted);
      if (this.sortKeys && !isSorted(keys)) keys.sort();
      out = '{';
      let first = true;
      for (const key of keys) {
        const text = this.#write((converted as Record<string, unknown>)[key], seen, `${path}.${key}`);
        if (text === undefined) continue;
        out += `${first ? '' : ','}${JSON.stringify(key)}:${text}`;
        first = false;
      }
      out += '}';
    }
    seen.delete(converted);
    return out;
  }

  #prepare(value: unknown, seen: Set<object>, path: string): unknown {
    const converted = this.defaultValue(value, path);
    if (converted === null || typeof converted !== 'object') return converted;
    if (typeof (converted as { toJSON?: unknown }).toJSON === 'function') return converted;
    if (seen.has(converted))
      throw new JsonSerializationError(`Circular reference at ${path}: cannot serialize.`);
    seen.add(converted);
    let result: unknown;
    if (Array.isArray(converted)) {
      result = converted.map((item, i) => {
        const prepared = this.#prepare(item, seen, `${path}[${i}]`);
        return prepared === undefined ? null : prepared;
      });
    } else {
      const keys = Object.keys(converted);
      if (this.sortKeys) keys.sort();
      const out: Record<string, unknown> = {};
      for (const key of keys) {
        const prepared = this.#prepare((converted as Record<string, unknown>)[key], seen, `${path}.${key}`);
        if (prepared !== undefined)
          Object.defineProperty(out, key, {
            value: prepared,
            enumerable: true,
            writable: true,
            configurable: true,
          });
      }
      result = out;
    }
    seen.delete(converted);
    return result;
  }
}

function isSorted(keys: readonly string[]): boolean {
  for (let i = 1; i < keys.length; i++) if ((keys[i - 1] as string) > (keys[i] as string)) return false;
  return true;
}

function describe(value: unknown): string {
  if (typeof value === 'function') return 'function';
  if (value === null || typeof value !== 'object') return typeof value;
  return value.constructor?.name ?? 'object';
}
