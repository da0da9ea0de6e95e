/**
 * Converters turn one variable of a rule into a value and back: `<int:id>` matches `\d+`, gives a number to the
 * view and writes a number into a built URL. The built-in set is Werkzeug's.
 */
import { RuleSyntaxError, ValidationError } from './errors.ts';
import { escapeRegex } from './internal/regex.ts';
import { quotePath, quoteSegment } from './internal/url-encoding.ts';
import type { Converter, ConverterClass, MapSettings } from './map-settings.ts';

/** The converter every other one builds on: one segment, any text, value is the decoded string. */
export class BaseConverter implements Converter {
  regex = '[^/]+';
  weight = 100;
  partIsolating = true;
  readonly map: MapSettings;

  constructor(map: MapSettings, ..._args: unknown[]) {
    this.map = map;
  }

  toValue(raw: string): unknown {
    return raw;
  }

  /** Percent-encodes `String(value)` for one segment, so a `/` in the value becomes `%2F`. */
  toUrl(value: unknown): string {
    return quoteSegment(String(value));
  }
}

/**
 * `<name>` or `<string(minlength=1, maxlength=None, length=None):name>`: one segment of text. Lengths count
 * characters (code points).
 * Differs from Werkzeug: building encodes `/` as `%2F` (Werkzeug leaves it, producing a URL that does not match).
 */
export class StringConverter extends BaseConverter {
  constructor(map: MapSettings, ...args: unknown[]) {
    super(map);
    const { minlength = 1, maxlength = null, length = null } = bindArgs('string', args, STRING_PARAMS);
    if (length !== null) {
      this.regex = `[^/]{${count('string', 'length', length)}}`;
    } else {
      const min = count('string', 'minlength', minlength);
      const max = maxlength === null ? '' : count('string', 'maxlength', maxlength);
      this.regex = `[^/]{${min},${max}}`;
    }
  }
}
const STRING_PARAMS = ['minlength', 'maxlength', 'length'] as const;

/** `<any(about, help, "a,b"):page>`: one of the listed words. Building any other value fails. */
export class AnyConverter extends BaseConverter {
  readonly items: ReadonlySet<string>;

  constructor(map: MapSettings, ...args: unknown[]) {
    super(map);
    const last = args.at(-1);
    if (isNamedArgs(last) && Object.keys(last).length > 0) {
      throw new RuleSyntaxError(
        `the 'any' converter takes only positional items, not '${Object.keys(last)[0]}='.`,
      );
    }
    const items = args.filter((arg) => !isNamedArgs(arg)).map(String);
    if (items.length === 0) {
      throw new RuleSyntaxError(
        `the 'any' converter needs at least one item, as in <any(about, help):page>.`,
      );
    }
    this.items = new Set(items);
    this.regex = `(?:${items.map(escapeRegex).join('|')})`;
  }

  override toUrl(value: unknown): string {
    const text = String(value);
    if (!this.items.has(text)) {
      const valid = [...this.items].sort().map((item) => `'${item}'`);
      throw new ValidationError(`'${text}' is not one of ${valid.join(', ')}`);
    }
    return quoteSegment(text);
  }
}

/** `<path:name>`: like string but spans slashes (`a/b/c`). Tried after every other converter. */
export class PathConverter extends BaseConverter {
  constructor(map: MapSettings, ...args: unknown[]) {
    super(map);
    bindArgs('path', args, []);
    // Werkzeug writes '[^/].*?'; [\s\S] also takes newlines from %0A.
    this.regex = '[^/][\\s\\S]*?';
    this.weight = 200;
    this.partIsolating = false;
  }

  override toUrl(value: unknown): string {
    return quotePath(String(value));
  }
}

abstract class NumberConverter extends BaseConverter {
  readonly fixedDigits: number;
  readonly min: number | null;
  readonly max: number | null;
  readonly signed: boolean;

  constructor(map: MapSettings, name: string, digits: string, options: Record<string, unknown>) {
    super(map);
    const fixed = options.fixed_digits ?? options.fixedDigits ?? 0;
    this.fixedDigits = count(name, 'fixed_digits', fixed);
    this.min = optionalNumber(name, 'min', options.min ?? null);
    this.max = optionalNumber(name, 'max', options.max ?? null);
    const signed = options.signed ?? false;
    if (typeof signed !== 'boolean')
      throw new RuleSyntaxError(`'${name}' converter: signed must be True or False.`);
    this.signed = signed;
    this.regex = signed ? `-?${digits}` : digits;
    this.weight = 50;
  }

  protected checkRange(raw: string, value: number): number {
    if (!Number.isFinite(value)) throw new ValidationError(`'${raw}' is out of range`);
    if ((this.min !== null && value < this.min) || (this.max !== null && value > this.max)) {
      throw new ValidationError(`${value} is outside [${this.min ?? ''}, ${this.max ?? ''}]`);
    }
    return value === 0 ? 0 : value; // no -0 from "-0"
  }
}

/**
 * `<int:id>` or `<int(fixed_digits=4, min=1, max=9999, signed=False):id>`: decimal digits, value is a number.
 * Values beyond `Number.MAX_SAFE_INTEGER` do not match (they would lose precision).
 */
export class IntegerConverter extends NumberConverter {
  constructor(map: MapSettings, ...args: unknown[]) {
    super(map, 'int', '\\d+', bindArgs('int', args, INT_PARAMS));
  }

  override toValue(raw: string): number {
    if (this.fixedDigits && raw.length !== this.fixedDigits) {
      throw new ValidationError(`'${raw}' does not have ${this.fixedDigits} digits`);
    }
    const value = raw.length <= 15 ? parseShortInteger(raw) : Number(raw);
    if (!Number.isSafeInteger(value)) throw new ValidationError(`'${raw}' is too large for an integer`);
    return this.checkRange(raw, value);
  }

