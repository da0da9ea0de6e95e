/**
 * Python's `str.format` / format-spec mini-language, for the `format` string method.
 *
 * Field names may index (`{0[1]}`, `{d[key]}`) and read attributes (`{0.name}`) through the engine's one
 * access checkpoint, so a field reaches exactly what `{{ x.name }}` would reach. The checkpoint (`access.ts`)
 * is handed in as a `FieldAccess` rather than imported: looking up `s.format` goes through the checkpoint,
 * which is how this module is reached in the first place.
 */

import { ValueError } from '../../errors/errors.ts';
import { checkOutputSize } from '../internal/limits.ts';
import { NOT_FOUND } from '../internal/not-found.ts';
import { escapeText, isMarkup } from '../markup.ts';
import { formatFloat } from '../pyformat.ts';
import { formatNumber, isString, pyRepr, pyTypeName, textLength, toText } from '../values.ts';
import { IndexError, KeyError } from './dict.ts';

/**
 * How a field's `.name` and `[key]` steps read a value: the access checkpoint with the environment's policy.
 * Each returns NOT_FOUND when the template may not (or cannot) reach the name.
 */
export interface FieldAccess {
  attribute(obj: unknown, name: string): unknown;
  item(obj: unknown, key: unknown): unknown;
}

/**
 * Python `format.format(*args, **kwargs)`. With `escapeFields` (MarkupSafe's `Markup.format`), every
 * replacement is HTML-escaped unless it is markup; the result is then HTML.
 *
 * @throws ValueError for malformed fields or specs; KeyError/IndexError for missing arguments.
 */
export function strFormat(
  format: string,
  args: unknown[],
  kwargs: Record<string, unknown>,
  access: FieldAccess,
  escapeFields = false,
): string {
  const state = { auto: 0, manual: false, escapeFields, access };
  return expand(format, args, kwargs, state, 0);
}

interface State {
  auto: number;
  manual: boolean;
  readonly escapeFields: boolean;
  readonly access: FieldAccess;
}

function expand(
  format: string,
  args: unknown[],
  kwargs: Record<string, unknown>,
  state: State,
  depth: number,
) {
  if (depth > 2) throw new ValueError('Max string recursion exceeded: format specs nest too deeply.');
  let out = '';
  let i = 0;
  while (i < format.length) {
    const ch = format[i] as string;
    if (ch === '{') {
      if (format[i + 1] === '{') {
        out += '{';
        i += 2;
        continue;
      }
      const close = matchingBrace(format, i);
      out += replaceField(format.slice(i + 1, close), args, kwargs, state, depth);
      i = close + 1;
    } else if (ch === '}') {
      if (format[i + 1] !== '}') throw new ValueError("Single '}' encountered in format string");
      out += '}';
      i += 2;
    } else {
      out += ch;
      i++;
    }
  }
  return out;
}

function matchingBrace(format: string, open: number): number {
  let depth = 0;
  for (let j = open; j < format.length; j++) {
    if (format[j] === '{') depth++;
    else if (format[j] === '}' && --depth === 0) return j;
  }
  throw new ValueError("Single '{' encountered in format string");
}

function replaceField(
  field: string,
  args: unknown[],
  kwargs: Record<string, unknown>,
  state: State,
  depth: number,
) {
  let specStart = -1;
  let bracket = false;
  for (let j = 0; j < field.length; j++) {
    const c = field[j];
    if (c === '[') bracket = true;
    else if (c === ']') bracket = false;
    else if (c === ':' && !bracket) {
      specStart = j;
      break;
    }
  }
  let head = specStart < 0 ? field : field.slice(0, specStart);
  const spec = specStart < 0 ? '' : expand(field.slice(specStart + 1), args, kwargs, state, depth + 1);
  let conversion: string | null = null;
  const bang = head.lastIndexOf('!');
  if (bang >= 0 && !head.slice(bang).includes(']')) {
    conversion = head.slice(bang + 1);
    head = head.slice(0, bang);
  }
  let value = resolveField(head, args, kwargs, state);
  if (conversion === 's') value = toText(value);
  else if (conversion === 'r' || conversion === 'a') value = pyRepr(value);
  else if (conversion !== null) throw new ValueError(`Unknown conversion specifier ${conversion}`);
  return state.escapeFields ? formatHtmlField(value, spec) : formatValue(value, spec);
}

