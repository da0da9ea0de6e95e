/**
 * Jinja2's Undefined family: what a template gets for a missing variable,
 * attribute or item. The default kind prints as '' and iterates as empty;
 * the strict kind fails on any use except `is defined` and `|default`.
 */

import { UndefinedError } from '../errors/errors.ts';
import { pyTypeName } from './values.ts';

/** Which Undefined class an Environment produces (`undefined` option). */
export type UndefinedKind = 'default' | 'strict' | 'chainable' | 'debug';

/** Symbol through which engine objects answer attribute lookups themselves (see `access.ts`). */
export const GETATTR = Symbol.for('flagon.templates.getattr');

function describeObject(obj: unknown): string {
  const type = pyTypeName(obj);
  return type === 'dict' || type === 'list' || type === 'str' ? `${type} object` : `${type} object`;
}

/**
 * A missing value. Prints as '', is false, iterates as empty, has length 0 and
 * equals only other Undefined values; arithmetic, comparison, calls and attribute
 * access raise UndefinedError with a message naming what was missing.
 */
export class Undefined {
  readonly #hint: string | undefined;
  readonly #obj: unknown;
  readonly #name: string | undefined;
  readonly #hasObj: boolean;

  constructor(hint?: string, obj?: unknown, name?: string, hasObj = obj !== undefined) {
    this.#hint = hint;
    this.#obj = obj;
    this.#name = name;
    this.#hasObj = hasObj;
  }

  /** The variable or attribute name that was missing, when known. */
  get undefinedName(): string | undefined {
    return this.#name;
  }

  /** The message an UndefinedError about this value carries. */
  get undefinedMessage(): string {
    if (this.#hint !== undefined) return this.#hint;
    if (!this.#hasObj) return `'${this.#name ?? 'value'}' is undefined`;
    if (typeof this.#name === 'string')
      return `'${describeObject(this.#obj)}' has no attribute '${this.#name}'`;
    return `'${describeObject(this.#obj)}' has no element ${String(this.#name)}`;
  }

  /** Raises UndefinedError for this value. */
  fail(): never {
    throw new UndefinedError(this.undefinedMessage);
  }

  /** How `{{ value }}` prints it. */
  render(): string {
    return '';
  }

  /** Attribute access on the missing value. */
  [GETATTR](_name: string): unknown {
    return this.fail();
  }

  /** Iteration (`for x in missing`). */
  iterate(): unknown[] {
    return [];
  }

  __bool__(): boolean {
    return false;
  }

  __len__(): number {
    return 0;
  }

  __eq__(other: unknown): boolean {
    return other instanceof Undefined && other.constructor === this.constructor;
  }

  __repr__(): string {
    return 'Undefined';
  }

  toString(): string {
    return this.render();
  }

  toJSON(): unknown {
    return this.fail();
  }

  *[Symbol.iterator](): Iterator<unknown> {
    yield* this.iterate();
  }
}

/** An Undefined that fails on every use, including printing, iteration and truth tests. */
export class StrictUndefined extends Undefined {
  override render(): string {
    return this.fail();
  }
  override iterate(): unknown[] {
    return this.fail();
  }
  override __bool__(): boolean {
    return this.fail();
  }
  override __len__(): number {
    return this.fail();
  }
  override __eq__(_other: unknown): boolean {
    return this.fail();
  }
}

/** An Undefined whose attributes and items are again undefined, so `a.b.c|default(x)` works. */
export class ChainableUndefined extends Undefined {
  override [GETATTR](_name: string): unknown {
    return this;
  }
}

/** An Undefined that prints itself as `{{ name }}`, for debugging templates. */
export class DebugUndefined extends Undefined {
  override render(): string {
    const name = this.undefinedName;
    return name === undefined ? `{{ undefined value printed: ${this.undefinedMessage} }}` : `{{ ${name} }}`;
  }
}

/** The Undefined class for an `undefined` option value. */
export function undefinedClass(kind: UndefinedKind): typeof Undefined {
  switch (kind) {
    case 'strict':
      return StrictUndefined;
    case 'chainable':
      return ChainableUndefined;
    case 'debug':
      return DebugUndefined;
    default:
      return Undefined;
  }
}

/** True for any Undefined value. */
export function isUndefined(value: unknown): value is Undefined {
  return value instanceof Undefined;
}
