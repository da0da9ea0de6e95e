/**
 * What every `loop` variable shares, over an array (LoopContext) or an async iterable (AsyncLoopContext):
 * the position, cycle(), changed() and the attributes templates may read.
 */

import { NOT_FOUND } from './access.ts';
import { GETATTR, type Undefined } from './undefined.ts';
import { pyEquals } from './values.ts';

const NOTHING: unique symbol = Symbol('nothing');

export abstract class LoopBase {
  /** Set by the compiled loop before each iteration (sync) or by `advance()` (async). */
  index0 = -1;
  readonly depth0: number;
  protected readonly makeUndefined: (hint: string) => Undefined;
  #lastChanged: unknown = NOTHING;

  constructor(depth0: number, makeUndefined: (hint: string) => Undefined) {
    this.depth0 = depth0;
    this.makeUndefined = makeUndefined;
  }

  abstract get length(): unknown;
  abstract get revindex(): unknown;
  abstract get revindex0(): unknown;
  abstract get last(): unknown;
  abstract get previtem(): unknown;
  abstract get nextitem(): unknown;

  get index(): number {
    return this.index0 + 1;
  }
  get first(): boolean {
    return this.index0 === 0;
  }
  get depth(): number {
    return this.depth0 + 1;
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

  /** The attributes a template may read; methods are handed out bound. */
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
}
