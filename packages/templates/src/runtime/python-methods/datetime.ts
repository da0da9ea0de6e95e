/**
 * Python's `datetime` API on JavaScript `Date` values, so Flask templates such as
 * `{{ post.created.strftime('%Y-%m-%d') }}` render unchanged: the attributes `year`, `month`, `day`,
 * `hour`, `minute`, `second`, `microsecond` and `tzinfo`, and the methods `strftime`, `isoformat`, `date`,
 * `time`, `weekday`, `isoweekday`, `timestamp` and `ctime`.
 *
 * A Date is read as a naive datetime in the process's local time zone: the fields are those of
 * `getFullYear()`, `getHours()` and so on, which is how database drivers build Dates from naive
 * timestamps, and `isoformat()` has no offset. `strftime` is linear in its format.
 */

import { ValueError } from '../../errors/errors.ts';
import { NOT_FOUND } from '../internal/not-found.ts';
import { GETATTR } from '../undefined.ts';

const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** The fields of a datetime; `date()` values have zero time fields and `hasTime` false. */
interface Fields {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second: number;
  microsecond: number;
  hasTime: boolean;
}

function fieldsOf(d: Date): Fields {
  if (Number.isNaN(d.getTime())) throw new ValueError('Invalid Date: this Date holds no point in time.');
  return {
    year: d.getFullYear(),
    month: d.getMonth() + 1,
    day: d.getDate(),
    hour: d.getHours(),
    minute: d.getMinutes(),
    second: d.getSeconds(),
    microsecond: d.getMilliseconds() * 1000,
    hasTime: true,
  };
}

const pad = (n: number, width: number, fill = '0'): string => String(n).padStart(width, fill);

/** Monday is 0, as Python's `weekday()`. */
function weekday(f: Fields): number {
  return (new Date(Date.UTC(f.year, f.month - 1, f.day)).getUTCDay() + 6) % 7;
}

function dayOfYear(f: Fields): number {
  return (Date.UTC(f.year, f.month - 1, f.day) - Date.UTC(f.year, 0, 1)) / 86_400_000 + 1;
}

/** Week number of the year with weeks starting on `firstDay` (0 Monday, 6 Sunday), as %W / %U. */
function weekNumber(f: Fields, firstDay: number): number {
  const yday = dayOfYear(f) - 1;
  const wday = (weekday(f) - firstDay + 7) % 7;
  return Math.floor((yday + 7 - wday) / 7);
}

/** ISO 8601 year and week (Python's `isocalendar()`). */
function isoWeek(f: Fields): [number, number] {
  const date = new Date(Date.UTC(f.year, f.month - 1, f.day));
  const thursday = new Date(date.getTime() + (3 - weekday(f)) * 86_400_000);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * 86_400_000)) + 1;
  return [year, week];
}

/** One `%x` directive (without the `%`), or null when unknown. `unpadded` is glibc's `%-d` form. */
function directive(f: Fields, code: string, unpadded: boolean): string | null {
  const p = (n: number, width: number) => (unpadded ? String(n) : pad(n, width));
  switch (code) {
    case 'a':
      return (DAYS[weekday(f)] as string).slice(0, 3);
    case 'A':
      return DAYS[weekday(f)] as string;
    case 'w':
      return String((weekday(f) + 1) % 7);
    case 'u':
      return String(weekday(f) + 1);
    case 'd':
      return p(f.day, 2);
    case 'e':
      return unpadded ? String(f.day) : pad(f.day, 2, ' ');
    case 'b':
    case 'h':
      return (MONTHS[f.month - 1] as string).slice(0, 3);
    case 'B':
      return MONTHS[f.month - 1] as string;
    case 'm':
      return p(f.month, 2);
    case 'y':
      return p(f.year % 100, 2);
    case 'Y':
      return String(f.year);
    case 'G':
      return String(isoWeek(f)[0]);
    case 'V':
      return p(isoWeek(f)[1], 2);
    case 'H':
      return p(f.hour, 2);
    case 'I':
      return p(f.hour % 12 === 0 ? 12 : f.hour % 12, 2);
    case 'p':
      return f.hour < 12 ? 'AM' : 'PM';
    case 'M':
      return p(f.minute, 2);
    case 'S':
      return p(f.second, 2);
    case 'f':
      return pad(f.microsecond, 6);
    case 'j':
      return p(dayOfYear(f), 3);
    case 'U':
      return p(weekNumber(f, 6), 2);
    case 'W':
      return p(weekNumber(f, 0), 2);
    case 'z':
    case 'Z':
      return ''; // a naive datetime has no offset or zone name
    case 'c':
      return `${directive(f, 'a', false)} ${directive(f, 'b', false)} ${pad(f.day, 2, ' ')} ${directive(f, 'X', false)} ${f.year}`;
    case 'x':
      return `${pad(f.month, 2)}/${pad(f.day, 2)}/${pad(f.year % 100, 2)}`;
    case 'X':
    case 'T':
      return `${pad(f.hour, 2)}:${pad(f.minute, 2)}:${pad(f.second, 2)}`;
    case 'D':
      return `${pad(f.month, 2)}/${pad(f.day, 2)}/${pad(f.year % 100, 2)}`;
    case 'F':
      return `${f.year}-${pad(f.month, 2)}-${pad(f.day, 2)}`;
    case 'R':
      return `${pad(f.hour, 2)}:${pad(f.minute, 2)}`;
    case 'n':
      return '\n';
    case 't':
      return '\t';
    case '%':
      return '%';
    default:
      return null;
  }
}

