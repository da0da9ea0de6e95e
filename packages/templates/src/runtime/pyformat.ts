/**
 * Python's printf-style string formatting for templates: `"%s-%d" % (a, b)` (also the `format` filter), and
 * the float formatting that `str.format` (in `python-methods/str-format.ts`) shares with it.
 *
 * Differs from Python: numbers follow the JS-number rules of `values.ts` (an integral float is an int),
 * and integers beyond 2^53 lose precision.
 */
import { ValueError } from '../errors/errors.ts';
import { checkOutputSize } from './internal/limits.ts';
import { escapeText, isMarkup, Markup } from './markup.ts';
import {
  formatNumber,
  isMapping,
  isString,
  mappingGet,
  mappingHas,
  pyRepr,
  pyTypeName,
  textLength,
  toText,
} from './values.ts';

/**
 * Python's `format % values`. An array is the argument tuple; any other value is the single argument,
 * and a mapping also serves `%(name)s` keys.
 *
 * @throws TypeError for too few or too many arguments, or a value of the wrong type for its conversion.
 * @throws ValueError for a malformed format string.
 */
export function percentFormat(format: string, values: unknown, escapeValues = false): string {
  const args = Array.isArray(values) ? values : [values];
  const mapping = !Array.isArray(values) && isMapping(values) ? values : null;
  let next = 0;
  let usedMapping = false;
  const take = (): unknown => {
    if (next >= args.length) throw new TypeError('not enough arguments for format string');
    return args[next++];
  };
  let out = '';
  let i = 0;
  while (i < format.length) {
    const pct = format.indexOf('%', i);
    if (pct < 0) {
      out += format.slice(i);
      break;
    }
    out += format.slice(i, pct);
    i = pct + 1;
    let key: string | null = null;
    if (format[i] === '(') {
      // Python asks for the mapping before it reads the key.
      if (mapping === null) throw new TypeError('format requires a mapping');
      const close = findClosingParen(format, i);
      key = format.slice(i + 1, close);
      i = close + 1;
    }
    let flags = '';
    while (i < format.length && '-+ #0'.includes(format[i] as string)) flags += format[i++];
    let width = 0;
    if (format[i] === '*') {
      width = Number(take());
      i++;
    } else {
      const start = i;
      while (isDigit(format[i])) i++;
      if (i > start) width = Number(format.slice(start, i));
    }
    let precision: number | null = null;
    if (format[i] === '.') {
      i++;
      if (format[i] === '*') {
        precision = Number(take());
        i++;
      } else {
        const start = i;
        while (isDigit(format[i])) i++;
        precision = Number(format.slice(start, i) || '0');
      }
    }
    while (format[i] === 'h' || format[i] === 'l' || format[i] === 'L') i++;
    const type = format[i++];
    if (type === undefined) throw new ValueError('incomplete format: the string ends inside a % conversion.');
    if (type === '%') {
      out += '%';
      continue;
    }
    let value: unknown;
    if (key !== null) {
      if (mapping === null) throw new TypeError('format requires a mapping for %(name) conversions.');
      if (!mappingHas(mapping, key)) throw new KeyErrorLike(key);
      value = mappingGet(mapping, key);
      usedMapping = true;
    } else {
      value = take();
    }
    if (width < 0) {
      flags += '-';
      width = -width;
    }
    out += convertPercent(type, value, flags, width, precision, escapeValues);
  }
  if (!usedMapping && next < args.length && !(mapping !== null && next === 0)) {
    throw new TypeError('not all arguments converted during string formatting');
  }
  return out;
}

class KeyErrorLike extends Error {
  override name = 'KeyError';
  constructor(key: string) {
    super(`'${key}': the format names a key the mapping does not have.`);
  }
}

function findClosingParen(format: string, open: number): number {
  let depth = 0;
  for (let j = open; j < format.length; j++) {
    if (format[j] === '(') depth++;
    else if (format[j] === ')' && --depth === 0) return j;
  }
  throw new ValueError('incomplete format key: a %( has no closing ).');
}

