/**
 * `tojson` (HTML-safe JSON as Python's `json.dumps` writes it) and `pprint` (Python's `pprint.pformat`).
 */
import { ValueError } from '../errors/errors.ts';
import { Markup } from '../runtime/markup.ts';
import { formatNumber, isMapping, mappingEntries, pyTypeName, toText } from '../runtime/values.ts';
import { prettyFormat } from './internal/pprint.ts';
import type { EnvironmentLike, EvalContext } from './types.ts';

interface DumpOptions {
  indent: string | null;
  sortKeys: boolean;
  environment: EnvironmentLike;
  seen: Set<object>;
}

function quote(text: string): string {
  let out = '"';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const ch = text[i] as string;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    // Python's ensure_ascii: everything outside printable ASCII becomes \uXXXX (astral as a surrogate pair).
    else if (code < 0x20 || code > 0x7e) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

function dumpNumber(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Number.POSITIVE_INFINITY) return 'Infinity';
  if (n === Number.NEGATIVE_INFINITY) return '-Infinity';
  return formatNumber(n);
}

function dump(value: unknown, options: DumpOptions, level: number): string {
  switch (typeof value) {
    case 'string':
      return quote(value);
    case 'number':
      return dumpNumber(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return value.toString();
    case 'undefined':
      throw new TypeError('Object of type Undefined is not JSON serializable');
    default:
      break;
  }
  if (value === null) return 'null';
  if (value instanceof Markup) return quote(value.toString());
  if (typeof value !== 'object' || options.environment.isUndefined(value)) {
    throw new TypeError(`Object of type ${pyTypeName(value)} is not JSON serializable`);
  }
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') return dump(toJSON.call(value), options, level);
  if (options.seen.has(value)) throw new ValueError('Circular reference detected');
  options.seen.add(value);
  try {
    let parts: string[];
    let open: string;
    let close: string;
    if (Array.isArray(value) || value instanceof Set) {
      parts = [...value].map((item) => dump(item, options, level + 1));
      open = '[';
      close = ']';
    } else {
      let entries = isMapping(value) ? mappingEntries(value) : Object.entries(value);
      entries = entries.map(([k, v]) => [typeof k === 'string' ? k : toText(k), v]);
      if (options.sortKeys)
        entries.sort((a, b) => ((a[0] as string) < (b[0] as string) ? -1 : a[0] === b[0] ? 0 : 1));
      parts = entries.map(([k, v]) => `${quote(k as string)}: ${dump(v, options, level + 1)}`);
      open = '{';
      close = '}';
    }
    if (parts.length === 0) return open + close;
    if (options.indent === null) return open + parts.join(', ') + close;
    const inner = `\n${options.indent.repeat(level + 1)}`;
    return `${open}${inner}${parts.join(`,${inner}`)}\n${options.indent.repeat(level)}${close}`;
  } finally {
    options.seen.delete(value);
  }
}

/** Serializes like Python's `json.dumps(value, sort_keys=…, indent=…)` (ASCII-only, `", "` separators). */
export function dumpsJson(
  value: unknown,
  environment: EnvironmentLike,
  indent: unknown = null,
  sortKeys = true,
) {
  const indentText =
    indent === null || indent === undefined
      ? null
      : typeof indent === 'string'
        ? indent
        : ' '.repeat(Number(indent));
  return dump(value, { indent: indentText, sortKeys, environment, seen: new Set() }, 0);
}

/**
 * `tojson(indent=None)`: JSON safe to put into HTML, in a `<script>` or an attribute: `<>&'` become
 * `\u003c`-style escapes. Keys are sorted (the `json.dumps_kwargs` policy). Always Markup.
 *
 * @throws TypeError for values JSON cannot represent (functions, Undefined); ValueError for cycles.
 */
export function tojson(evalContext: EvalContext, value: unknown, indent: unknown = null): Markup {
  const environment = evalContext.environment;
  const policy = environment.policies?.['json.dumps_kwargs'];
  const sortKeys =
    isMapping(policy) && 'sort_keys' in policy
      ? Boolean((policy as Record<string, unknown>).sort_keys)
      : true;
  const text = dumpsJson(value, environment, indent, sortKeys)
    .replaceAll('<', '\\u003c')
    .replaceAll('>', '\\u003e')
    .replaceAll('&', '\\u0026')
    .replaceAll("'", '\\u0027');
  return new Markup(text);
}
tojson.passEvalContext = true;
tojson.params = ['indent'] as const;

/** `pprint`: Python's `pprint.pformat` of the value (keys sorted, wrapped at 80 columns), for debugging. */
export function pprint(value: unknown): string {
  return prettyFormat(value);
}
