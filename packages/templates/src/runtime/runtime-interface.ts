/**
 * The runtime's contract: every member compiled templates reach through `rt`, declared by hand. `createRuntime`
 * builds an object of this type, and the compiler names members only through `RT` (compiler/runtime-names.ts),
 * typed from this interface, so the runtime and the generated code are checked against one declared list.
 */

import type { TemplateAssertionError } from '../errors/errors.ts';
import type { callFilter, callTest } from '../filters/call.ts';
import type { EvalContext, FilterFunction } from '../filters/types.ts';
import type { AsyncLoopContext, keepPassing } from './async-loop.ts';
import type { BlockFunction, Context } from './context.ts';
import type { LoopContext } from './loop.ts';
import type { KwCallable, MacroSignature, MISSING } from './macro.ts';
import type { Markup } from './markup.ts';
import type * as ops from './operators.ts';
import type { TemplateModule, TemplateReference } from './template-objects.ts';
import type { Undefined } from './undefined.ts';

/** What compiling a template produces once instantiated: the root render function and the blocks. */
export interface CompiledModule {
  root(ctx: Context): string | Promise<string>;
  readonly blocks: Record<string, BlockFunction>;
}

/** The Python operators (`+`, `//`, `in`, `~`, comparisons, truthiness), as operators.ts declares them. */
export type RuntimeOperators = typeof ops;

/** The runtime object generated code receives: one per environment and mode (sync or async). */
export interface Runtime extends RuntimeOperators {
  /** True in the runtime of async-compiled templates. */
  readonly isAsync: boolean;
  /** A parameter the caller left out. */
  readonly MISSING: typeof MISSING;
  /** An undefined value with a hint, optionally as a missing attribute `name` of `obj`. */
  undef(hint?: string, obj?: unknown, name?: unknown): Undefined;
  markup(s: unknown): Markup;
  /** Whether async templates must await `v`: a promise or another thenable. */
  thenable(v: unknown): boolean;
  /** A name read in the template: a local, then the context's parent, else an undefined. */
  resolve(ctx: Context, name: string): unknown;
  /** How `{{ v }}` prints without autoescaping. */
  str(v: unknown): string;
  /** How `{{ v }}` prints with autoescaping. */
  esc(v: unknown): string;
  /** `obj.name`. */
  ga(obj: unknown, name: string): unknown;
  /** `obj[key]`. */
  gi(obj: unknown, key: unknown): unknown;
  /** `obj[a:b:c]`. */
  slice(obj: unknown, a: unknown, b: unknown, c: unknown): unknown;
  /** `fn(args)`, with keyword arguments and the `pass*` flags of Jinja2's decorators. */
  call(
    fn: unknown,
    args: unknown[],
    kwargs: Record<string, unknown> | null,
    autoescape?: boolean,
    ctx?: Context,
  ): unknown;
  /** `*args` in a call. */
  spread(value: unknown): unknown[];
  /** `**kwargs` in a call. */
  mergeKwargs(kwargs: Record<string, unknown>, extra: unknown): Record<string, unknown>;
  /** A filter by name; an unknown one fails only when called. */
  filter(name: string): FilterFunction;
  /** A test by name; an unknown one fails only when called. */
  test(name: string): FilterFunction;
  readonly callFilter: typeof callFilter;
  readonly callTest: typeof callTest;
  /** `value|name` without arguments. */
  filter0(fn: FilterFunction, value: unknown, ec: EvalContext, ctx: Context): unknown;
  /** `value is name` without arguments. */
  test0(fn: FilterFunction, value: unknown, ec: EvalContext, ctx: Context): boolean;
  evalContext(autoescape: boolean): EvalContext;
  /** The `loop` object of a synchronous `{% for %}`. */
  newLoop(items: unknown[], depth0: number): LoopContext;
  /** The `loop` object of an async-compiled `{% for %}`. */
  asyncLoop(value: unknown, depth0: number): LoopContext | AsyncLoopContext;
  readonly keepPassing: typeof keepPassing;
  /** `{% macro %}` and `{% call %}` bodies as callables. */
  macro(
    sig: MacroSignature,
    body: (values: unknown[]) => unknown,
    ctx: Context,
    autoescape: boolean,
  ): KwCallable;
  missingParam(name: string): Undefined;
  noCaller(): Undefined;
  condUndefined(lineno: number): Undefined;
  /** `{% set ns.attr = value %}`. */
  setAttr(target: unknown, name: string, value: unknown): void;
  /** A top-level assignment, visible to blocks and exported to imports. */
  exportVar(ctx: Context, name: string, value: unknown): void;
  /** `{% include %}`. */
  include(
    ctx: Context,
    nameValue: unknown,
    locals: Record<string, unknown> | null,
    ignoreMissing: boolean,
    withContext: boolean,
  ): string | Promise<string>;
  /** `{% import %}` and `{% from … import %}`: the template as a module. */
  importModule(
    ctx: Context,
    nameValue: unknown,
    withContext: boolean,
    locals: Record<string, unknown> | null,
  ): TemplateModule | Promise<TemplateModule>;
  importName(module: TemplateModule, name: string): unknown;
  /** `{% extends %}`. */
  extend(ctx: Context, nameValue: unknown, already: CompiledModule | null): CompiledModule;
  /** `loop(children)` in a recursive loop. */
  recurse(
    ctx: Context,
    loopFn: (items: unknown, depth: number) => unknown,
    items: unknown,
    depth: number,
  ): unknown;
  renderParent(mod: CompiledModule, ctx: Context): string | Promise<string>;
  /** `{% block %}`: the most derived implementation. */
  block(ctx: Context, name: string): string | Promise<string>;
  requiredBlock(name: string): never;
  /** `self`. */
  selfRef(ctx: Context, autoescape: boolean): TemplateReference;
  /** `super()`. */
  superRef(ctx: Context, name: string, current: BlockFunction, autoescape: boolean): unknown;
  derive(ctx: Context, locals: Record<string, unknown>): Context;
  /** Adds the template's line and name to an error raised while rendering. */
  annotate(error: unknown, lineno: number, templateName: string | null): unknown;
  assertionError(message: string, lineno: number): TemplateAssertionError;
  breakOutsideLoop(): never;
}
