/**
 * The runtime object: the one value compiled templates receive, holding every
 * helper the generated code calls. One exists per environment and mode (sync/async).
 */

import {
  annotateError,
  TemplateAssertionError,
  TemplateNotFound,
  TemplateRuntimeError,
} from '../errors/errors.ts';
import { asyncVariantOf } from '../filters/async-variants.ts';
import { bindArguments, callFilter, callTest, callWithKeywords } from '../filters/call.ts';
import type { EvalContext, FilterFunction } from '../filters/types.ts';
import { type AccessPolicy, DEFAULT_POLICY, getattr, getitem, NOT_FOUND, slice } from './access.ts';
import { type AsyncLoopContext, keepPassing, startAsyncLoop } from './async-loop.ts';
import { type BlockFunction, buildParent, Context, type RenderState } from './context.ts';
import { Namespace } from './globals.ts';
import { escapeHtml, numberText } from './internal/fast-text.ts';
import { LoopContext } from './loop.ts';
import { enterLevel, KWCALL, type KwCallable, type MacroSignature, MISSING, makeMacro } from './macro.ts';
import { isMarkup, Markup } from './markup.ts';
import * as ops from './operators.ts';
import type { CompiledModule, Runtime } from './runtime-interface.ts';
import { superBlock, TemplateModule, TemplateReference } from './template-objects.ts';
import { GETATTR, isUndefined, Undefined } from './undefined.ts';
import { isMapping, isTruthy, mappingEntries, pyIter, pyTypeName, toText } from './values.ts';

export type { CompiledModule, Runtime } from './runtime-interface.ts';

/** A loaded template as the runtime needs it (implemented by `Template`). */
export interface LoadedTemplate {
  readonly name: string | null;
  /** Globals given to this template (environment globals plus template-specific ones). */
  readonly globals: Record<string, unknown>;
  getModule(isAsync: boolean): CompiledModule;
}

/** The services of the Environment the runtime uses. */
export interface RuntimeHost {
  readonly filters: Record<string, FilterFunction>;
  readonly tests: Record<string, FilterFunction>;
  readonly undefinedClass: typeof Undefined;
  evalContext(autoescape: boolean): EvalContext;
  loadTemplate(name: unknown, parent: string | null): LoadedTemplate;
  selectTemplate(names: unknown[], parent: string | null): LoadedTemplate;
  /** Which classes beyond the application's own templates may use (`trustedClasses`). */
  readonly accessPolicy?: AccessPolicy;
}

const isEnumerable = Object.prototype.propertyIsEnumerable;

/**
 * True when every own property of a small object is enumerable. Objects with more than 32 keys are marked
 * in `many` and answer false, so the caller checks them one name at a time and never counts them again.
 */
function allEnumerable(obj: object, many: WeakSet<object>): boolean {
  if (many.has(obj)) return false;
  const names = Object.getOwnPropertyNames(obj);
  if (names.length > 32) {
    many.add(obj);
    return false;
  }
  return Object.keys(obj).length === names.length;
}

function hasKeys(obj: Record<string, unknown>): boolean {
  for (const _ in obj) return true;
  return false;
}

/** Runs `fn` one recursion level deeper, releasing the level when it (or its promise) finishes. */
function leveled<T>(state: RenderState, fn: () => T): T {
  enterLevel(state);
  let result: T;
  try {
    result = fn();
  } catch (e) {
    state.depth -= 1;
    throw e;
  }
  if (result instanceof Promise) {
    return result.finally(() => {
      state.depth -= 1;
    }) as T;
  }
  state.depth -= 1;
  return result;
}

