/** The session object views see as `session`: a Map-like store that tracks whether it was read or changed. */

import { SessionUnavailableError } from './errors.ts';

/**
 * The keys and value types of your session. Empty by default (every key is allowed and reads as `unknown`);
 * augment it to type your keys:
 * @example
 * declare module 'flagon' {
 *   interface SessionData { userId: number; cart: string[] }
 * }
 * session.get('userId'); // number | undefined
 */
export interface SessionData {}

/** A session key: one declared in `SessionData`, or any other string. */
export type SessionKey = keyof SessionData | (string & {});

/** The value type of a session key: the declared type, or `unknown` for undeclared keys. */
export type SessionValue<K> = K extends keyof SessionData ? SessionData[K] : unknown;

/** Initial session contents: entries, or an object whose own enumerable keys become entries. */
export type SessionInit = Iterable<readonly [string, unknown]> | Readonly<Record<string, unknown>>;

const PERMANENT_KEY = '_permanent';

/**
 * A session: Flask's `session` dict as a Map-like object. Reads mark it `accessed` (the response then varies
 * on Cookie) and writes mark it `modified` too (the cookie is then written). Mutating a value in place,
 * like pushing onto a stored array, is invisible to it: set the key again or set `modified = true`.
 * Differs from Flask: `has()`, `size`, iteration and `toJSON()` also count as reads.
 */
export class Session implements Iterable<[string, unknown]> {
  /** `obj['key']` in templates (Python's item protocol): the first value, or undefined. */
  __getitem__(key: unknown): unknown {
    return typeof key === 'string' ? this.get(key) : undefined;
  }
  readonly #data: Map<string, unknown>;
  /** True once any key was written or removed; the session interface only writes the cookie then. */
  modified = false;
  /** True once the session was read or written; saving then adds `Vary: Cookie`. */
  accessed = false;
  /** True when no valid session came with the request (no cookie, or a bad one). */
  readonly isNew: boolean;

  constructor(initial?: SessionInit | null, options: { isNew?: boolean } = {}) {
    this.#data = new Map(initial == null ? [] : isIterable(initial) ? initial : Object.entries(initial));
    this.isNew = options.isNew ?? false;
  }

  /** The value stored under `key`, or undefined. */
  get<K extends SessionKey>(key: K): SessionValue<K> | undefined;
  /** The value stored under `key`, or `defaultValue` when the key is not stored (Flask's `session.get(k, d)`). */
  get<K extends SessionKey, D>(key: K, defaultValue: D): SessionValue<K> | D;
  get<K extends SessionKey, D>(key: K, defaultValue?: D): SessionValue<K> | D | undefined {
    this.accessed = true;
    if (defaultValue !== undefined && !this.#data.has(key)) return defaultValue;
    return this.#data.get(key) as SessionValue<K> | undefined;
  }

  /** Stores `value` under `key`. */
  set<K extends SessionKey>(key: K, value: SessionValue<K>): this {
    this.#touch();
    this.#data.set(key, value);
    return this;
  }

  /** Removes `key`; true when it was there. */
  delete(key: SessionKey): boolean {
    this.accessed = true;
    const deleted = this.#data.delete(key);
    if (deleted) this.modified = true;
    return deleted;
  }

  /** Whether `key` is stored. */
  has(key: SessionKey): boolean {
    this.accessed = true;
    return this.#data.has(key);
  }

  /** Removes every key (the cookie is then deleted when the response is saved). */
  clear(): void {
    this.#touch();
    this.#data.clear();
  }

  /** Removes `key` and returns its value, or `defaultValue` when it was not stored. */
  pop<K extends SessionKey>(key: K, defaultValue?: SessionValue<K>): SessionValue<K> | undefined {
    this.accessed = true;
    if (!this.#data.has(key)) return defaultValue;
    const value = this.#data.get(key) as SessionValue<K>;
    this.#data.delete(key);
    this.modified = true;
    return value;
  }

  /** The value under `key`, storing `value` there first when the key is missing. */
  setDefault<K extends SessionKey>(key: K, value: SessionValue<K>): SessionValue<K> {
    this.accessed = true;
    if (this.#data.has(key)) return this.#data.get(key) as SessionValue<K>;
    this.modified = true;
    this.#data.set(key, value);
    return value;
  }

  /** Stores every entry of `values`. */
  update(values: SessionInit): void {
    this.#touch();
    for (const [key, value] of isIterable(values) ? values : Object.entries(values))
      this.#data.set(key, value);
  }

  /** Whether the session outlives the browser session (Flask's `session.permanent`, stored as `_permanent`). */
  get permanent(): boolean {
    return this.get(PERMANENT_KEY) === true;
  }

  set permanent(value: boolean) {
    this.set(PERMANENT_KEY, Boolean(value));
  }

  get size(): number {
    this.accessed = true;
    return this.#data.size;
  }

  keys(): MapIterator<string> {
    this.accessed = true;
    return this.#data.keys();
  }

  values(): MapIterator<unknown> {
    this.accessed = true;
    return this.#data.values();
  }

  entries(): MapIterator<[string, unknown]> {
    this.accessed = true;
    return this.#data.entries();
  }

  [Symbol.iterator](): MapIterator<[string, unknown]> {
    return this.entries();
  }

  /** The contents as a null-prototype object (what the cookie stores). */
  toJSON(): Record<string, unknown> {
    this.accessed = true;
    const out: Record<string, unknown> = Object.create(null);
    for (const [key, value] of this.#data) out[key] = value;
    return out;
  }

  #touch(): void {
    this.accessed = true;
    this.modified = true;
  }
}

/**
 * The session used when sessions cannot work, i.e. no `SECRET_KEY` is set: it reads as empty, and every
 * write throws `SessionUnavailableError` saying how to fix it. It is never saved.
 */
export class NullSession extends Session {
  override set(_key: SessionKey, _value: unknown): never {
    throw new SessionUnavailableError();
  }

  override delete(_key: SessionKey): never {
    throw new SessionUnavailableError();
  }

  override clear(): never {
    throw new SessionUnavailableError();
  }

  override pop(_key: SessionKey, _defaultValue?: unknown): never {
    throw new SessionUnavailableError();
  }

  override setDefault(_key: SessionKey, _value: unknown): never {
    throw new SessionUnavailableError();
  }

  override update(_values: SessionInit): never {
    throw new SessionUnavailableError();
  }
}

function isIterable(value: SessionInit): value is Iterable<readonly [string, unknown]> {
  return typeof (value as Partial<Iterable<unknown>>)[Symbol.iterator] === 'function';
}
