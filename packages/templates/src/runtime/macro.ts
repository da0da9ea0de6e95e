/**
 * Macros (and call-block callers) as values: a JS function that also accepts
 * keyword arguments through the KWCALL hook, binds arguments the way Jinja2
 * does, counts recursion depth and exposes `name`, `arguments`, … to templates.
 */

import { SecurityError } from '../errors/errors.ts';
import { NOT_FOUND } from './access.ts';
import type { RenderState } from './context.ts';
import { Markup } from './markup.ts';
import { GETATTR } from './undefined.ts';

/** Hook through which the engine passes keyword arguments: `fn[KWCALL](args, kwargs)`. */
export const KWCALL = Symbol.for('flagon.templates.kwcall');
/** Marker for a parameter the caller did not pass; the compiled macro then uses the default. */
export const MISSING: unique symbol = Symbol('missing');

/** What the compiler knows about a macro's signature. */
export interface MacroSignature {
  readonly name: string;
  readonly params: readonly string[];
  readonly catchVarargs: boolean;
  readonly catchKwargs: boolean;
  readonly caller: boolean;
}

/** A callable template value that takes keyword arguments. */
export type KwCallable = ((...args: unknown[]) => unknown) & {
  /** `autoescape` is the caller's autoescape mode; macros return Markup when it is on. */
  [KWCALL]: (args: unknown[], kwargs: Record<string, unknown> | null, autoescape?: boolean) => unknown;
};

/** Bound arguments handed to a compiled macro body: params, then varargs, kwargs, caller. */
export type MacroArguments = unknown[];

function bindArguments(
  sig: MacroSignature,
  args: unknown[],
  kwargs: Record<string, unknown> | null,
): MacroArguments {
  const n = sig.params.length;
  const values: unknown[] = new Array(n + 3);
  for (let i = 0; i < n; i++) values[i] = i < args.length ? args[i] : MISSING;
  let varargs: unknown[] | null = null;
  if (args.length > n) {
    if (!sig.catchVarargs) {
      throw new TypeError(`macro '${sig.name}' takes not more than ${n} argument(s), ${args.length} given`);
    }
    varargs = args.slice(n);
  }
  const extra: Record<string, unknown> | null = sig.catchKwargs ? Object.create(null) : null;
  let caller: unknown = MISSING;
  if (kwargs !== null) {
    for (const key of Object.keys(kwargs)) {
      const value = kwargs[key];
      const index = sig.params.indexOf(key);
      if (index >= 0) {
        if (index < args.length)
          throw new TypeError(`macro '${sig.name}' got multiple values for argument '${key}'`);
        values[index] = value;
      } else if (key === 'caller' && sig.caller) {
        caller = value;
      } else if (extra !== null) {
        extra[key] = value;
      } else if (key === 'caller') {
        throw new TypeError(`macro '${sig.name}' was called with a caller but never calls caller()`);
      } else {
        throw new TypeError(`macro '${sig.name}' takes no keyword argument '${key}'`);
      }
    }
  }
  values[n] = varargs ?? (sig.catchVarargs ? [] : null);
  values[n + 1] = extra;
  values[n + 2] = caller;
  return values;
}

function tooDeep(state: RenderState): SecurityError {
  return new SecurityError(
    `Template recursion is deeper than ${state.maxDepth} levels (macros, includes, extends or recursive loops calling themselves). Check for a missing base case.`,
  );
}

/** Counts one more level of template recursion. @throws SecurityError past the limit */
export function enterLevel(state: RenderState): void {
  if (++state.depth > state.maxDepth) {
    state.depth -= 1;
    throw tooDeep(state);
  }
}

/**
 * Wraps a compiled macro body (which returns its output as a string) as a template value.
 * Like Jinja2, the output is Markup when the *calling* code autoescapes; callers that do not
 * say (JS code, filters) get the autoescape mode of the macro's definition.
 */
export function makeMacro(
  sig: MacroSignature,
  body: (values: MacroArguments) => unknown,
  state: RenderState,
  isAsync: boolean,
  definedAutoescape: boolean,
): KwCallable {
  const invoke = isAsync
    ? async (args: unknown[], kwargs: Record<string, unknown> | null, autoescape?: boolean) => {
        const values = bindArguments(sig, args, kwargs);
        enterLevel(state);
        try {
          const out = await body(values);
          return (autoescape ?? definedAutoescape) ? new Markup(out) : out;
        } finally {
          state.depth -= 1;
        }
      }
    : (args: unknown[], kwargs: Record<string, unknown> | null, autoescape?: boolean) => {
        const values = bindArguments(sig, args, kwargs);
        enterLevel(state);
        try {
          const out = body(values);
          return (autoescape ?? definedAutoescape) ? new Markup(out) : out;
        } finally {
          state.depth -= 1;
        }
      };
  const fn = ((...args: unknown[]) => invoke(args, null)) as KwCallable;
  fn[KWCALL] = invoke;
  Object.defineProperty(fn, 'name', { value: sig.name });
  (fn as unknown as { [GETATTR]: (name: string) => unknown })[GETATTR] = (name: string) => {
    switch (name) {
      case 'name':
        return sig.name;
      case 'arguments':
        return [...sig.params];
      case 'catch_varargs':
        return sig.catchVarargs;
      case 'catch_kwargs':
        return sig.catchKwargs;
      case 'caller':
        return sig.caller;
      default:
        return NOT_FOUND;
    }
  };
  return fn;
}

/** Wraps a JS function taking `(args, kwargs)` as a keyword-aware template callable. */
export function kwCallable(
  name: string,
  impl: (args: unknown[], kwargs: Record<string, unknown> | null) => unknown,
): KwCallable {
  const fn = ((...args: unknown[]) => impl(args, null)) as KwCallable;
  fn[KWCALL] = impl;
  Object.defineProperty(fn, 'name', { value: name });
  return fn;
}
