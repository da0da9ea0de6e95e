/**
 * `default` and `attr`: filters about missing values and attribute access.
 */
import { isTruthy, toText } from '../runtime/values.ts';
import type { EnvironmentLike } from './types.ts';

/**
 * `default(default_value='', boolean=False)` / `d`: the fallback when the value is undefined (or, with
 * `boolean`, falsy). `None` is a defined value and is kept.
 */
export function defaultFilter(
  environment: EnvironmentLike,
  value: unknown,
  defaultValue: unknown = '',
  boolean: unknown = false,
): unknown {
  if (value === undefined || environment.isUndefined(value)) return defaultValue;
  if (boolean && !isTruthy(value)) return defaultValue;
  return value;
}
defaultFilter.passEnvironment = true;
defaultFilter.params = ['default_value', 'boolean'] as const;

/**
 * `attr(name)`: the attribute `name` of the value through the environment's safe `getattr` (never an
 * item lookup), or Undefined.
 */
export function attr(environment: EnvironmentLike, value: unknown, name: unknown): unknown {
  const result = environment.getattr(value, toText(name));
  return result === undefined ? environment.makeUndefined(undefined, value, toText(name)) : result;
}
attr.passEnvironment = true;
attr.params = ['name'] as const;
