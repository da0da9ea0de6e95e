/**
 * The Python methods templates call on values: `s.split(',')`, `xs.append(1)`, `d.items()`.
 *
 * `getPythonMethod(obj, name)` returns a fresh closure bound to `obj`, or `undefined` when the value has
 * no such method. The closures only see the value they were bound to. Each carries `params` (the names of
 * its parameters, with `'*args'`/`'**kwargs'` for Python's star parameters), so the engine can call it
 * with keyword arguments through `callWithKeywords` from `filters/call.ts` (`s.split(maxsplit=1)`).
 *
 * Mutating methods return `null` (Python's `None`), so `{{ xs.append(1) }}` prints `None` as in Jinja.
 * Differs from Jinja2: only data keys shadow methods is the engine's choice, not this module's.
 */
import { Markup } from './markup.ts';
import { DICT_METHODS, type Method } from './python-methods/dict.ts';
import { LIST_METHODS } from './python-methods/list.ts';
import { STR_METHODS } from './python-methods/str.ts';
import { isPlainObject } from './values.ts';

/** A bound Python method: positional arguments, keywords mapped through `params`. */
export type PythonMethod = ((...args: unknown[]) => unknown) & { params?: readonly string[] };

/** Returns the Python method `name` of a string, list, dict (plain object or Map) or number, bound to it. */
export function getPythonMethod(obj: unknown, name: string): PythonMethod | undefined {
  let method: Method | undefined;
  const self: unknown = obj;
  if (typeof obj === 'string') method = STR_METHODS.get(name);
  else if (obj instanceof Markup) return markupMethod(obj, name);
  else if (Array.isArray(obj)) method = LIST_METHODS.get(name);
  else if (obj instanceof Map || isPlainObject(obj)) method = DICT_METHODS.get(name);
  else if (typeof obj === 'number') method = NUMBER_METHODS.get(name);
  if (method === undefined) return undefined;
  return bind(method, self);
}

function bind(method: Method, self: unknown): PythonMethod {
  const bound: PythonMethod = (...args: unknown[]) => method.fn(self, ...args);
  bound.params = method.params;
  Object.defineProperty(bound, 'name', { value: method.name });
  return bound;
}

// Markup's methods work on its text and give Markup back, escaping string arguments as MarkupSafe does.
function markupMethod(obj: Markup, name: string): PythonMethod | undefined {
  const method = STR_METHODS.get(name);
  if (method === undefined) return undefined;
  const escapeArg = (arg: unknown) => (typeof arg === 'string' ? Markup.escape(arg).toString() : arg);
  const wrap: Method = {
    name: method.name,
    params: method.params,
    fn: (self, ...args) => {
      const result = method.fn(String(self), ...args.map(escapeArg));
      return typeof result === 'string' ? new Markup(result) : result;
    },
  };
  return bind(wrap, obj);
}

const NUMBER_METHODS = new Map<string, Method>([
  ['is_integer', { name: 'is_integer', params: [], fn: (self) => Number.isInteger(self) }],
  [
    'bit_length',
    {
      name: 'bit_length',
      params: [],
      fn: (self) => (self === 0 ? 0 : Math.abs(Math.trunc(self as number)).toString(2).length),
    },
  ],
]);
