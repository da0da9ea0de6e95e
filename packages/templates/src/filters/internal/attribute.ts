/**
 * Attribute getters for filters taking `attribute=` (`sort`, `map`, `groupby`, `sum`, …): dotted paths
 * (`"info.id"`), integer parts (`"0"` → index 0) and comma lists (`"last,first"`, for `sort` only).
 */
import { isString } from '../../runtime/values.ts';
import type { EnvironmentLike } from '../types.ts';

/** Python's `ignore_case`: lower-cases strings so comparisons ignore case; other values pass. */
export function ignoreCase(value: unknown): unknown {
  return isString(value) ? value.toString().toLowerCase() : value;
}

/** Splits an attribute argument into lookup parts: `"a.0.b"` → `['a', 0, 'b']`; a number stays one part. */
export function attributeParts(attribute: unknown): unknown[] {
  if (attribute === null || attribute === undefined) return [];
  if (typeof attribute === 'string') {
    return attribute.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part));
  }
  return [attribute];
}

/**
 * Returns `item => item.<attribute>` through `environment.getitem`, so missing keys give Undefined.
 * With `dflt` (not null/undefined), an undefined step yields `dflt` instead.
 */
export function makeAttributeGetter(
  environment: EnvironmentLike,
  attribute: unknown,
  postprocess?: (value: unknown) => unknown,
  dflt?: unknown,
): (item: unknown) => unknown {
  const parts = attributeParts(attribute);
  const useDefault = dflt !== undefined && dflt !== null;
  return (item) => {
    let value = item;
    for (const part of parts) {
      value = environment.getitem(value, part);
      if (useDefault && (value === undefined || environment.isUndefined(value))) value = dflt;
    }
    return postprocess === undefined ? value : postprocess(value);
  };
}

/** Like {@link makeAttributeGetter} but for comma-separated attributes; returns a list of values. */
export function makeMultiAttributeGetter(
  environment: EnvironmentLike,
  attribute: unknown,
  postprocess?: (value: unknown) => unknown,
): (item: unknown) => unknown[] {
  const split = typeof attribute === 'string' ? attribute.split(',') : [attribute];
  const getters = split.map((part) => makeAttributeGetter(environment, part, postprocess));
  return (item) => getters.map((get) => get(item));
}
