/**
 * `is` tests about what kind of value something is: `defined`, `none`, `boolean`, `number`, `string`,
 * `mapping`, `sequence`, `iterable`, `callable`, `escaped`, `filter`, `test`, ….
 */
import type { EnvironmentLike } from '../filters/types.ts';
import { isMarkup, Markup } from '../runtime/markup.ts';
import { isIterable, isMapping, isPlainObject } from '../runtime/values.ts';

/** `defined`: the value is not Undefined (`None` is defined). */
export function defined(environment: EnvironmentLike, value: unknown): boolean {
  return value !== undefined && !environment.isUndefined(value);
}
defined.passEnvironment = true;

/** `undefined`: the value is Undefined. */
export function undefinedTest(environment: EnvironmentLike, value: unknown): boolean {
  return value === undefined || environment.isUndefined(value);
}
undefinedTest.passEnvironment = true;

/** `none`: the value is `None` (null). */
export function none(value: unknown): boolean {
  return value === null;
}

/** `boolean`: the value is `true` or `false`. */
export function boolean(value: unknown): boolean {
  return typeof value === 'boolean';
}

/** `true`: the value is exactly `true` (not just truthy). */
export function trueTest(value: unknown): boolean {
  return value === true;
}

/** `false`: the value is exactly `false` (not just falsy). */
export function falseTest(value: unknown): boolean {
  return value === false;
}

/** `integer`: an integral number or bigint, not a boolean. Differs from Jinja2: `3.0 is integer` holds. */
export function integer(value: unknown): boolean {
  return (typeof value === 'number' && Number.isInteger(value)) || typeof value === 'bigint';
}

/** `float`: a number with a fractional part (or inf/nan). Differs from Jinja2: `3.0 is float` is false. */
export function float(value: unknown): boolean {
  return typeof value === 'number' && !Number.isInteger(value);
}

/** `number`: a number, bigint or boolean (booleans are numbers in Python). */
export function number(value: unknown): boolean {
  const type = typeof value;
  return type === 'number' || type === 'bigint' || type === 'boolean';
}

/** `string`: a string or Markup. */
export function string(value: unknown): boolean {
  return typeof value === 'string' || value instanceof Markup;
}

/** `mapping`: a dict (plain object or Map). */
export function mapping(value: unknown): boolean {
  return isMapping(value);
}

/** `sequence`: has a length and items: strings, lists, dicts (as in Python), Sets excluded. */
export function sequence(value: unknown): boolean {
  if (typeof value === 'string' || Array.isArray(value) || value instanceof Markup) return true;
  if (value instanceof Map || isPlainObject(value)) return true;
  return (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as { __len__?: unknown }).__len__ === 'function' &&
    !(value instanceof Set)
  );
}

/** `iterable`: a `for` loop can iterate the value. */
export function iterable(value: unknown): boolean {
  return isIterable(value);
}

/** `callable`: a function (macros, `range`, `loop.cycle`, …) or an object with `__call__`. */
export function callable(value: unknown): boolean {
  if (typeof value === 'function') return true;
  return (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as { __call__?: unknown }).__call__ === 'function'
  );
}

/** `escaped`: the value is Markup (already safe HTML). */
export function escaped(value: unknown): boolean {
  return isMarkup(value);
}

/** `filter`: a filter of this name exists in the environment. */
export function filter(environment: EnvironmentLike, value: unknown): boolean {
  return typeof value === 'string' && Object.hasOwn(environment.filters, value);
}
filter.passEnvironment = true;

/** `test`: a test of this name exists in the environment. */
export function test(environment: EnvironmentLike, value: unknown): boolean {
  return typeof value === 'string' && Object.hasOwn(environment.tests, value);
}
test.passEnvironment = true;