/** Python's `strftime(format)` (C locale), with glibc's `%-d` unpadded forms; unknown directives stay as written. */
export function strftime(f: Fields, format: unknown): string {
  if (typeof format !== 'string' && !(format instanceof Object && typeof format.toString === 'function')) {
    throw new TypeError('strftime() needs a format string.');
  }
  const text = String(format);
  let out = '';
  let i = 0;
  while (i < text.length) {
    const pct = text.indexOf('%', i);
    if (pct < 0) {
      out += text.slice(i);
      break;
    }
    out += text.slice(i, pct);
    const unpadded = text[pct + 1] === '-';
    const code = text[pct + (unpadded ? 2 : 1)];
    if (code === undefined) {
      out += text.slice(pct);
      break;
    }
    const value = directive(f, code, unpadded);
    const end = pct + (unpadded ? 3 : 2);
    out += value ?? text.slice(pct, end);
    i = end;
  }
  return out;
}

function isoDate(f: Fields): string {
  const y = f.year < 0 ? `-${pad(-f.year, 6)}` : f.year > 9999 ? `+${f.year}` : pad(f.year, 4);
  return `${y}-${pad(f.month, 2)}-${pad(f.day, 2)}`;
}

function isoTime(f: Fields, timespec: string): string {
  const hh = pad(f.hour, 2);
  const mm = pad(f.minute, 2);
  const ss = pad(f.second, 2);
  switch (timespec) {
    case 'hours':
      return hh;
    case 'minutes':
      return `${hh}:${mm}`;
    case 'seconds':
      return `${hh}:${mm}:${ss}`;
    case 'milliseconds':
      return `${hh}:${mm}:${ss}.${pad(Math.floor(f.microsecond / 1000), 3)}`;
    case 'microseconds':
      return `${hh}:${mm}:${ss}.${pad(f.microsecond, 6)}`;
    case 'auto':
      return f.microsecond === 0 ? `${hh}:${mm}:${ss}` : `${hh}:${mm}:${ss}.${pad(f.microsecond, 6)}`;
    default:
      throw new ValueError(`Unknown timespec value: '${timespec}'`);
  }
}

/** Python's `datetime.isoformat(sep='T', timespec='auto')`. */
function isoformat(f: Fields, sep: unknown = 'T', timespec: unknown = 'auto'): string {
  if (!f.hasTime) return isoDate(f);
  return `${isoDate(f)}${String(sep)}${isoTime(f, String(timespec))}`;
}

type Bound = ((...args: unknown[]) => unknown) & { params?: readonly string[] };

function method(name: string, params: readonly string[], fn: (...args: unknown[]) => unknown): Bound {
  const bound = fn as Bound;
  bound.params = params;
  Object.defineProperty(bound, 'name', { value: name });
  return bound;
}

/**
 * Python's `datetime.date` (what `dt.date()` gives): `year`, `month`, `day`, `strftime`, `isoformat`,
 * `weekday`, `isoweekday`; prints as `YYYY-MM-DD`.
 */
export class PyDate {
  readonly #fields: Fields;

  constructor(year: number, month: number, day: number) {
    this.#fields = { year, month, day, hour: 0, minute: 0, second: 0, microsecond: 0, hasTime: false };
  }

  /** Attribute lookup from templates (the engine's GETATTR protocol, see `access.ts`). */
  [GETATTR](name: string): unknown {
    return fieldAttribute(this.#fields, name) ?? NOT_FOUND;
  }

  __eq__(other: unknown): boolean {
    return other instanceof PyDate && other.toString() === this.toString();
  }

  __repr__(): string {
    const f = this.#fields;
    return `datetime.date(${f.year}, ${f.month}, ${f.day})`;
  }

  toString(): string {
    return isoDate(this.#fields);
  }

  toJSON(): string {
    return this.toString();
  }
}

const FIELD_NAMES = new Set([
  'year',
  'month',
  'day',
  'hour',
  'minute',
  'second',
  'microsecond',
  'tzinfo',
  'strftime',
  'isoformat',
  'weekday',
  'isoweekday',
  'isocalendar',
  'ctime',
]);

function fieldAttribute(f: Fields, name: string): unknown {
  switch (name) {
    case 'year':
    case 'month':
    case 'day':
      return f[name];
    case 'hour':
    case 'minute':
    case 'second':
    case 'microsecond':
      return f.hasTime ? f[name] : undefined;
    case 'tzinfo':
      return f.hasTime ? null : undefined;
    case 'strftime':
      return method('strftime', ['format'], (format) => strftime(f, format));
    case 'isoformat':
      return f.hasTime
        ? method('isoformat', ['sep', 'timespec'], (sep, timespec) => isoformat(f, sep, timespec))
        : method('isoformat', [], () => isoDate(f));
    case 'weekday':
      return method('weekday', [], () => weekday(f));
    case 'isoweekday':
      return method('isoweekday', [], () => weekday(f) + 1);
    case 'isocalendar':
      return method('isocalendar', [], () => [...isoWeek(f), weekday(f) + 1]);
    case 'ctime':
      return method('ctime', [], () => strftime(f, '%a %b %e %H:%M:%S %Y'));
    default:
      return undefined;
  }
}

/** The datetime attribute `name` of a Date (a value or a bound method), or undefined when it has none. */
export function dateAttribute(d: Date, name: string): unknown {
  switch (name) {
    case 'date':
      return method('date', [], () => {
        const f = fieldsOf(d);
        return new PyDate(f.year, f.month, f.day);
      });
    case 'time':
      return method('time', [], () => isoTime(fieldsOf(d), 'auto'));
    case 'timestamp':
      return method('timestamp', [], () => d.getTime() / 1000);
    default:
      return FIELD_NAMES.has(name) ? fieldAttribute(fieldsOf(d), name) : undefined;
  }
}
