/**
 * A small stand-in for the engine's Environment, so filters and tests can be tested on their own.
 */
import { callFilter, callTest } from '../../src/filters/call.ts';
import { builtinFilters } from '../../src/filters/index.ts';
import type { EnvironmentLike, EvalContext } from '../../src/filters/types.ts';
import { DEFAULT_POLICY } from '../../src/runtime/access.ts';
import { getPythonMethod } from '../../src/runtime/python-methods.ts';
import { isMapping, mappingGet, mappingHas } from '../../src/runtime/values.ts';
import { builtinTests } from '../../src/tests/index.ts';

/** A missing value with the dunder protocol `values.ts` documents; `strict` fails on every use. */
export class FakeUndefined {
  readonly hint: string | undefined;
  readonly strict: boolean;
  constructor(hint?: string, strict = false) {
    this.hint = hint;
    this.strict = strict;
  }
  /** Throws the UndefinedError, as the engine's Undefined does. */
  fail(): never {
    const error = new Error(this.hint ?? 'value is undefined');
    error.name = 'UndefinedError';
    throw error;
  }
  __bool__(): boolean {
    return this.strict ? this.fail() : false;
  }
  __len__(): number {
    return this.strict ? this.fail() : 0;
  }
  toString(): string {
    return this.strict ? this.fail() : '';
  }
  [Symbol.iterator](): Iterator<unknown> {
    if (this.strict) this.fail();
    return [][Symbol.iterator]();
  }
}

function lookup(obj: unknown, key: unknown): { found: boolean; value?: unknown } {
  if (Array.isArray(obj) && typeof key === 'number') {
    const index = key < 0 ? obj.length + key : key;
    return index >= 0 && index < obj.length ? { found: true, value: obj[index] } : { found: false };
  }
  if (isMapping(obj) && mappingHas(obj, key)) return { found: true, value: mappingGet(obj, key) };
  return { found: false };
}

/** A fake environment: item lookups on arrays and dicts, Python methods as attributes. */
export function fakeEnvironment(options: { strict?: boolean; policies?: Record<string, unknown> } = {}) {
  const makeUndefined = (hint?: string) => new FakeUndefined(hint, options.strict ?? false);
  const env: EnvironmentLike = {
    filters: Object.assign(Object.create(null), builtinFilters),
    tests: Object.assign(Object.create(null), builtinTests),
    getitem(obj, key) {
      const hit = lookup(obj, key);
      if (hit.found) return hit.value;
      if (typeof key === 'string') return env.getattr(obj, key);
      return makeUndefined(`no item ${String(key)}`);
    },
    getattr(obj, name) {
      const hit = lookup(obj, name);
      if (hit.found) return hit.value;
      return getPythonMethod(obj, name, DEFAULT_POLICY.fields) ?? makeUndefined(`no attribute ${name}`);
    },
    isUndefined: (value) => value instanceof FakeUndefined,
    makeUndefined,
    ...(options.policies === undefined ? {} : { policies: options.policies }),
  };
  return env;
}

/** An eval context over a fake environment. */
export function evalContext(autoescape = false, environment = fakeEnvironment()): EvalContext {
  return { autoescape, environment };
}

/** Applies the builtin filter `name` as `value|name(*args, **kwargs)` would. */
export function filter(
  name: string,
  value: unknown,
  args: unknown[] = [],
  kwargs: Record<string, unknown> | null = null,
  ctx: EvalContext = evalContext(),
): unknown {
  const fn = ctx.environment.filters[name];
  if (fn === undefined) throw new Error(`no filter ${name}`);
  return callFilter(fn, value, args, kwargs, ctx);
}

/** Applies the builtin test `name` as `value is name(*args, **kwargs)` would. */
export function test(
  name: string,
  value: unknown,
  args: unknown[] = [],
  kwargs: Record<string, unknown> | null = null,
  ctx: EvalContext = evalContext(),
): boolean {
  const fn = ctx.environment.tests[name];
  if (fn === undefined) throw new Error(`no test ${name}`);
  return callTest(fn, value, args, kwargs, ctx);
}

/** Shorthand for keyword arguments. */
export function kw(values: Record<string, unknown>): Record<string, unknown> {
  return values;
}

/** The users list the conformance cases use. */
export const USERS = [
  { name: 'ann', age: 31, city: 'Paris', admin: true, email: 'ann@x.org', info: { id: 7 } },
  { name: 'bob', age: 25, city: 'Rome', admin: false, email: null, info: { id: 3 } },
  { name: 'cid', age: 31, city: 'paris', admin: true, info: { id: 5 } },
  { name: 'dee', age: 19, city: 'Oslo', admin: false, email: 'dee@x.org', info: { id: 9 } },
];