/** Builds the runtime object for an environment; `isAsync` selects the async variants of templates. */
export function createRuntime(host: RuntimeHost, isAsync: boolean): Runtime {
  const U = host.undefinedClass;
  const undef = (hint?: string, obj?: unknown, name?: unknown): Undefined =>
    new U(hint, obj, name as string | undefined, obj !== undefined);
  const makeUndefined = (hint: string | undefined, obj: unknown, name: unknown): Undefined =>
    new U(hint, obj, name as string | undefined, true);
  const policy = host.accessPolicy ?? DEFAULT_POLICY;
  // The attribute fast path's cache (see `ga`): the last plain object read, and whether all its own
  // properties are enumerable. Objects with many keys are checked name by name instead.
  let lastObject: object | null = null;
  let lastAllEnumerable = false;
  const checkEachName = new WeakSet<object>();

  const rt: Runtime = {
    isAsync,
    MISSING,
    ...ops,
    undef,
    markup: (s: unknown) => new Markup(s),

    thenable(v: unknown): boolean {
      return (
        v !== null &&
        (typeof v === 'object' || typeof v === 'function') &&
        typeof (v as { then?: unknown }).then === 'function'
      );
    },
    resolve(ctx: Context, name: string): unknown {
      const vars = ctx.vars;
      if (name in vars) return vars[name];
      const value = ctx.parent[name];
      if (value !== undefined) return value;
      return new U(undefined, undefined, name, false);
    },

    /** How `{{ v }}` prints without autoescaping. */
    str(v: unknown): string {
      if (typeof v === 'string') return v;
      if (typeof v === 'number') return numberText(v);
      if (v instanceof Undefined) return v.render();
      return toText(v);
    },

    /** How `{{ v }}` prints with autoescaping. */
    esc(v: unknown): string {
      if (typeof v === 'string') return escapeHtml(v);
      if (typeof v === 'number') return numberText(v);
      if (v instanceof Markup) return v.__html__();
      if (v instanceof Undefined) return escapeHtml(v.render());
      if (isMarkup(v)) return v.__html__();
      return escapeHtml(toText(v));
    },

    ga(obj: unknown, name: string): unknown {
      // Fast path for plain data (made by `{}` or with a null prototype, so never an engine or host
      // object): an own enumerable property, exactly what `getattr` gives. Templates read several
      // attributes of one object in a row (`item.id`, `item.name`, …), so whether the last object read has
      // only enumerable properties is kept, and then `hasOwn` suffices; `propertyIsEnumerable` costs a
      // call into C++ on every read.
      if (typeof obj === 'object' && obj !== null) {
        const ctor = (obj as { constructor?: unknown }).constructor;
        if (ctor === Object || ctor === undefined) {
          if (obj !== lastObject) {
            lastObject = obj;
            lastAllEnumerable = allEnumerable(obj, checkEachName);
          }
          if (lastAllEnumerable ? Object.hasOwn(obj, name) : isEnumerable.call(obj, name)) {
            const value = (obj as Record<string, unknown>)[name];
            if (value !== undefined) return value;
          }
        }
      }
      return getattr(obj, name, makeUndefined, policy);
    },
    gi: (obj: unknown, key: unknown): unknown => getitem(obj, key, makeUndefined, policy),
    slice: (obj: unknown, a: unknown, b: unknown, c: unknown): unknown => slice(obj, a, b, c, makeUndefined),

    /**
     * `fn(args)`. A function flagged `passContext`, `passEvalContext` or `passEnvironment` (Jinja2's
     * `@pass_context` and friends) gets that object first, as filters and tests do.
     */
    call(
      fn: unknown,
      args: unknown[],
      kwargs: Record<string, unknown> | null,
      autoescape?: boolean,
      ctx?: Context,
    ): unknown {
      // Application code may change an object's keys; the attribute cache starts over after any call.
      lastObject = null;
      if (typeof fn === 'function') {
        const kw = (fn as Partial<KwCallable>)[KWCALL];
        if (kw !== undefined) return kw(args, kwargs, autoescape);
        const f = fn as FilterFunction;
        if (f.passContext === true || f.passEvalContext === true || f.passEnvironment === true) {
          const ec = host.evalContext(autoescape === true);
          const first = f.passContext === true ? ctx : f.passEvalContext === true ? ec : ec.environment;
          return f(first, ...bindArguments(f, args, kwargs));
        }
        if (f.params !== undefined) return callWithKeywords(f, args, kwargs);
        if (kwargs !== null && hasKeys(kwargs)) return fn(...args, kwargs);
        return fn(...args);
      }
      if (isUndefined(fn)) fn.fail();
      throw new TypeError(`'${pyTypeName(fn)}' object is not callable`);
    },

    /** `*args` in a call: the items of any iterable. */
    spread(value: unknown): unknown[] {
      if (isUndefined(value)) return value.iterate();
      return Array.from(pyIter(value));
    },

    /** `**kwargs` in a call: merges a mapping into the keyword arguments. */
    mergeKwargs(kwargs: Record<string, unknown>, extra: unknown): Record<string, unknown> {
      if (isUndefined(extra)) {
        extra.iterate();
        return kwargs;
      }
      if (!isMapping(extra))
        throw new TypeError(`argument after ** must be a mapping, not ${pyTypeName(extra)}`);
      for (const [k, v] of mappingEntries(extra)) {
        const key = String(k);
        if (key in kwargs) throw new TypeError(`got multiple values for keyword argument '${key}'`);
        kwargs[key] = v;
      }
      return kwargs;
    },

    /**
     * A filter by name; an unknown one fails only when called (it may sit in an untaken branch). Async
     * templates get the builtins' async variants, which also read async iterables, as in Jinja2.
     */
    filter(name: string): FilterFunction {
      const fn = host.filters[name];
      if (typeof fn === 'function') return isAsync ? asyncVariantOf(fn) : fn;
      return () => {
        throw new TemplateRuntimeError(`No filter named '${name}' found.`);
      };
    },

    test(name: string): FilterFunction {
      const fn = host.tests[name];
      if (typeof fn === 'function') return fn;
      return () => {
        throw new TemplateRuntimeError(`No test named '${name}' found.`);
      };
    },

    callFilter,
    callTest,

    /** `value|name` without arguments: a direct call unless the filter asks for more. */
    filter0(fn: FilterFunction, value: unknown, ec: EvalContext, ctx: Context): unknown {
      if (fn.rawArgs || fn.passEvalContext || fn.passEnvironment || fn.passContext) {
        return callFilter(fn, value, [], null, ec, ctx);
      }
      return fn(value);
    },

    /** `value is name` without arguments. */
    test0(fn: FilterFunction, value: unknown, ec: EvalContext, ctx: Context): boolean {
      if (fn.rawArgs || fn.passEvalContext || fn.passEnvironment || fn.passContext) {
        return callTest(fn, value, [], null, ec, ctx);
      }
      const result = fn(value);
      return result === true || (result !== false && isTruthy(result));
    },
    evalContext: (autoescape: boolean): EvalContext => host.evalContext(autoescape),

    newLoop(items: unknown[], depth0: number): LoopContext {
      return new LoopContext(items, depth0, (hint) => undef(hint));
    },

    /** The loop object that drives an async-compiled `{% for %}` over an array or an async iterable. */
    asyncLoop(value: unknown, depth0: number): LoopContext | AsyncLoopContext {
      return startAsyncLoop(value, depth0, (hint) => undef(hint));
    },

    keepPassing,

    macro(
      sig: MacroSignature,
      body: (values: unknown[]) => unknown,
      ctx: Context,
      autoescape: boolean,
    ): KwCallable {
      return makeMacro(sig, body, ctx.state, isAsync, autoescape);
    },

    /** The default of a parameter the caller left out and that has no default. */
    missingParam(name: string): Undefined {
      return new U(`parameter '${name}' was not provided`, undefined, name, false);
    },

    noCaller(): Undefined {
      return new U('No caller defined', undefined, 'caller', false);
    },

    condUndefined(lineno: number): Undefined {
      return undef(
        `the inline if-expression on line ${lineno} evaluated to false and no else section was defined.`,
      );
    },

    /** `{% set ns.attr = value %}`. */
    setAttr(target: unknown, name: string, value: unknown): void {
      if (!(target instanceof Namespace)) {
        throw new TemplateRuntimeError('cannot assign attribute on non-namespace object');
      }
      target.set(name, value);
    },

    /** Records a top-level assignment in the context (visible to blocks, exported to imports). */
    exportVar(ctx: Context, name: string, value: unknown): void {
      ctx.vars[name] = value;
      if (name.charCodeAt(0) !== 95 /* _ */) ctx.exportedVars.add(name);
    },

    include(
      ctx: Context,
      nameValue: unknown,
      locals: Record<string, unknown> | null,
      ignoreMissing: boolean,
      withContext: boolean,
    ): string | Promise<string> {
      let tmpl: LoadedTemplate;
      try {
        tmpl =
          Array.isArray(nameValue) && !isUndefined(nameValue)
            ? host.selectTemplate(nameValue, ctx.name)
            : host.loadTemplate(nameValue, ctx.name);
      } catch (e) {
        if (ignoreMissing && e instanceof TemplateNotFound) return '';
        throw e;
      }
      const mod = tmpl.getModule(isAsync);
      const parent = withContext ? withLocals(ctx.getAll(), locals) : buildParent(tmpl.globals, null);
      const sub = new Context(parent, tmpl.name, mod.blocks, ctx.state);
      return leveled(ctx.state, () => mod.root(sub));
    },

    importModule(
      ctx: Context,
      nameValue: unknown,
      withContext: boolean,
      locals: Record<string, unknown> | null,
    ): TemplateModule | Promise<TemplateModule> {
      const tmpl = host.loadTemplate(nameValue, ctx.name);
      const mod = tmpl.getModule(isAsync);
      const parent = withContext ? withLocals(ctx.getAll(), locals) : buildParent(tmpl.globals, null);
      const sub = new Context(parent, tmpl.name, mod.blocks, ctx.state);
      const body = leveled(ctx.state, () => mod.root(sub));
      if (body instanceof Promise)
        return body.then((b) => new TemplateModule(sub.getExported(), b, tmpl.name));
      return new TemplateModule(sub.getExported(), body, tmpl.name);
    },

    importName(module: TemplateModule, name: string): unknown {
      const value = module[GETATTR](name);
      if (value === NOT_FOUND) {
        return undef(`the template '${module.templateName}' does not export the requested name '${name}'`);
      }
      return value;
    },

    /** `{% extends %}`: loads the parent and appends its blocks below the child's. */
    extend(ctx: Context, nameValue: unknown, already: CompiledModule | null): CompiledModule {
      if (already !== null) throw new TemplateRuntimeError('extended multiple times');
      const tmpl = host.loadTemplate(nameValue, ctx.name);
      const mod = tmpl.getModule(isAsync);
      for (const name of Object.keys(mod.blocks)) {
        const stack = ctx.blocks[name];
        const fn = mod.blocks[name] as BlockFunction;
        if (stack === undefined) ctx.blocks[name] = [fn];
        else stack.push(fn);
      }
      return mod;
    },

    /** `loop(children)` in a recursive loop: one level deeper. */
    recurse(
      ctx: Context,
      loopFn: (items: unknown, depth: number) => unknown,
      items: unknown,
      depth: number,
    ): unknown {
      return leveled(ctx.state, () => loopFn(items, depth));
    },

    renderParent(mod: CompiledModule, ctx: Context): string | Promise<string> {
      return leveled(ctx.state, () => mod.root(ctx));
    },

    /** Renders the most derived implementation of a block. */
    block(ctx: Context, name: string): string | Promise<string> {
      const stack = ctx.blocks[name] as BlockFunction[];
      return (stack[0] as BlockFunction)(ctx);
    },

    requiredBlock(name: string): never {
      throw new TemplateRuntimeError(`Required block '${name}' not found`);
    },

    selfRef: (ctx: Context, autoescape: boolean): TemplateReference => new TemplateReference(ctx, autoescape),

    superRef(ctx: Context, name: string, current: BlockFunction, autoescape: boolean): unknown {
      const stack = ctx.blocks[name];
      const index = stack ? stack.indexOf(current) : -1;
      const next = stack && index >= 0 ? stack[index + 1] : undefined;
      if (next === undefined) return undef(`there is no parent block called '${name}'.`, undefined, 'super');
      return superBlock(ctx, next, autoescape);
    },

    derive: (ctx: Context, locals: Record<string, unknown>): Context => ctx.derive(locals),

    annotate: annotateError,

    assertionError(message: string, lineno: number): TemplateAssertionError {
      return new TemplateAssertionError(message, { lineno });
    },

    breakOutsideLoop(): never {
      throw new TemplateRuntimeError("'break' outside loop");
    },
  };
  return rt;
}

function withLocals(
  all: Record<string, unknown>,
  locals: Record<string, unknown> | null,
): Record<string, unknown> {
  if (locals) for (const key of Object.keys(locals)) all[key] = locals[key];
  return all;
}
