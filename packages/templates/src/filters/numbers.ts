/**
 * Number filters: `abs`, `int`, `float`, `round`, `filesizeformat`.
 */
import { ValueError } from '../errors/errors.ts';
import { toFixedPy } from '../runtime/pyformat.ts';
import { PY_WHITESPACE } from '../runtime/python-methods/str.ts';
import { failIfUndefined, isString, pyTypeName, toText } from '../runtime/values.ts';
import { FilterArgumentError } from './errors.ts';

/** `abs`: the absolute value of a number. @throws TypeError for a non-number, as Python's `abs`. */
export function abs(value: unknown): number | bigint {
  if (typeof value === 'number') return Math.abs(value);
  if (typeof value === 'boolean') return Number(value);
  if (typeof value === 'bigint') return value < 0n ? -value : value;
  throw new TypeError(`bad operand type for abs(): '${pyTypeName(value)}'`);
}

const WS_EDGES = new RegExp(`^[${PY_WHITESPACE}]+|[${PY_WHITESPACE}]+$`, 'g');
const PREFIXES: Record<string, number> = { x: 16, o: 8, b: 2 };

/** Python's `int(text, base)`, or `null` when the text is not an integer in that base. */
export function parsePyInt(input: string, base = 10): number | null {
  let text = input.replace(WS_EDGES, '');
  let sign = 1;
  if (text[0] === '+' || text[0] === '-') {
    if (text[0] === '-') sign = -1;
    text = text.slice(1);
  }
  let radix = base;
  const prefix = /^0([xob])/i.exec(text);
  if (prefix !== null) {
    const prefixRadix = PREFIXES[(prefix[1] as string).toLowerCase()] as number;
    if (radix === 0 || radix === prefixRadix) {
      radix = prefixRadix;
      text = text.slice(2).replace(/^_/, '');
    }
  }
  if (radix === 0) {
    radix = 10;
    if (/^0+[1-9]/.test(text.replace(/_/g, ''))) return null;
  }
  if (radix < 2 || radix > 36 || text === '' || /^_|_$|__/.test(text)) return null;
  const digits = text.replace(/_/g, '');
  for (const ch of digits) {
    const d = Number.parseInt(ch, 36);
    if (Number.isNaN(d) || d >= radix) return null;
  }
  const n = radix === 10 ? Number(digits) : Number.parseInt(digits, radix);
  return sign * n;
}

const FLOAT_TEXT = /^[+-]?(?:(?:\d(?:_?\d)*)(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:[eE][+-]?\d(?:_?\d)*)?$/;

/** Python's `float(text)`, or `null` when the text is not a float literal (`inf` and `nan` included). */
export function parsePyFloat(input: string): number | null {
  const text = input.replace(WS_EDGES, '');
  const special = /^([+-]?)(inf|infinity|nan)$/i.exec(text);
  if (special !== null) {
    if ((special[2] as string).toLowerCase() === 'nan') return Number.NaN;
    return special[1] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  }
  if (!FLOAT_TEXT.test(text)) return null;
  return Number(text.replace(/_/g, ''));
}

function toFloatOrNull(value: unknown): number | null {
  if (typeof value === 'number') return value;
  failIfUndefined(value);
  if (typeof value === 'boolean' || typeof value === 'bigint') return Number(value);
  if (isString(value)) return parsePyFloat(value.toString());
  return null;
}

/**
 * `int(default=0, base=10)`: converts to an integer, truncating floats; strings are read in `base`
 * (`0x`/`0o`/`0b` prefixes allowed, base 0 guesses), and a float string like `"42.23"` gives 42.
 * Anything unconvertible gives `default`.
 *
 * @throws UndefinedError for an undefined value, as in Jinja2.
 */
export function int(value: unknown, dflt: unknown = 0, base: unknown = 10): unknown {
  if (typeof value === 'number') return Number.isFinite(value) ? Math.trunc(value) + 0 : dflt;
  if (isString(value)) {
    const parsed = parsePyInt(value.toString(), Number(base));
    // Digits beyond a double's range give the default rather than `inf`, which no int can be.
    if (parsed !== null && Number.isFinite(parsed)) return parsed;
  }
  const n = toFloatOrNull(value);
  if (n === null || !Number.isFinite(n)) return dflt;
  return Math.trunc(n) + 0;
}
int.params = ['default', 'base'] as const;

/**
 * `float(default=0.0)`: converts to a number; anything unconvertible gives `default`.
 *
 * @throws UndefinedError for an undefined value, as in Jinja2.
 */
export function float(value: unknown, dflt: unknown = 0): unknown {
  return toFloatOrNull(value) ?? dflt;
}
float.params = ['default'] as const;

/**
 * `round(precision=0, method='common')`: rounds to `precision` decimals. `common` rounds to nearest with
 * exact ties to even, as Python's `round` (`2.5` → 2, `2.675` → 2.67 since it is stored below .675);
 * `ceil` and `floor` always round up or down.
 *
 * @throws FilterArgumentError for another method. @throws TypeError for a non-number.
 */
export function round(value: unknown, precision: unknown = 0, method: unknown = 'common'): number {
  if (method !== 'common' && method !== 'ceil' && method !== 'floor') {
    throw new FilterArgumentError('method must be common, ceil or floor');
  }
  if (typeof value !== 'number' && typeof value !== 'boolean') {
    throw new TypeError(`round needs a number, not '${pyTypeName(value)}'.`);
  }
  const x = Number(value);
  const digits = Math.trunc(Number(precision));
  if (!Number.isFinite(x)) return x;
  if (method !== 'common') {
    const scale = 10 ** digits;
    const fn = method === 'ceil' ? Math.ceil : Math.floor;
    return fn(x * scale) / scale;
  }
  if (digits >= 0) return Number(toFixedPy(x, digits)) + 0;
  const scale = 10 ** -digits;
  return Number(toFixedPy(x / scale, 0)) * scale + 0;
}
round.params = ['precision', 'method'] as const;

const DECIMAL_UNITS = ['kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB'];
const BINARY_UNITS = ['KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB', 'ZiB', 'YiB'];

/**
 * `filesizeformat(binary=False)`: a byte count made readable (`2.5 MB`, or `2.4 MiB` with `binary`).
 *
 * @throws ValueError when the value is not a number or numeric string; UndefinedError when undefined.
 */
export function filesizeformat(value: unknown, binary: unknown = false): string {
  const bytes = toFloatOrNull(value);
  if (bytes === null) throw new ValueError(`could not convert ${toText(value)} to a number of bytes.`);
  const base = binary ? 1024 : 1000;
  const units = binary ? BINARY_UNITS : DECIMAL_UNITS;
  if (bytes === 1) return '1 Byte';
  if (bytes < base) return `${Math.trunc(bytes)} Bytes`;
  let unit = base;
  let prefix = units[0] as string;
  for (let i = 0; i < units.length; i++) {
    unit = base ** (i + 2);
    prefix = units[i] as string;
    if (bytes < unit) break;
  }
  return `${toFixedPy((base * bytes) / unit, 1)} ${prefix}`;
}
filesizeformat.params = ['binary'] as const;
