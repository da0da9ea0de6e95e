import { toLowerCaseCheap } from './internal/change-case.ts';
import { isToken } from './internal/token.ts';

/** What `new Headers(init)` accepts: another Headers, a plain record, or `[name, value]` pairs. */
export type HeadersInit =
  | Headers
  | Record<string, string | readonly string[] | number | undefined>
  | Iterable<readonly [string, string]>;

/**
 * Thrown when a header name is not an RFC 7230 token or a value holds a character that is not allowed
 * (CR, LF, NUL, other control characters, or anything above U+00FF).
 *
 * This is the header-injection guard: a CR or LF in a value would let user input start a new header line.
 */
export class HeaderValueError extends TypeError {
  override get name(): string {
    return 'HeaderValueError';
  }
}

type Entry = { name: string; lower: string; value: string };

/**
 * Internal to Flagon (not exported from the package): builds headers holding one pair that is already known
 * to be valid, skipping the checks. The Response constructor uses it for its Content-Type.
 */
export const withTrustedHeader = Symbol('withTrustedHeader');

// Node's own check for outgoing header values: HTAB, visible ASCII, and obs-text (0x80-0xFF).
const BAD_VALUE_CHAR = /[^\t\x20-\x7e\x80-\xff]/;

/**
 * Validates a header name and value, returning the value as a string.
 *
 * @throws HeaderValueError when the name is not a token or the value has a forbidden character.
 */
