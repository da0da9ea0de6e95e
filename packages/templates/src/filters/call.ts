import { isTruthy } from '../runtime/values.ts';
import type { EvalContext, FilterFunction, TestFunction } from './types.ts';

/**
 * Calls a filter the way Jinja does: `value|name(*args, **kwargs)`.
 *
 * Prepends the eval context, environment or template context when the function asks for it
 * (`passEvalContext` / `passEnvironment` / `passContext`), then the value, then the arguments.
 * Keyword arguments are mapped onto positions through `fn.params`; a function without `params` gets a
 * non-empty kwargs object appended as its last argument. `rawArgs` functions get one `FilterCall` object.
 *
 * @throws TypeError (name `TypeError`, as in Python) for an unknown keyword, a keyword that repeats a
 *   positional argument, or too many positional arguments.
 */
export function callFilter(
  fn: FilterFunction,
  value: unknown,
  args: unknown[],
  kwargs: Record<string, unknown> | null,
  evalContext: EvalContext,
  context?: unknown,
): unknown {
  if (fn.rawArgs === true) return fn({ value, args, kwargs, evalContext, context });
  const full = bindArguments(fn, args, kwargs);
  if (fn.passEvalContext === true) return fn(evalContext, value, ...full);
  if (fn.passEnvironment === true) return fn(evalContext.environment, value, ...full);
  if (fn.passContext === true) return fn(context, value, ...full);
  switch (full.length) {
    case 0:
      return fn(value);
    case 1:
      return fn(value, full[0]);
    case 2:
      return fn(value, full[0], full[1]);
    default:
      return fn(value, ...full);
  }
}

/**
 * Calls a test the way Jinja does: `value is name(*args, **kwargs)`; same convention as {@link callFilter}.
 * The result is read with Python truthiness.
 */
export function callTest(
  fn: TestFunction,
  value: unknown,
  args: unknown[],
  kwargs: Record<string, unknown> | null,
  evalContext: EvalContext,
  context?: unknown,
): boolean {
  const result = callFilter(fn, value, args, kwargs, evalContext, context);
  return typeof result === 'boolean' ? result : isTruthy(result);
}

/**
 * Calls any callable with positional and keyword arguments, mapping keywords through `fn.params` when it
 * declares them (the Python methods from `getPythonMethod` do), else appending a non-empty kwargs object.
 *
 * @throws TypeError for an unknown or repeated keyword, or too many positional arguments.
 */
export function callWithKeywords(
  fn: FilterFunction,
  args: unknown[],
  kwargs: Record<string, unknown> | null,
): unknown {
  return fn(...bindArguments(fn, args, kwargs));
}

/**
 * Merges keyword arguments into the positional list according to `fn.params`.
 *
 * A `'*args'` entry in `params` collects the extra positional arguments into one array argument, and a
 * `'**kwargs'` entry collects the unknown keywords into one object argument (always passed, maybe empty),
 * in that order after the named parameters, so `params: ['*args', '**kwargs']` gives `fn(value, rest, kw)`.
 */
export function bindArguments(
  fn: FilterFunction,
  args: unknown[],
  kwargs: Record<string, unknown> | null,
): unknown[] {
  const params = fn.params;
  if (params === undefined) {
    if (kwargs === null || !hasKeys(kwargs)) return args;
    return [...args, kwargs];
  }
  const last = params[params.length - 1];
  if (last !== undefined && last.charCodeAt(0) === 42 /* '*' */) return bindStarred(fn, params, args, kwargs);
  if (args.length > params.length) {
    throw new TypeError(
      `${describe(fn)} takes at most ${params.length} argument(s) after the value but ${args.length} were given.`,
    );
  }
  if (kwargs === null) return args;
  let out: unknown[] | null = null;
  for (const key in kwargs) {
    const index = params.indexOf(key);
    if (index < 0) throw unexpectedKeyword(fn, key, params);
    if (index < args.length) {
      throw new TypeError(`${describe(fn)} got multiple values for argument '${key}'.`);
    }
    out ??= args.slice();
    // Unfilled gaps stay `undefined`, so the JS default parameter applies, as Python's default would.
    while (out.length <= index) out.push(undefined);
    out[index] = kwargs[key];
  }
  return out ?? args;
}

function bindStarred(
  fn: FilterFunction,
  params: readonly string[],
  args: unknown[],
  kwargs: Record<string, unknown> | null,
): unknown[] {
  const hasRest = params.includes('*args');
  const hasKw = params.includes('**kwargs');
  const named = params.filter((p) => p !== '*args' && p !== '**kwargs');
  if (!hasRest && args.length > named.length) {
    throw new TypeError(
      `${describe(fn)} takes at most ${named.length} argument(s) after the value but ${args.length} were given.`,
    );
  }
  const out: unknown[] = args.slice(0, named.length);
  while (out.length < named.length) out.push(undefined);
  const extra: Record<string, unknown> = Object.create(null);
  if (kwargs !== null) {
    for (const key in kwargs) {
      const index = named.indexOf(key);
      if (index >= 0) {
        if (index < args.length)
          throw new TypeError(`${describe(fn)} got multiple values for argument '${key}'.`);
        out[index] = kwargs[key];
      } else if (hasKw) {
        extra[key] = kwargs[key];
      } else {
        throw unexpectedKeyword(fn, key, named);
      }
    }
  }
  if (hasRest) out.push(args.slice(named.length));
  if (hasKw) out.push(extra);
  return out;
}

function unexpectedKeyword(fn: FilterFunction, key: string, params: readonly string[]): TypeError {
  return new TypeError(
    `${describe(fn)} got an unexpected keyword argument '${key}'. It accepts: ${params.join(', ') || 'none'}.`,
  );
}

function hasKeys(obj: Record<string, unknown>): boolean {
  for (const _ in obj) return true;
  return false;
}

function describe(fn: FilterFunction): string {
  return fn.name ? `${fn.name}()` : 'the function';
}
