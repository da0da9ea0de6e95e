/**
 * `{% for %}` in async-compiled templates (`renderAsync`): the `loop` variable over an async iterable,
 * which also drives the iteration, and the helpers that start such a loop.
 */

import { isAsyncIterable } from './async-iteration.ts';
import { LoopContext } from './loop.ts';
import { LoopBase } from './loop-base.ts';
import { iterate } from './operators.ts';
import type { Undefined } from './undefined.ts';

const NOTHING: unique symbol = Symbol('nothing');

/**
 * Loop state over an async iterator. As in Jinja2's AsyncLoopContext, items are read only when needed:
 * `last` and `nextitem` read one item ahead, `length` and `revindex` read all the rest into memory.
 * The attributes that may read ahead return promises, which the compiled template awaits.
 */
export class AsyncLoopContext extends LoopBase {
  readonly #iterator: AsyncIterator<unknown>;
  /** Items read ahead of the loop; the next one is at `#aheadStart` (an index, as shifting is O(n)). */
  #ahead: unknown[] = [];
  #aheadStart = 0;
  /** The iterator finished, failed or was closed: it must not be called again. */
  #isDone = false;
  #current: unknown;
  #previous: unknown = NOTHING;

  constructor(iterable: AsyncIterable<unknown>, depth0: number, makeUndefined: (hint: string) => Undefined) {
    super(depth0, makeUndefined);
    this.#iterator = iterable[Symbol.asyncIterator]();
  }

  /** True: `advance()` returns a promise. */
  get isAsync(): true {
    return true;
  }

  /** Moves to the next item, reading it from the iterator unless it was read ahead; false at the end. */
  async advance(): Promise<boolean> {
    const item = this.#aheadStart < this.#ahead.length ? this.#takeAhead() : await this.#read();
    if (item === NOTHING) return false;
    if (this.index0 >= 0) this.#previous = this.#current;
    this.#current = item;
    this.index0 += 1;
    return true;
  }

  /** The item at the current position. */
  get current(): unknown {
    return this.#current;
  }

  /**
   * Ends the loop early (`{% break %}`) by calling the iterator's `return()`, so an async generator runs
   * its `finally` blocks and a stream is destroyed. Does nothing once the iterator has finished.
   */
  async close(): Promise<void> {
    if (this.#isDone) return;
    this.#isDone = true;
    await this.#iterator.return?.();
  }

  /** Closes after the loop body threw. */
  async abandon(): Promise<void> {
    try {
      await this.close();
    } catch {
      // The body's error is the one to report; `for await` drops an error from `return()` the same way.
    }
  }

  get length(): Promise<number> {
    return this.#countAll();
  }
  get revindex(): Promise<number> {
    return this.#countAll().then((length) => length - this.index0);
  }
  get revindex0(): Promise<number> {
    return this.#countAll().then((length) => length - this.index0 - 1);
  }
  get last(): Promise<boolean> {
    return this.#peek().then((next) => next === NOTHING);
  }
  get previtem(): unknown {
    return this.#previous === NOTHING ? this.makeUndefined('there is no previous item') : this.#previous;
  }
  get nextitem(): Promise<unknown> {
    return this.#peek().then((next) =>
      next === NOTHING ? this.makeUndefined('there is no next item') : next,
    );
  }

  override toString(): string {
    return `<AsyncLoopContext ${this.index}>`;
  }

  #takeAhead(): unknown {
    const item = this.#ahead[this.#aheadStart];
    this.#aheadStart += 1;
    if (this.#aheadStart === this.#ahead.length) {
      this.#ahead = [];
      this.#aheadStart = 0;
    }
    return item;
  }

  /** The next item from the iterator, or NOTHING once it has finished. */
  async #read(): Promise<unknown> {
    if (this.#isDone) return NOTHING;
    let result: IteratorResult<unknown>;
    try {
      result = await this.#iterator.next();
    } catch (error) {
      // An iterator that threw has finished, so `close()` must not call its `return()`.
      this.#isDone = true;
      throw error;
    }
    if (result.done === true) {
      this.#isDone = true;
      return NOTHING;
    }
    return result.value;
  }

  /** The item after the current one, read ahead and kept for `advance()`; NOTHING at the end. */
  async #peek(): Promise<unknown> {
    if (this.#aheadStart < this.#ahead.length) return this.#ahead[this.#aheadStart];
    const item = await this.#read();
    if (item !== NOTHING) this.#ahead.push(item);
    return item;
  }

  /** The number of items in all, reading the rest of the iterator ahead. */
  async #countAll(): Promise<number> {
    for (let item = await this.#read(); item !== NOTHING; item = await this.#read()) this.#ahead.push(item);
    return this.index0 + 1 + this.#ahead.length - this.#aheadStart;
  }
}

/**
 * The loop object of an async-compiled `{% for %}`: an AsyncLoopContext for an async iterable (preferred
 * when a value is both, as Jinja2 prefers `__aiter__`), else a LoopContext over the items as an array.
 *
 * @throws TypeError for a value that is not iterable; the UndefinedError of a strict Undefined.
 */
export function startAsyncLoop(
  value: unknown,
  depth0: number,
  makeUndefined: (hint: string) => Undefined,
): LoopContext | AsyncLoopContext {
  if (isAsyncIterable(value)) return new AsyncLoopContext(value, depth0, makeUndefined);
  return new LoopContext(iterate(value), depth0, makeUndefined);
}

/**
 * The items of `{% for x in items if test %}` that pass the test, in an async-compiled template: an array
 * (tested now) for a sync iterable, a lazy async iterable (tested as the loop reads) for an async one.
 */
export async function keepPassing(
  value: unknown,
  test: (item: unknown) => Promise<boolean>,
): Promise<unknown[] | AsyncIterable<unknown>> {
  if (isAsyncIterable(value)) return keepPassingLazily(value, test);
  const kept: unknown[] = [];
  for (const item of iterate(value)) if (await test(item)) kept.push(item);
  return kept;
}

async function* keepPassingLazily(
  items: AsyncIterable<unknown>,
  test: (item: unknown) => Promise<boolean>,
): AsyncGenerator<unknown> {
  for await (const item of items) if (await test(item)) yield item;
}
