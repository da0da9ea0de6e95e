/** The `loop` variable inside `{% for %}`: position, neighbours, cycle() and changed(). */

import { LoopBase } from './loop-base.ts';
import type { Undefined } from './undefined.ts';

/**
 * Loop state. The compiled loop sets `index0` before each iteration; everything
 * else is computed from it on demand, so an unused attribute costs nothing.
 */
export class LoopContext extends LoopBase {
  readonly #items: readonly unknown[];

  constructor(items: readonly unknown[], depth0: number, makeUndefined: (hint: string) => Undefined) {
    super(depth0, makeUndefined);
    this.#items = items;
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

  get length(): number {
    return this.#items.length;
  }
  get revindex(): number {
    return this.#items.length - this.index0;
  }
  get revindex0(): number {
    return this.#items.length - this.index0 - 1;
  }
  get last(): boolean {
    return this.index0 === this.#items.length - 1;
  }
  get previtem(): unknown {
    return this.index0 > 0 ? this.#items[this.index0 - 1] : this.makeUndefined('there is no previous item');
  }
  get nextitem(): unknown {
    return this.index0 + 1 < this.#items.length
      ? this.#items[this.index0 + 1]
      : this.makeUndefined('there is no next item');
  }

  override toString(): string {
    return `<LoopContext ${this.index}/${this.length}>`;
  }
}