  override toUrl(value: unknown): string {
    let text: string;
    if (typeof value === 'bigint') text = value.toString();
    else if (typeof value === 'number' && Number.isSafeInteger(value)) text = String(value === 0 ? 0 : value);
    else if (typeof value === 'string' && /^-?\d+$/.test(value)) text = String(BigInt(value));
    else throw new ValidationError(`${describe(value)} is not an integer`);
    return this.fixedDigits ? zeroFill(text, this.fixedDigits) : text;
  }
}
const INT_PARAMS = ['fixed_digits', 'min', 'max', 'signed'] as const;

/**
 * `Number(text)` for up to 15 decimal digits (always a safe integer), with an optional `-`, by a character loop:
 * `Number` goes through V8's general string-to-number conversion, costly for a short id (bench/README.md).
 * Other text (a subclass may widen the regex) still goes to `Number`.
 */
function parseShortInteger(text: string): number {
  const negative = text.charCodeAt(0) === 45; // '-'
  let value = 0;
  let i = negative ? 1 : 0;
  if (i === text.length) return Number(text);
  for (; i < text.length; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return Number(text);
    value = value * 10 + digit;
  }
  return negative ? -value : value;
}

/** `<float:x>` or `<float(min=0, max=1, signed=False):x>`: `digits.digits`, value is a number. */
export class FloatConverter extends NumberConverter {
  constructor(map: MapSettings, ...args: unknown[]) {
    super(map, 'float', '\\d+\\.\\d+', bindArgs('float', args, FLOAT_PARAMS));
  }

  override toValue(raw: string): number {
    return this.checkRange(raw, Number(raw));
  }

  /** Writes `1` as `1.0` so the URL matches the float pattern again. */
  override toUrl(value: unknown): string {
    const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
    if (typeof number !== 'number' || !Number.isFinite(number)) {
      throw new ValidationError(`${describe(value)} is not a finite number`);
    }
    if (Number.isInteger(number)) {
      return `${Math.abs(number) >= 1e21 ? BigInt(number).toString() : String(number === 0 ? 0 : number)}.0`;
    }
    const text = String(number);
    if (text.includes('e')) throw new ValidationError(`${text} is too small to write without an exponent`);
    return text;
  }
}
const FLOAT_PARAMS = ['min', 'max', 'signed'] as const;

const UUID_PATTERN = '[A-Fa-f0-9]{8}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{12}';
const UUID_REGEX = new RegExp(`^${UUID_PATTERN}$`);

/**
 * `<uuid:id>`: a UUID in its 8-4-4-4-12 hex form, value is the lower-cased string.
 * Differs from Werkzeug: the value is a string, not a `uuid.UUID` object.
 */
export class UuidConverter extends BaseConverter {
  constructor(map: MapSettings, ...args: unknown[]) {
    super(map);
    bindArgs('uuid', args, []);
    this.regex = UUID_PATTERN;
    this.weight = 50;
  }

  override toValue(raw: string): string {
    return raw.toLowerCase();
  }

  override toUrl(value: unknown): string {
    const text = String(value);
    if (!UUID_REGEX.test(text)) throw new ValidationError(`${describe(value)} is not a UUID`);
    return text.toLowerCase();
  }
}

/** The converters every map starts with, by the name used in rules. `default` is what `<name>` uses. */
export const DEFAULT_CONVERTERS: Readonly<Record<string, ConverterClass>> = Object.freeze({
  default: StringConverter,
  string: StringConverter,
  any: AnyConverter,
  path: PathConverter,
  int: IntegerConverter,
  float: FloatConverter,
  uuid: UuidConverter,
});

function isNamedArgs(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// Maps Werkzeug-style positional + named arguments onto parameter names, rejecting unknown ones.
function bindArgs(
  name: string,
  args: readonly unknown[],
  params: readonly string[],
): Record<string, unknown> {
  const last = args.at(-1);
  const named = isNamedArgs(last) ? last : null;
  const positional = named === null ? args : args.slice(0, -1);
  const takes = params.length === 0 ? 'takes no arguments' : `takes ${params.join(', ')}`;
  if (positional.length > params.length) {
    throw new RuleSyntaxError(
      `the '${name}' converter got ${positional.length} positional arguments; it ${takes}.`,
    );
  }
  const bound: Record<string, unknown> = Object.create(null);
  positional.forEach((value, index) => {
    bound[params[index] as string] = value;
  });
  for (const [key, value] of Object.entries(named ?? {})) {
    const param = key === 'fixedDigits' ? 'fixed_digits' : key;
    if (!params.includes(param))
      throw new RuleSyntaxError(`the '${name}' converter has no argument '${key}'; it ${takes}.`);
    if (param in bound) throw new RuleSyntaxError(`the '${name}' converter got '${key}' twice.`);
    bound[param] = value;
  }
  return bound;
}

function count(converter: string, param: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new RuleSyntaxError(
      `the '${converter}' converter needs a whole number >= 0 for ${param}, not ${describe(value)}.`,
    );
  }
  return value;
}

function optionalNumber(converter: string, param: string, value: unknown): number | null {
  if (value === null) return null;
  if (typeof value !== 'number' || Number.isNaN(value)) {
    throw new RuleSyntaxError(
      `the '${converter}' converter needs a number for ${param}, not ${describe(value)}.`,
    );
  }
  return value;
}

function zeroFill(text: string, width: number): string {
  return text.startsWith('-') ? `-${text.slice(1).padStart(width - 1, '0')}` : text.padStart(width, '0');
}

function describe(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : typeof value === 'bigint' ? `${value}n` : String(value);
}
