/**
 * Filters that apply a filter or test to every item: `map`, `select`, `reject`, `selectattr`,
 * `rejectattr`. They take Jinja's `*args, **kwargs`, so they are `rawArgs` filters.
 */
import { TemplateRuntimeError } from '../errors/errors.ts';
import { isTruthy, toList, toText } from '../runtime/values.ts';
import { callFilter, callTest } from './call.ts';
import { FilterArgumentError } from './errors.ts';
import { makeAttributeGetter } from './internal/attribute.ts';
import type { FilterCall, FilterFunction, TestFunction } from './types.ts';

function lookup(
  table: Record<string, FilterFunction>,
  name: unknown,
  kind: 'filter' | 'test',
): FilterFunction {
  const fn = typeof name === 'string' ? table[name] : undefined;
  if (fn === undefined) {
    throw new TemplateRuntimeError(
      `No ${kind} named '${toText(name)}'. Check the spelling or register it first.`,
    );
  }
  return fn;
}

/**
 * `map(filter, *args, **kwargs)` applies a filter to every item; `map(attribute=name, default=None)`
 * picks an attribute (dotted paths allowed) of every item.
 *
 * @throws FilterArgumentError without a filter name or attribute, or with unknown keywords.
 * @throws TemplateRuntimeError for an unknown filter name.
 */
export function map(call: FilterCall): unknown[] {
  const items = toList(call.value);
  return items.map(mapping(call));
}
map.rawArgs = true;

/**
 * The function `map` applies to each item, from its arguments. `choose` picks the filter to call for a
 * named one (async templates choose its async variant).
 *
 * @throws FilterArgumentError / TemplateRuntimeError as `map` does.
 */
export function mapping(
  call: FilterCall,
  choose: (filter: FilterFunction) => FilterFunction = (filter) => filter,
): (item: unknown) => unknown {
  const { args, kwargs, evalContext, context } = call;
  const environment = evalContext.environment;
  if (args.length === 0 && kwargs !== null && 'attribute' in kwargs) {
    const { attribute, default: dflt, ...rest } = kwargs;
    const unexpected = Object.keys(rest)[0];
    if (unexpected !== undefined)
      throw new FilterArgumentError(`Unexpected keyword argument '${unexpected}'`);
    return makeAttributeGetter(environment, attribute, undefined, dflt);
  }
  if (args.length === 0) throw new FilterArgumentError('map requires a filter argument');
  const fn = choose(lookup(environment.filters, args[0], 'filter'));
  const rest = args.slice(1);
  return (item) => callFilter(fn, item, rest, kwargs, evalContext, context);
}

/**
 * The check `select`, `reject`, `selectattr` and `rejectattr` make of each item, from their arguments:
 * true for the items they keep.
 *
 * @throws FilterArgumentError without an attribute name (the `attr` filters); TemplateRuntimeError for an
 *   unknown test.
 */
export function selection(call: FilterCall, byAttribute: boolean, keep: boolean): (item: unknown) => boolean {
  const { args, kwargs, evalContext, context } = call;
  const environment = evalContext.environment;
  let transform: (item: unknown) => unknown = (item) => item;
  let offset = 0;
  if (byAttribute) {
    if (args.length === 0) throw new FilterArgumentError('Missing parameter for attribute name');
    transform = makeAttributeGetter(environment, args[0]);
    offset = 1;
  }
  let check: (item: unknown) => boolean = isTruthy;
  if (args.length > offset) {
    const test: TestFunction = lookup(environment.tests, args[offset], 'test');
    const testArgs = args.slice(offset + 1);
    check = (item) => callTest(test, item, testArgs, kwargs, evalContext, context);
  }
  return (item) => check(transform(item)) === keep;
}

function selectOrReject(call: FilterCall, byAttribute: boolean, keep: boolean): unknown[] {
  const isKept = selection(call, byAttribute, keep);
  return toList(call.value).filter(isKept);
}

/** `select(test, *args)`: the items that pass the test (or are truthy, without a test). */
export function select(call: FilterCall): unknown[] {
  return selectOrReject(call, false, true);
}
select.rawArgs = true;

/** `reject(test, *args)`: the items that fail the test (or are falsy, without a test). */
export function reject(call: FilterCall): unknown[] {
  return selectOrReject(call, false, false);
}
reject.rawArgs = true;

/** `selectattr(attribute, test, *args)`: the items whose attribute passes the test (or is truthy). */
export function selectattr(call: FilterCall): unknown[] {
  return selectOrReject(call, true, true);
}
selectattr.rawArgs = true;

/** `rejectattr(attribute, test, *args)`: the items whose attribute fails the test (or is falsy). */
export function rejectattr(call: FilterCall): unknown[] {
  return selectOrReject(call, true, false);
}
rejectattr.rawArgs = true;