function isDigit(ch: string | undefined): boolean {
  return ch !== undefined && ch >= '0' && ch <= '9';
}

function convertPercent(
  type: string,
  value: unknown,
  flags: string,
  width: number,
  precision: number | null,
  escapeValues: boolean,
) {
  const left = flags.includes('-');
  checkOutputSize(Math.max(width, precision ?? 0), 'A % format width or precision');
  let body: string;
  let numeric = true;
  let sign = '';
  switch (type) {
    case 's':
    case 'r':
    case 'a': {
      numeric = false;
      if (type === 's') body = escapeValues && isMarkup(value) ? value.__html__() : toText(value);
      else body = type === 'a' ? asciiOnly(pyRepr(value)) : pyRepr(value);
      // MarkupSafe escapes the text before the precision cuts it: '%.1s' % '<' is '&'.
      if (escapeValues && !(type === 's' && isMarkup(value))) body = escapeText(body);
      if (precision !== null) body = sliceText(body, precision);
      break;
    }
    case 'c': {
      numeric = false;
      if (isString(value) && textLength(value.toString()) === 1) body = value.toString();
      else if (typeof value === 'number' && Number.isInteger(value)) body = String.fromCodePoint(value);
      else throw new TypeError('%c requires an int or a single character.');
      if (escapeValues) body = escapeText(body);
      break;
    }
    case 'd':
    case 'i':
    case 'u': {
      const n = requireReal(type, value);
      const int = Math.trunc(n);
      sign = signOf(int, flags);
      body = formatNumber(Math.abs(int));
      if (precision !== null) body = body.padStart(precision, '0');
      break;
    }
    case 'x':
    case 'X':
    case 'o': {
      const n = requireInteger(type, value);
      sign = signOf(n, flags);
      body = Math.abs(n).toString(type === 'o' ? 8 : 16);
      if (precision !== null) body = body.padStart(precision, '0');
      if (type === 'X') body = body.toUpperCase();
      // The 0x/0o prefix counts with the sign, so zero padding goes between it and the digits.
      if (flags.includes('#')) sign += type === 'o' ? '0o' : type === 'X' ? '0X' : '0x';
      break;
    }
    case 'e':
    case 'E':
    case 'f':
    case 'F':
    case 'g':
    case 'G': {
      const n = requireReal(type, value);
      sign = signOf(n, flags);
      body = formatFloat(Math.abs(n), type, precision ?? 6, flags.includes('#'));
      break;
    }
    default:
      throw new ValueError(`unsupported format character '${type}' in a % format string.`);
  }
  const total = sign.length + body.length;
  if (total >= width) return sign + body;
  if (left) return (sign + body).padEnd(width, ' ');
  if (numeric && flags.includes('0') && Number.isFinite(Number(value))) {
    return sign + body.padStart(width - sign.length, '0');
  }
  return (sign + body).padStart(width, ' ');
}

function signOf(n: number, flags: string): string {
  if (n < 0 || Object.is(n, -0)) return '-';
  if (flags.includes('+')) return '+';
  if (flags.includes(' ')) return ' ';
  return '';
}

function requireReal(type: string, value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean' || typeof value === 'bigint') return Number(value);
  throw new TypeError(`%${type} format: a real number is required, not ${pyTypeName(value)}`);
}

function requireInteger(type: string, value: unknown): number {
  const n = typeof value === 'boolean' || typeof value === 'bigint' ? Number(value) : value;
  if (typeof n === 'number' && Number.isInteger(n)) return n;
  throw new TypeError(`%${type} format: an integer is required, not ${pyTypeName(value)}`);
}

function asciiOnly(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0) as number;
    if (code < 0x80) out += ch;
    else if (code < 0x100) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (code < 0x10000) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += `\\U${code.toString(16).padStart(8, '0')}`;
  }
  return out;
}