export function validateHeader(name: string, value: string | number): string {
  if (!isToken(name)) {
    throw new HeaderValueError(
      `Header name ${JSON.stringify(name)} is not a valid token: header names may only hold letters, ` +
        "digits and !#$%&'*+-.^_`|~. Remove spaces, colons and control characters from the name.",
    );
  }
  const text = typeof value === 'number' ? String(value) : value;
  const bad = BAD_VALUE_CHAR.exec(text);
  if (bad !== null) {
    const ch = bad[0];
    const problem =
      ch === '\r' || ch === '\n'
        ? 'a line break (CR or LF), which would let it inject further headers'
        : ch === '\0'
          ? 'a NUL character'
          : ch.charCodeAt(0) > 0xff
            ? `the character U+${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}, which HTTP/1.1 cannot carry (percent-encode it, or use contentDisposition() for file names)`
            : `the control character U+${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
    throw new HeaderValueError(`Header ${JSON.stringify(name)} has a value containing ${problem}.`);
  }
  return text;
}

/**
 * HTTP headers: case-insensitive names, several values per name, insertion order and original name case kept.
 *
 * `get` returns the first value, as Werkzeug does. Iterating yields every `[name, value]` pair, so repeated
 * headers such as `Set-Cookie` come out as separate pairs. `set` and `append` validate names and values.
 *
 * Differs from the Fetch API `Headers`: values are never joined with commas and name case is preserved.
 *
 * @example
 * const h = new Headers({ 'Content-Type': 'text/plain' });
 * h.append('Set-Cookie', 'a=1');
 * h.append('Set-Cookie', 'b=2');
 * h.getAll('set-cookie'); // ['a=1', 'b=2']
 */
export class Headers implements Iterable<[string, string]> {
  /** `obj['key']` in templates (Python's item protocol): the first value, or undefined. */
  __getitem__(key: unknown): unknown {
    return typeof key === 'string' ? (this.get(key) ?? undefined) : undefined;
  }
  #entries: Entry[] = [];

  /**
   * @throws HeaderValueError when an initial name or value is invalid (not checked when copying a Headers).
   */
  constructor(init?: HeadersInit) {
    if (init === undefined) return;
    if (init instanceof Headers) {
      this.#entries = init.#entries.map((e) => ({ ...e }));
    } else if (Symbol.iterator in init) {
      for (const [name, value] of init as Iterable<readonly [string, string]>) this.append(name, value);
    } else {
      for (const [name, value] of Object.entries(init)) {
        if (value === undefined) continue;
        if (typeof value === 'string' || typeof value === 'number') this.append(name, value);
        else for (const v of value) this.append(name, v);
      }
    }
  }

  static [withTrustedHeader](name: string, lower: string, value: string): Headers {
    const headers = new Headers();
    // A literal of one: pushing onto an empty array would reserve room for 17 entries.
    headers.#entries = [{ name, lower, value }];
    return headers;
  }

  /**
   * Builds headers from Node's `req.rawHeaders` flat `[name, value, name, value, …]` array.
   * Node has already parsed and checked these, so they are not validated again.
   */
  static fromNodeHeaders(raw: readonly string[]): Headers {
    const headers = new Headers();
    for (let i = 0; i + 1 < raw.length; i += 2) {
      const name = raw[i]!;
      headers.#entries.push({ name, lower: name.toLowerCase(), value: raw[i + 1]! });
    }
    return headers;
  }

  /** The first value of `name`, or null when absent. */
  get(name: string): string | null {
    const lower = toLowerCaseCheap(name);
    for (const e of this.#entries) if (e.lower === lower) return e.value;
    return null;
  }

  /** Every value of `name`, in order; empty when absent. */
  getAll(name: string): string[] {
    const lower = toLowerCaseCheap(name);
    const values: string[] = [];
    for (const e of this.#entries) if (e.lower === lower) values.push(e.value);
    return values;
  }

  /** Whether at least one value of `name` is present. */
  has(name: string): boolean {
    const lower = toLowerCaseCheap(name);
    for (const e of this.#entries) if (e.lower === lower) return true;
    return false;
  }

  /**
   * Replaces every value of `name` with `value`, keeping the position of the first existing one.
   *
   * @throws HeaderValueError when the name or value is invalid.
   */
  set(name: string, value: string | number): void {
    const text = validateHeader(name, value);
    const lower = toLowerCaseCheap(name);
    const index = this.#entries.findIndex((e) => e.lower === lower);
    if (index === -1) {
      this.#entries.push({ name, lower, value: text });
      return;
    }
    this.#entries[index] = { name, lower, value: text };
    this.#entries = this.#entries.filter((e, i) => i <= index || e.lower !== lower);
  }

  /**
   * Adds a value for `name` after any existing ones.
   *
   * @throws HeaderValueError when the name or value is invalid.
   */
  append(name: string, value: string | number): void {
    const text = validateHeader(name, value);
    this.#entries.push({ name, lower: name.toLowerCase(), value: text });
  }

  /** Removes every value of `name`; returns whether anything was removed. */
  delete(name: string): boolean {
    const lower = toLowerCaseCheap(name);
    const before = this.#entries.length;
    this.#entries = this.#entries.filter((e) => e.lower !== lower);
    return this.#entries.length !== before;
  }

  /**
   * Returns the first value of `name`, first setting it to `value` when absent.
   *
   * @throws HeaderValueError when the header is absent and the name or value is invalid.
   */
  setDefault(name: string, value: string | number): string {
    const existing = this.get(name);
    if (existing !== null) return existing;
    this.append(name, value);
    return this.get(name)!;
  }

  /**
   * `[name, value, name, value, …]`: the flat form node:http's `writeHead` takes, without extra copies. Pairs
   * given as arguments (`'Content-Length', '13'`) are added at the end, into an array made at its final size.
   */
  toFlat(...extra: string[]): string[] {
    const entries = this.#entries;
    const size = entries.length * 2;
    const flat: string[] = new Array(size + extra.length);
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i] as Entry;
      flat[2 * i] = e.name;
      flat[2 * i + 1] = e.value;
    }
    for (let i = 0; i < extra.length; i++) flat[size + i] = extra[i] as string;
    return flat;
  }

  /** Removes every header. */
  clear(): void {
    this.#entries = [];
  }

  /** The number of `[name, value]` pairs (a header sent twice counts twice). */
  get size(): number {
    return this.#entries.length;
  }

  /** Every `[name, value]` pair in insertion order, names in their original case. */
  *entries(): IterableIterator<[string, string]> {
    for (const e of [...this.#entries]) yield [e.name, e.value];
  }

  /** The name of every pair (repeated for repeated headers), as Werkzeug's `Headers.keys()`. */
  *keys(): IterableIterator<string> {
    for (const e of [...this.#entries]) yield e.name;
  }

  /** The value of every pair, in order. */
  *values(): IterableIterator<string> {
    for (const e of [...this.#entries]) yield e.value;
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }

  /** A fresh array of `[name, value]` pairs, ready for `res.writeHead(status, pairs.flat())`. */
  toRawPairs(): [string, string][] {
    return this.#entries.map((e) => [e.name, e.value]);
  }

  /** The headers as `Name: value` lines joined by CRLF, ending with a blank line, as on the wire. */
  toString(): string {
    return `${this.#entries.map((e) => `${e.name}: ${e.value}\r\n`).join('')}\r\n`;
  }
}
