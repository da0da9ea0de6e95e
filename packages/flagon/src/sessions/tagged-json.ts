/**
 * Flask's tagged JSON (`flask.json.tag`): JSON plus a few extra types, each written as a one-key object
 * whose key is a tag such as `" b"`. Flask stores sessions in this format, so the tags must match exactly.
 *
 * | tag     | Python    | written from JS                  | read into JS                                  |
 * | ------- | --------- | -------------------------------- | --------------------------------------------- |
 * | `" t"`  | tuple     | (never: JS has no tuples)        | an array                                      |
 * | `" di"` | dict      | a one-key object whose key is a tag | that object                                |
 * | `" b"`  | bytes     | Uint8Array, Buffer, ArrayBuffer  | a Buffer                                      |
 * | `" m"`  | Markup    | anything with an `__html__()` method | a `TaggedMarkup`                          |
 * | `" u"`  | UUID      | (never: UUIDs are strings in JS) | the canonical string `'xxxxxxxx-xxxx-…'`      |
 * | `" d"`  | datetime  | Date (to the second)             | a Date, or null when unparseable as in Werkzeug |
 */

import { Buffer } from 'node:buffer';
import { writePythonJson } from './internal/python-json.ts';
import type { TextSerializer } from './serializer.ts';

/**
 * One extra type for `TaggedJSONSerializer`. A tag with a `key` wraps its JSON form as `{ [key]: json }`;
 * a tag without one (like the built-in list and dict passes) only transforms the value.
 */
export interface JSONTag {
  readonly key: string | null;
  /** Whether this tag handles `value` when dumping. */
  check(value: unknown): boolean;
  /** The JSON form of `value` (call `serializer.tag` on nested values). */
  toJSON(value: unknown, serializer: TaggedJSONSerializer): unknown;
  /** The value for a JSON form read back; nested values are already decoded. */
  toValue(json: unknown): unknown;
}

/**
 * A string of HTML that is already safe, read from a `" m"` tag (Flask's `Markup`). It follows the
 * `__html__` protocol, so template autoescaping leaves it alone, and it converts to its text everywhere else.
 * Differs from Flask: a small stand-in rather than `@flagon/templates`' Markup, which sessions do not import.
 */
export class TaggedMarkup {
  readonly #html: string;

  constructor(html: string) {
    this.#html = html;
  }

  get length(): number {
    return this.#html.length;
  }

  __html__(): string {
    return this.#html;
  }

  toString(): string {
    return this.#html;
  }

  valueOf(): string {
    return this.#html;
  }

  toJSON(): string {
    return this.#html;
  }
}

interface HasHtml {
  __html__(): unknown;
}

function hasHtml(value: unknown): value is HasHtml {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as Partial<HasHtml>).__html__ === 'function'
  );
}

