/** The `loop` variable inside `{% for %}`: position, neighbours, cycle() and changed(). */

import { NOT_FOUND } from './access.ts';
import { GETATTR, type Undefined } from './undefined.ts';
import { pyEquals } from './values.ts';

const NOTHING: unique symbol = Symbol('nothing');

/**
 * Loop state. The compiled loop sets `index0` before each iteration; everything
 * else is computed from it on demand, so an unused attribute costs nothing.
 */
export class LoopContext {
  index0 = -1;
  readonly depth0: number;
  readonly #items: readonly unknown[];
  readonly #makeUndefined: (hint: string) => Undefined;
  #lastChanged: unknown = NOTHING;

  constructor(items: readonly unknown[], depth0: number, makeUndefined: (hint: string) => Undefined) {
    this.#items = items;
    this.depth0 = depth0;
    this.#makeUndefined = makeUndefined;
  }

  /** False: the items are in an array. Async-compiled loops ask before awaiting `advance()`. */
  get isAsync(): false {
    return false;
  }

  /** Moves to the next item, for async-compiled loops (sync ones set `index0`); false after the last. */
  advance(): boolean {
    this.index0 += 1;
    return this.index0 < this.#items.length;
  }

  /** The item at the current position. */
  get current(): unknown {
    return this.#items[this.index0];
  }

  get index(): number {
    return this.index0 + 1;
  }
  get length(): number {
    return this.#items.length;
  }
  get revindex(): number {
    return this.#items.length - this.index0;
  }
  get revindex0(): number {
    return this.#items.length - this.index0 - 1;
  }
  get first(): boolean {
    return this.index0 === 0;
  }
  get last(): boolean {
    return this.index0 === this.#items.length - 1;
  }
  get depth(): number {
    return this.depth0 + 1;
  }
  get previtem(): unknown {
    return this.index0 > 0 ? this.#items[this.index0 - 1] : this.#makeUndefined('there is no previous item');
  }
  get nextitem(): unknown {
    return this.index0 + 1 < this.#items.length
      ? this.#items[this.index0 + 1]
      : this.#makeUndefined('there is no next item');
  }

  /** Returns the argument at the current index modulo the number of arguments. */
  cycle(...args: unknown[]): unknown {
    if (args.length === 0) throw new TypeError('no items for cycling given');
    return args[this.index0 % args.length];
  }

  /** True on the first call and whenever the arguments differ from the previous call's. */
  changed(...args: unknown[]): boolean {
    if (this.#lastChanged !== NOTHING && pyEquals(this.#lastChanged, args)) return false;
    this.#lastChanged = args;
    return true;
  }

  [GETATTR](name: string): unknown {
    switch (name) {
      case 'index':
      case 'index0':
      case 'length':
      case 'revindex':
      case 'revindex0':
      case 'first':
      case 'last':
      case 'depth':
      case 'depth0':
      case 'previtem':
      case 'nextitem':
        return this[name];
      case 'cycle':
        return (...args: unknown[]) => this.cycle(...args);
      case 'changed':
        return (...args: unknown[]) => this.changed(...args);
      default:
        return NOT_FOUND;
    }
  }

  toString(): string {
    return `<LoopContext ${this.index}/${this.length}>`;
  }
}
