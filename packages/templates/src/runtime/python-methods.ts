/**
 * The Python methods templates call on values: `s.split(',')`, `xs.append(1)`, `d.items()`.
 *
 * `getPythonMethod(obj, name, access)` returns a fresh closure bound to `obj`, or `undefined` when the value
 * has no such method. `access` is the engine's access checkpoint, which `format` needs for its `{0.name}`
 * fields (see `python-methods/str-format.ts`). The closures only see the value they were bound to. Each
 * carries `params` (the names of its parameters, with `'*args'`/`'**kwargs'` for Python's star parameters),
 * so the engine can call it with keyword arguments through `callWithKeywords` from `filters/call.ts`
 * (`s.split(maxsplit=1)`).
 *
 * Mutating methods return `null` (Python's `None`), so `{{ xs.append(1) }}` prints `None` as in Jinja.
 * Differs from Jinja2: only data keys shadow methods is the engine's choice, not this module's.
 */
import { unescapeHtml } from './internal/entities.ts';
import { striptagsText } from './internal/striptags.ts';
import { escape, isMarkup, Markup } from './markup.ts';
import { DICT_METHODS, type Method } from './python-methods/dict.ts';
import { LIST_METHODS } from './python-methods/list.ts';
import { STR_METHODS } from './python-methods/str.ts';
import { type FieldAccess, strFormat } from './python-methods/str-format.ts';
import { isPlainObject, isString, pyIter, pyTypeName } from './values.ts';

/** A bound Python method: positional arguments, keywords mapped through `params`. */
export type PythonMethod = ((...args: unknown[]) => unknown) & { params?: readonly string[] };

/** Returns the Python method `name` of a string, list, dict (plain object or Map) or number, bound to it. */
export function getPythonMethod(obj: unknown, name: string, access: FieldAccess): PythonMethod | undefined {
  let method: Method | undefined;
  const self: unknown = obj;
  if (typeof obj === 'string')
    method = name === 'format' ? formatMethod(access, false) : STR_METHODS.get(name);
  else if (obj instanceof Markup) return markupMethod(obj, name, access);
  else if (Array.isArray(obj)) method = LIST_METHODS.get(name);
  else if (obj instanceof Map || isPlainObject(obj)) method = DICT_METHODS.get(name);
  else if (typeof obj === 'number') method = NUMBER_METHODS.get(name);
  if (method === undefined) return undefined;
  return bind(method, self);
}

function bind(method: Method, self: unknown): PythonMethod {
  // A computed key names the closure as it is made (error messages use the name); defineProperty on
  // every bound method cost more than the call itself in `selectattr('isspace')` over 200,000 items.
  const bound: PythonMethod = { [method.name]: (...args: unknown[]) => method.fn(self, ...args) }[
    method.name
  ] as PythonMethod;
  bound.params = method.params;
  return bound;
}

// The methods MarkupSafe wraps: string arguments (positional or keyword) are escaped, the result is Markup.
const ESCAPING = new Set([
  'capitalize',
  'title',
  'lower',
  'upper',
  'replace',
  'ljust',
  'rjust',
  'lstrip',
  'rstrip',
  'center',
  'strip',
  'swapcase',
  'zfill',
]);
// Methods giving a list (or tuple) of Markup; only `partition` and `rpartition` escape their separator.
const SPLITTING = new Set(['split', 'rsplit', 'splitlines', 'partition', 'rpartition']);

const escapeArg = (arg: unknown): unknown => (isString(arg) || isMarkup(arg) ? escape(arg).toString() : arg);

/**
 * A method of Markup, as MarkupSafe defines it: `format` and `%` escape what they insert, `join` escapes its
 * items, the case and padding methods escape their string arguments and give Markup, the splitting methods
 * give lists of Markup. The other str methods (`find`, `count`, `startswith`, …) work on the text and give
 * plain values. Markup's own `striptags()` and `unescape()` give plain strings.
 */
function markupMethod(obj: Markup, name: string, access: FieldAccess): PythonMethod | undefined {
  if (name === 'format') return bind(formatMethod(access, true), obj);
  if (name === 'join') return bind(MARKUP_JOIN, obj);
  if (name === 'striptags') return bind(MARKUP_STRIPTAGS, obj);
  if (name === 'unescape') return bind(MARKUP_UNESCAPE, obj);
  const method = STR_METHODS.get(name);
  if (method === undefined) return undefined;
  let fn: Method['fn'];
  if (ESCAPING.has(name)) {
    // Keyword arguments are already positions here (see `callWithKeywords`), so they are escaped too.
    fn = (self, ...args) => new Markup(method.fn(String(self), ...args.map(escapeArg)) as string);
  } else if (SPLITTING.has(name)) {
    const escapeSep = name === 'partition' || name === 'rpartition';
    fn = (self, ...args) => {
      const result = method.fn(String(self), ...(escapeSep ? args.map(escapeArg) : args)) as string[];
      return result.map((part) => new Markup(part));
    };
  } else {
    fn = (self, ...args) => method.fn(String(self), ...args);
  }
  return bind({ name: method.name, params: method.params, fn }, obj);
}

/** `str.format`, or MarkupSafe's escaping `Markup.format`, reading fields through `access`. */
function formatMethod(access: FieldAccess, markup: boolean): Method {
  const params = ['*args', '**kwargs'];
  if (!markup) {
    return {
      name: 'format',
      params,
      fn: (self, args, kwargs) =>
        strFormat(String(self), args as unknown[], kwargs as Record<string, unknown>, access),
    };
  }
  return {
    name: 'format',
    params,
    fn: (self, args, kwargs) =>
      new Markup(strFormat(String(self), args as unknown[], kwargs as Record<string, unknown>, access, true)),
  };
}

const MARKUP_JOIN: Method = {
  name: 'join',
  params: ['iterable'],
  fn: (self, iterable) => {
    const sep = String(self);
    let out = '';
    let i = 0;
    for (const item of pyIter(iterable)) {
      if (!isString(item) && !isMarkup(item)) {
        throw new TypeError(`sequence item ${i}: expected str instance, ${pyTypeName(item)} found`);
      }
      out += (i === 0 ? '' : sep) + escape(item).toString();
      i++;
    }
    return new Markup(out);
  },
};

const MARKUP_STRIPTAGS: Method = { name: 'striptags', params: [], fn: (self) => striptagsText(String(self)) };
const MARKUP_UNESCAPE: Method = { name: 'unescape', params: [], fn: (self) => unescapeHtml(String(self)) };

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
