/** Objects templates see for other templates: imported modules, `self`, and `super()`. */

import { NOT_FOUND } from './access.ts';
import type { Context } from './context.ts';
import { Markup } from './markup.ts';
import { GETATTR } from './undefined.ts';

/** The result of `{% import %}`: the exported macros and variables of a template, and its output. */
export class TemplateModule {
  readonly #exports: Record<string, unknown>;
  readonly #body: string;
  /** Name of the template this module was made from. */
  readonly templateName: string | null;

  constructor(exports: Record<string, unknown>, body: string, templateName: string | null) {
    this.#exports = exports;
    this.#body = body;
    this.templateName = templateName;
  }

  [GETATTR](name: string): unknown {
    return name in this.#exports ? this.#exports[name] : NOT_FOUND;
  }

  /** The exported names and values (a copy). */
  exports(): Record<string, unknown> {
    return Object.assign(Object.create(null), this.#exports);
  }

  __html__(): string {
    return this.#body;
  }

  toString(): string {
    return this.#body;
  }
}

function wrap(result: unknown, autoescape: boolean): unknown {
  if (!autoescape) return result;
  if (result instanceof Promise) return result.then((r) => new Markup(r));
  return new Markup(result);
}

/** `self` in a template: `self.blockname()` renders that block again. */
export class TemplateReference {
  readonly #ctx: Context;
  readonly #autoescape: boolean;

  constructor(ctx: Context, autoescape: boolean) {
    this.#ctx = ctx;
    this.#autoescape = autoescape;
  }

  [GETATTR](name: string): unknown {
    const stack = this.#ctx.blocks[name];
    if (stack === undefined || stack.length === 0) return NOT_FOUND;
    const block = stack[0] as (ctx: Context) => unknown;
    return () => wrap(block(this.#ctx), this.#autoescape);
  }

  toString(): string {
    return `<TemplateReference ${JSON.stringify(this.#ctx.name)}>`;
  }
}

/** The `super()` callable inside a block: renders the next implementation up the inheritance chain. */
export function superBlock(
  ctx: Context,
  block: (ctx: Context) => unknown,
  autoescape: boolean,
): () => unknown {
  return () => wrap(block(ctx), autoescape);
}