function sliceText(text: string, count: number): string {
  return Array.from(text).slice(0, count).join('');
}

/**
 * Python's fixed-point formatting (`'%.2f' % x`): correctly rounded, with exact ties rounding to even
 * (`'%.0f' % 2.5 == '2'`), where JS `toFixed` rounds ties up.
 */
export function toFixedPy(x: number, digits: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'nan' : x > 0 ? 'inf' : '-inf';
  if (Math.abs(x) >= 1e21) {
    // Doubles this large are integers; toFixed would switch to exponent notation.
    const int = BigInt(x).toString();
    return digits > 0 ? `${int}.${'0'.repeat(digits)}` : int;
  }
  if (digits > 70) return x.toFixed(Math.min(digits, 100));
  const fixed = x.toFixed(digits);
  const exact = x.toFixed(digits + 25);
  const tail = exact.slice(exact.length - 25);
  if (tail[0] !== '5' || !/^50*$/.test(tail)) return fixed;
  // An exact tie: keep the truncated digits when their last digit is even.
  const truncated = exact.slice(0, exact.length - 25).replace(/\.$/, '');
  const lastDigit = Number(truncated[truncated.length - 1]);
  return lastDigit % 2 === 0 ? truncated : fixed;
}

/** Formats a non-negative finite-or-not float for conversions e, f, g (and upper-case forms). */
export function formatFloat(x: number, type: string, precision: number, alternate: boolean): string {
  const upper = type === 'E' || type === 'F' || type === 'G';
  let out: string;
  if (!Number.isFinite(x)) out = Number.isNaN(x) ? 'nan' : 'inf';
  else if (type === 'f' || type === 'F') {
    out = toFixedPy(x, precision);
    if (alternate && precision === 0) out += '.';
  } else if (type === 'e' || type === 'E') out = exponential(x, precision, alternate);
  else {
    const p = precision === 0 ? 1 : precision;
    const exp = x === 0 ? 0 : Number(x.toExponential(p - 1).split('e')[1]);
    if (exp >= -4 && exp < p) {
      out = toFixedPy(x, p - 1 - exp);
      if (alternate && !out.includes('.')) out += '.';
    } else out = exponential(x, p - 1, alternate);
    if (!alternate) out = stripZeros(out);
  }
  return upper ? out.toUpperCase() : out;
}

function exponential(x: number, precision: number, alternate: boolean): string {
  const digits = Math.min(precision, 100);
  let [mantissa = '', exponent = '0'] = x.toExponential(digits).split('e');
  // toExponential rounds exact ties up; Python rounds them to even ('%.0e' % 2.5 == '2e+00').
  if (digits <= 75 && Number.isFinite(x)) {
    const [exact = ''] = x.toExponential(digits + 25).split('e');
    const tail = exact.slice(exact.length - 25);
    if (/^50*$/.test(tail)) {
      const truncated = exact.slice(0, exact.length - 25).replace(/\.$/, '');
      if (Number(truncated[truncated.length - 1]) % 2 === 0) {
        mantissa = truncated;
        exponent = x.toExponential(digits + 25).split('e')[1] ?? '0';
      }
    }
  }
  const exp = Number(exponent);
  const m = alternate && !mantissa.includes('.') ? `${mantissa}.` : mantissa;
  return `${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
}

function stripZeros(text: string): string {
  const [mantissa = '', exponent] = text.split('e');
  const m = mantissa.includes('.') ? mantissa.replace(/0+$/, '').replace(/\.$/, '') : mantissa;
  return exponent === undefined ? m : `${m}e${exponent}`;
}

/** `markup % values`: MarkupSafe's `Markup.__mod__`, which escapes every inserted value that is not markup. */
export function percentFormatMarkup(format: Markup, values: unknown): Markup {
  return new Markup(percentFormat(format.toString(), values, true));
}