/** MarkupSafe's `EscapeFormatter.format_field`: markup is inserted as it is, anything else escaped. */
function formatHtmlField(value: unknown, spec: string): string {
  const custom = (value as { __html_format__?: unknown } | null)?.__html_format__;
  if (typeof custom === 'function') return String(custom.call(value, spec));
  if (isMarkup(value)) {
    if (spec !== '') {
      throw new ValueError(
        `Format specifier ${spec} given, but the markup value does not define __html_format__. A class that ` +
          'defines __html__ must define __html_format__ to work with format specifiers.',
      );
    }
    return value.__html__();
  }
  return escapeText(formatValue(value, spec));
}

function resolveField(head: string, args: unknown[], kwargs: Record<string, unknown>, state: State): unknown {
  const match = /^[^.[]*/.exec(head) as RegExpExecArray;
  const first = match[0];
  let value: unknown;
  if (first === '') {
    if (state.manual)
      throw new ValueError('cannot switch from manual field numbering to automatic numbering');
    const index = state.auto++;
    if (index >= args.length)
      throw new IndexError(`Replacement index ${index} out of range for positional args tuple`);
    value = args[index];
  } else if (/^\d+$/.test(first)) {
    state.manual = true;
    const index = Number(first);
    if (index >= args.length)
      throw new IndexError(`Replacement index ${index} out of range for positional args tuple`);
    value = args[index];
  } else {
    if (!Object.hasOwn(kwargs, first))
      throw new KeyError(`'${first}': format() got no such keyword argument.`);
    value = kwargs[first];
  }
  let rest = head.slice(first.length);
  while (rest !== '') {
    const part = /^\.([^.[]+)|^\[([^\]]+)\]/.exec(rest);
    if (part === null) throw new ValueError(`Invalid field name in format string: '${head}'`);
    const key = part[1] ?? (part[2] as string);
    const isAttribute = part[1] !== undefined;
    value = lookup(state.access, value, !isAttribute && /^\d+$/.test(key) ? Number(key) : key, isAttribute);
    rest = rest.slice(part[0].length);
  }
  return value;
}

/** One `.name` or `[key]` step of a field, through the engine's access checkpoint. */
function lookup(access: FieldAccess, obj: unknown, key: string | number, isAttribute: boolean): unknown {
  const value = isAttribute ? access.attribute(obj, String(key)) : access.item(obj, key);
  if (value !== NOT_FOUND && value !== undefined) return value;
  if (Array.isArray(obj) && typeof key === 'number') throw new IndexError('list index out of range');
  if (isAttribute) {
    throw new AttributeError(`'${pyTypeName(obj)}' object has no attribute '${key}' a template can read.`);
  }
  throw new KeyError(`'${key}': the value has no such item a template can read.`);
}

/** Python's `AttributeError`: a format field names an attribute the value does not have. */
export class AttributeError extends Error {
  override name = 'AttributeError';
}

const SPEC = /^(?:(.)?([<>=^]))?([+\- ])?(z)?(#)?(0)?(\d+)?([,_])?(?:\.(\d+))?([bcdeEfFgGnosxX%])?$/su;

/** Formats one value with a format spec (`'>8.2f'`), as Python's `format(value, spec)`. */
export function formatValue(value: unknown, spec: string): string {
  if (spec === '') return toText(value);
  const m = SPEC.exec(spec);
  if (m === null) throw new ValueError(`Invalid format specifier '${spec}'.`);
  const [, fillChar, alignChar, signChar, , alt, zero, widthText, grouping, precText, type] = m;
  let fill = fillChar ?? ' ';
  let align = alignChar;
  // The 0 flag pads with zeros after the sign unless a fill or an alignment is given explicitly.
  if (zero !== undefined) {
    if (fillChar === undefined) fill = '0';
    align ??= '=';
  }
  const width = widthText === undefined ? 0 : Number(widthText);
  const precision = precText === undefined ? null : Number(precText);
  const isNum =
    typeof value === 'number' || typeof value === 'bigint' || (typeof value === 'boolean' && type);
  if (!isNum) {
    if (type !== undefined && type !== 's') {
      throw new ValueError(`Unknown format code '${type}' for object of type '${pyTypeName(value)}'`);
    }
    let text = isString(value) ? value.toString() : toText(value);
    if (precision !== null) text = Array.from(text).slice(0, precision).join('');
    return pad(text, '', width, fill, align ?? '<');
  }
  const n = Number(value);
  const sign = n < 0 || Object.is(n, -0) ? '-' : signChar === '+' ? '+' : signChar === ' ' ? ' ' : '';
  const abs = Math.abs(n);
  const alternate = alt !== undefined;
  let prefix = '';
  let suffix = '';
  let digits: string;
  let interval = 3;
  const requireInt = () => {
    if (!Number.isInteger(abs))
      throw new ValueError(`Unknown format code '${type}' for object of type 'float'`);
  };
  switch (type) {
    case undefined:
      // Python's general format without a type: like 'g', but precision 0 means exponent form.
      if (precision === null) digits = formatNumber(abs);
      else if (precision === 0) digits = formatFloat(abs, 'e', 0, alternate);
      else digits = formatFloat(abs, 'g', precision, alternate);
      break;
    case 'd':
    case 'n':
      requireInt();
      digits = formatNumber(abs);
      break;
    case 'b':
    case 'o':
    case 'x':
    case 'X':
      requireInt();
      if (grouping === ',') throw new ValueError(`Cannot specify ',' with '${type}'.`);
      interval = 4;
      digits = abs.toString(type === 'b' ? 2 : type === 'o' ? 8 : 16);
      if (type === 'X') digits = digits.toUpperCase();
      if (alternate) prefix = type === 'X' ? '0X' : `0${type}`;
      break;
    case 'c':
      requireInt();
      if (grouping !== undefined) throw new ValueError("Cannot specify ',' with 'c'.");
      digits = String.fromCodePoint(abs);
      break;
    case '%':
      digits = formatFloat(abs * 100, 'f', precision ?? 6, alternate);
      suffix = '%';
      break;
    case 's':
      throw new ValueError(`Unknown format code 's' for object of type '${pyTypeName(value)}'`);
    default:
      digits = formatFloat(abs, type, precision ?? 6, alternate);
  }
  const lead = sign + prefix;
  if (grouping !== undefined && fill === '0' && align === '=') {
    // Zero padding takes part in the grouping, as Python does: '{:08,}'.format(1234) == '0,001,234'.
    checkOutputSize(width, 'A format width');
    let grouped = group(digits, grouping, interval);
    while (textLength(lead + grouped + suffix) < width) {
      digits = `0${digits}`;
      grouped = group(digits, grouping, interval);
    }
    return lead + grouped + suffix;
  }
  return pad(group(digits, grouping, interval) + suffix, lead, width, fill, align ?? '>');
}

function group(body: string, separator: string | undefined, interval: number): string {
  if (separator === undefined) return body;
  const digit = interval === 3 ? '[0-9]' : '[0-9a-fA-F]';
  const match = new RegExp(`^(${digit}+)(.*)$`, 's').exec(body);
  if (match === null) return body;
  const digits = match[1] as string;
  const every = new RegExp(`\\B(?=(${digit}{${interval}})+$)`, 'g');
  return digits.replace(every, separator) + match[2];
}

function pad(body: string, sign: string, width: number, fill: string, align: string): string {
  const len = textLength(body) + sign.length;
  if (len >= width) return sign + body;
  checkOutputSize(width, 'A format width');
  const space = width - len;
  switch (align) {
    case '<':
      return sign + body + fill.repeat(space);
    case '^': {
      const left = Math.floor(space / 2);
      return fill.repeat(left) + sign + body + fill.repeat(space - left);
    }
    case '=':
      return sign + fill.repeat(space) + body;
    default:
      return fill.repeat(space) + sign + body;
  }
}