function isDict(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function dictKeys(value: unknown): string[] | undefined {
  if (value instanceof Map) return [...value.keys()].map(String);
  if (isPlainObject(value)) return Object.keys(value);
  return undefined;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (!isDict(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === null || proto === Object.prototype;
}

function expectString(value: unknown, tag: string): string {
  if (typeof value !== 'string') throw new TypeError(`The ${JSON.stringify(tag)} tag must hold a string.`);
  return value;
}

const UUID_HEX = /^[0-9a-f]{32}$/;

// `isTag` lets the " di" tag see the serializer's tag table, which grows as tags are registered.
function builtInTags(isTag: (key: string) => boolean): JSONTag[] {
  return [
    {
      key: ' di',
      check: (value) => {
        const keys = dictKeys(value);
        return keys !== undefined && keys.length === 1 && isTag(keys[0]!);
      },
      toJSON: (value, serializer) => {
        const [key, item] = value instanceof Map ? [...value][0]! : Object.entries(value as object)[0]!;
        return new Map([[`${String(key)}__`, serializer.tag(item)]]);
      },
      toValue: (json) => {
        const key = isDict(json) ? Object.keys(json)[0] : undefined;
        if (key === undefined) throw new TypeError('The " di" tag must hold a one-key object.');
        return toDict([[key.slice(0, -2), (json as Record<string, unknown>)[key]]]);
      },
    },
    { key: ' t', check: () => false, toJSON: (value) => value, toValue: (json) => toArray(json, ' t') },
    {
      key: ' b',
      check: (value) => value instanceof Uint8Array || value instanceof ArrayBuffer,
      toJSON: (value) => Buffer.from(value as Uint8Array).toString('base64'),
      toValue: (json) => Buffer.from(expectString(json, ' b'), 'base64'),
    },
    {
      key: ' m',
      check: hasHtml,
      toJSON: (value) => String((value as HasHtml).__html__()),
      toValue: (json) => new TaggedMarkup(expectString(json, ' m')),
    },
    {
      key: ' u',
      check: () => false,
      toJSON: (value) => value,
      toValue: (json) => {
        const hex = expectString(json, ' u')
          .toLowerCase()
          .replace(/^urn:uuid:/, '')
          .replace(/[{}-]/g, '');
        if (!UUID_HEX.test(hex)) throw new TypeError('The " u" tag must hold a UUID.');
        return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
      },
    },
    {
      key: ' d',
      check: (value) => value instanceof Date,
      toJSON: (value) => {
        const date = value as Date;
        if (Number.isNaN(date.getTime())) throw new TypeError('An invalid Date cannot be stored.');
        return date.toUTCString();
      },
      toValue: (json) => {
        const time = Date.parse(expectString(json, ' d'));
        return Number.isNaN(time) ? null : new Date(time);
      },
    },
    {
      key: null,
      check: Array.isArray,
      toJSON: (value, serializer) => (value as unknown[]).map((item) => serializer.tag(item)),
      toValue: (json) => json,
    },
    {
      key: null,
      check: (value) => value instanceof Map || isPlainObject(value),
      toJSON: (value, serializer) =>
        tagEntries(value instanceof Map ? [...value] : Object.entries(value as object), serializer),
      toValue: (json) => json,
    },
  ];
}

function tagEntries(
  entries: Array<[unknown, unknown]>,
  serializer: TaggedJSONSerializer,
): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [key, item] of entries) {
    // Like JSON.stringify: functions, symbols and undefined are left out of objects.
    if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue;
    out.set(String(key), serializer.tag(item));
  }
  return out;
}

function toArray(json: unknown, tag: string): unknown[] {
  if (!Array.isArray(json)) throw new TypeError(`The ${JSON.stringify(tag)} tag must hold an array.`);
  return json;
}

/** A null-prototype object from entries, dropping `__proto__` so decoded data can never carry a prototype. */
function toDict(entries: Iterable<[string, unknown]>): Record<string, unknown> {
  const out: Record<string, unknown> = Object.create(null);
  for (const [key, value] of entries) if (key !== '__proto__') out[key] = value;
  return out;
}

/** `JSON.parse`'s reviver context (Node 21+), which exposes the source text of numbers. */
interface ReviverContext {
  source?: string;
}

/**
 * Flask's `TaggedJSONSerializer`: dumps JS values to tagged JSON text and loads them back.
 * Decoded objects have a null prototype and never contain a `__proto__` key (Differs from Flask: it keeps it).
 * Integers too large for a JS number decode as `bigint`, and bigints dump as JSON integers, as Python's ints do.
 * Dumps sort keys and escape non-ASCII like Flask does inside a request, so both produce the same text.
 */
export class TaggedJSONSerializer implements TextSerializer {
  readonly #tags = new Map<string, JSONTag>();
  readonly #order: JSONTag[] = [];
  // Objects being tagged right now, to report cycles instead of overflowing the stack.
  readonly #inProgress = new Set<object>();

  constructor() {
    for (const tag of builtInTags((key) => this.#tags.has(key))) this.register(tag);
  }

  /** Tags by key, as Flask's `serializer.tags`. */
  get tags(): ReadonlyMap<string, JSONTag> {
    return this.#tags;
  }

  /**
   * Adds a tag. `index` puts it earlier in the order checked when dumping (before the built-in list and
   * dict passes, for a type that is also an object).
   * @throws TypeError when the key is already registered and `force` is not set.
   */
  register(tag: JSONTag, options: { force?: boolean; index?: number } = {}): void {
    if (tag.key !== null) {
      if (this.#tags.has(tag.key) && !options.force) {
        throw new TypeError(
          `The tag ${JSON.stringify(tag.key)} is already registered; pass force: true to replace it.`,
        );
      }
      this.#tags.set(tag.key, tag);
    }
    if (options.index === undefined) this.#order.push(tag);
    else this.#order.splice(options.index, 0, tag);
  }

  /** The JSON-ready form of `value`, with tags added where needed. @throws TypeError for circular data. */
  tag(value: unknown): unknown {
    if (value === null || typeof value !== 'object') {
      // Like JSON.stringify inside arrays; object entries holding these are skipped before getting here.
      return typeof value === 'function' || typeof value === 'symbol' ? null : value;
    }
    if (this.#inProgress.has(value)) {
      throw new TypeError('Circular data cannot be stored: a value contains itself.');
    }
    this.#inProgress.add(value);
    try {
      for (const tag of this.#order) {
        if (!tag.check(value)) continue;
        const json = tag.toJSON(value, this);
        return tag.key === null ? json : new Map([[tag.key, json]]);
      }
      if (value instanceof Set) return [...value].map((item) => this.tag(item));
      const toJSON = (value as { toJSON?: unknown }).toJSON;
      if (typeof toJSON === 'function') return this.tag(toJSON.call(value));
      return tagEntries(Object.entries(value), this);
    } finally {
      this.#inProgress.delete(value);
    }
  }

  /** The value a one-key tagged object stands for, or the object itself when its key is not a tag. */
  untag(json: Record<string, unknown>): unknown {
    const keys = Object.keys(json);
    if (keys.length !== 1) return json;
    const tag = this.#tags.get(keys[0]!);
    return tag ? tag.toValue(json[keys[0]!]) : json;
  }

  /** Tagged JSON text for `value`. @throws TypeError for circular data or an invalid Date. */
  dumps(value: unknown): string {
    return writePythonJson(this.tag(value));
  }

  /** The value in tagged JSON text. @throws SyntaxError or TypeError for malformed text or tags. */
  loads(text: string): unknown {
    return JSON.parse(text, (_key, value: unknown, context?: ReviverContext) => {
      if (typeof value === 'number') {
        const source = context?.source;
        if (!Number.isSafeInteger(value) && source !== undefined && /^-?\d+$/.test(source))
          return BigInt(source);
        return value;
      }
      if (!isDict(value)) return value;
      return this.untag(toDict(Object.entries(value)));
    });
  }
}

/** The serializer Flask's session cookies use (Flask's `session_json_serializer`). */
export const taggedJson: TaggedJSONSerializer = new TaggedJSONSerializer();
