/**
 * Python `str` methods for template strings. Indices count code points, as in Python.
 */

import { ValueError } from '../../errors/errors.ts';
import { checkOutputSize } from '../internal/limits.ts';
import { PY_WHITESPACE } from '../internal/whitespace.ts';
import { codePoints, isString, pyTypeName, textLength, toList } from '../values.ts';
import type { Method } from './dict.ts';

export { PY_WHITESPACE };

const WS_SET = new Set(PY_WHITESPACE);
const WS_RUN = new RegExp(`[${PY_WHITESPACE}]+`);

/** Python `str.strip(chars)` / `lstrip` / `rstrip`; `chars` null or undefined means whitespace. */
export function pyStrip(text: string, chars: unknown, left: boolean, right: boolean): string {
  const set =
    chars === undefined || chars === null ? WS_SET : new Set(codePoints(requireStr(chars, 'strip')));
  // Only the ends are read (by code point), so stripping a long text costs what it strips.
  let start = 0;
  let end = text.length;
  if (left) {
    while (start < end) {
      const ch = String.fromCodePoint(text.codePointAt(start) as number);
      if (!set.has(ch)) break;
      start += ch.length;
    }
  }
  if (right) {
    while (end > start) {
      const low = text.charCodeAt(end - 1);
      const high = end - 2 >= start ? text.charCodeAt(end - 2) : 0;
      const width = low >= 0xdc00 && low < 0xe000 && high >= 0xd800 && high < 0xdc00 ? 2 : 1;
      if (!set.has(text.slice(end - width, end))) break;
      end -= width;
    }
  }
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

/** Python `str.split(sep, maxsplit)`. */
export function pySplit(text: string, sep: unknown = null, maxsplit: unknown = -1): string[] {
  let limit = Number(maxsplit);
  if (limit < 0) limit = Number.POSITIVE_INFINITY;
  if (sep === null || sep === undefined) {
    const out: string[] = [];
    let rest = pyStrip(text, null, true, false);
    while (rest !== '') {
      if (out.length >= limit) {
        out.push(rest);
        break;
      }
      const match = WS_RUN.exec(rest);
      if (match === null) {
        out.push(rest);
        break;
      }
      out.push(rest.slice(0, match.index));
      rest = rest.slice(match.index + match[0].length);
    }
    return out;
  }
  const separator = requireStr(sep, 'split');
  if (separator === '') throw new ValueError('empty separator: split() needs a non-empty separator or none.');
  const parts = text.split(separator);
  if (parts.length - 1 <= limit) return parts;
  return [...parts.slice(0, limit), parts.slice(limit).join(separator)];
}

function pyRsplit(text: string, sep: unknown = null, maxsplit: unknown = -1): string[] {
  const limit = Number(maxsplit);
  if (limit < 0) return pySplit(text, sep, -1);
  if (sep === null || sep === undefined) {
    const reversed = codePoints(text).reverse().join('');
    return pySplit(reversed, null, limit)
      .map((part) => codePoints(part).reverse().join(''))
      .reverse();
  }
  const separator = requireStr(sep, 'rsplit');
  if (separator === '')
    throw new ValueError('empty separator: rsplit() needs a non-empty separator or none.');
  const parts = text.split(separator);
  if (parts.length - 1 <= limit) return parts;
  const cut = parts.length - limit;
  return [parts.slice(0, cut).join(separator), ...parts.slice(cut)];
}

// Python's line boundaries: \r\n, \n, \r, \v, \f, \x1c-\x1e, \x85, \u2028, \u2029.
// biome-ignore lint/suspicious/noControlCharactersInRegex: Python's line boundaries include control characters.
const LINE_BREAK = /\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]/g;

/** Python `str.splitlines(keepends)`. */
export function pySplitlines(text: string, keepends: unknown = false): string[] {
  const out: string[] = [];
  let last = 0;
  for (const match of text.matchAll(LINE_BREAK)) {
    const end = match.index + match[0].length;
    out.push(text.slice(last, keepends ? end : match.index));
    last = end;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

function requireStr(value: unknown, method: string): string {
  if (isString(value)) return value.toString();
  throw new TypeError(`${method}() needs a str argument, not '${pyTypeName(value)}'.`);
}

// Python's str.center puts the odd padding character on the left only when the width is odd too.
/** Python `str.center(width, fillchar)`. */
export function pyCenter(text: string, width: unknown, fill: unknown = ' '): string {
  const w = Number(width);
  const len = textLength(text);
  if (len >= w) return text;
  checkOutputSize(w, 'center()');
  const pad = w - len;
  const left = Math.floor(pad / 2) + (pad & w & 1);
  const ch = requireStr(fill, 'center');
  return ch.repeat(left) + text + ch.repeat(pad - left);
}

/** Resolves Python's optional `start`/`end` slice arguments to a substring and its code-point offset. */
function window(text: string, start: unknown, end: unknown): [string, number] {
  if ((start === undefined || start === null) && (end === undefined || end === null)) return [text, 0];
  const cps = codePoints(text);
  const n = cps.length;
  const norm = (v: unknown, dflt: number) => {
    if (v === undefined || v === null) return dflt;
    const i = Number(v);
    return i < 0 ? Math.max(0, n + i) : Math.min(i, n);
  };
  const s = norm(start, 0);
  const e = norm(end, n);
  return [s >= e ? '' : cps.slice(s, e).join(''), s];
}

function find(text: string, sub: unknown, start: unknown, end: unknown, fromRight: boolean): number {
  const needle = requireStr(sub, 'find');
  const [hay, offset] = window(text, start, end);
  const at = fromRight ? hay.lastIndexOf(needle) : hay.indexOf(needle);
  return at < 0 ? -1 : offset + textLength(hay.slice(0, at));
}

function matchesAffix(text: string, affix: unknown, start: unknown, end: unknown, atEnd: boolean): boolean {
  const [hay] = window(text, start, end);
  const options = Array.isArray(affix) ? affix : [affix];
  return options.some((a) => {
    const s = requireStr(a, atEnd ? 'endswith' : 'startswith');
    return atEnd ? hay.endsWith(s) : hay.startsWith(s);
  });
}

function countOf(text: string, sub: unknown, start: unknown, end: unknown): number {
  const needle = requireStr(sub, 'count');
  const [hay] = window(text, start, end);
  if (needle === '') return textLength(hay) + 1;
  return hay.split(needle).length - 1;
}

/** Python `str.replace(old, new, count)`; an empty `old` inserts between every character. */
export function pyReplace(text: string, old: string, replacement: string, count: unknown = -1): string {
  let limit = Number(count);
  if (limit < 0) limit = Number.POSITIVE_INFINITY;
  if (old === '') {
    const cps = codePoints(text);
    checkOutputSize(text.length + Math.min(limit, cps.length + 1) * replacement.length, 'replace()');
    let out = '';
    let n = 0;
    for (let i = 0; i <= cps.length; i++) {
      if (n < limit) {
        out += replacement;
        n++;
      }
      if (i < cps.length) out += cps[i];
    }
    return out;
  }
  const parts = text.split(old);
  if (replacement.length > old.length) {
    const count = Math.min(limit, parts.length - 1);
    checkOutputSize(text.length + count * (replacement.length - old.length), 'replace()');
  }
  if (limit === Number.POSITIVE_INFINITY) return parts.join(replacement);
  if (parts.length - 1 <= limit) return parts.join(replacement);
  return parts.slice(0, limit + 1).join(replacement) + old + parts.slice(limit + 1).join(old);
}

// Characters whose title case differs from their upper case (JS has no toTitleCase).
const TITLE_CASE: Record<string, string> = Object.assign(Object.create(null), {
  ß: 'Ss',
  Ǆ: 'ǅ',
  ǅ: 'ǅ',
  ǆ: 'ǅ',
  Ǉ: 'ǈ',
  ǈ: 'ǈ',
  ǉ: 'ǈ',
  Ǌ: 'ǋ',
  ǋ: 'ǋ',
  ǌ: 'ǋ',
  Ǳ: 'ǲ',
  ǲ: 'ǲ',
  ǳ: 'ǲ',
  ﬀ: 'Ff',
  ﬁ: 'Fi',
  ﬂ: 'Fl',
  ﬃ: 'Ffi',
  ﬄ: 'Ffl',
  ﬅ: 'St',
  ﬆ: 'St',
});

function toTitleChar(ch: string): string {
  return TITLE_CASE[ch] ?? ch.toUpperCase();
}

function isCased(ch: string): boolean {
  return ch.toLowerCase() !== ch.toUpperCase();
}

/** Python `str.title()`: every run of cased letters starts upper-case (`"1st".title() == "1St"`). */
export function pyTitle(text: string): string {
  let out = '';
  let previousCased = false;
  for (const ch of text) {
    if (isCased(ch)) {
      out += previousCased ? ch.toLowerCase() : toTitleChar(ch);
      previousCased = true;
    } else {
      out += ch;
      previousCased = /\p{L}/u.test(ch) && previousCased;
    }
  }
  return out;
}

/** Python `str.capitalize()`: first character upper-case, the rest lower-case. */
export function pyCapitalize(text: string): string {
  if (text === '') return text;
  const first = String.fromCodePoint(text.codePointAt(0) as number);
  return toTitleChar(first) + text.slice(first.length).toLowerCase();
}

function classify(text: string, re: RegExp): boolean {
  return text !== '' && re.test(text);
}

function casedCheck(text: string, upper: boolean): boolean {
  let sawCased = false;
  for (const ch of text) {
    if (!isCased(ch)) continue;
    sawCased = true;
    if (upper ? ch !== ch.toUpperCase() : ch !== ch.toLowerCase()) return false;
  }
  return sawCased;
}

/** Python `str.islower()`: at least one cased character and no upper-case ones. */
export function pyIsLower(text: string): boolean {
  return casedCheck(text, false);
}

/** Python `str.isupper()`: at least one cased character and no lower-case ones. */
export function pyIsUpper(text: string): boolean {
  return casedCheck(text, true);
}

function partition(text: string, sep: unknown, fromRight: boolean): string[] {
  const s = requireStr(sep, 'partition');
  if (s === '') throw new ValueError('empty separator: partition() needs a non-empty separator.');
  const at = fromRight ? text.lastIndexOf(s) : text.indexOf(s);
  if (at < 0) return fromRight ? ['', '', text] : [text, '', ''];
  return [text.slice(0, at), s, text.slice(at + s.length)];
}

function joinStrings(sep: string, iterable: unknown): string {
  const items = toList(iterable);
  return items
    .map((item, i) => {
      if (isString(item)) return item.toString();
      throw new TypeError(`sequence item ${i}: expected str instance, ${pyTypeName(item)} found`);
    })
    .join(sep);
}

type StrFn = (self: string, ...args: unknown[]) => unknown;
const m = (name: string, params: string[], fn: StrFn): [string, Method] => [
  name,
  { name, params, fn: fn as Method['fn'] },
];

/** Python `str` methods by name; `format` is bound in `python-methods.ts`, with the access checkpoint it needs. */
export const STR_METHODS = new Map<string, Method>([
  m('upper', [], (s) => s.toUpperCase()),
  m('lower', [], (s) => s.toLowerCase()),
  m('casefold', [], (s) => s.toLowerCase()),
  m('swapcase', [], (s) =>
    Array.from(s, (ch) => (ch === ch.toUpperCase() ? ch.toLowerCase() : ch.toUpperCase())).join(''),
  ),
  m('title', [], (s) => pyTitle(s)),
  m('capitalize', [], (s) => pyCapitalize(s)),
  m('strip', ['chars'], (s, chars) => pyStrip(s, chars, true, true)),
  m('lstrip', ['chars'], (s, chars) => pyStrip(s, chars, true, false)),
  m('rstrip', ['chars'], (s, chars) => pyStrip(s, chars, false, true)),
  m('split', ['sep', 'maxsplit'], (s, sep, max) => pySplit(s, sep, max)),
  m('rsplit', ['sep', 'maxsplit'], (s, sep, max) => pyRsplit(s, sep, max)),
  m('splitlines', ['keepends'], (s, keep) => pySplitlines(s, keep)),
  m('join', ['iterable'], (s, it) => joinStrings(s, it)),
  m('replace', ['old', 'new', 'count'], (s, o, n, c) =>
    pyReplace(s, requireStr(o, 'replace'), requireStr(n, 'replace'), c),
  ),
  m('startswith', ['prefix', 'start', 'end'], (s, a, st, e) => matchesAffix(s, a, st, e, false)),
  m('endswith', ['suffix', 'start', 'end'], (s, a, st, e) => matchesAffix(s, a, st, e, true)),
  m('find', ['sub', 'start', 'end'], (s, sub, st, e) => find(s, sub, st, e, false)),
  m('rfind', ['sub', 'start', 'end'], (s, sub, st, e) => find(s, sub, st, e, true)),
  m('index', ['sub', 'start', 'end'], (s, sub, st, e) => found(find(s, sub, st, e, false))),
  m('rindex', ['sub', 'start', 'end'], (s, sub, st, e) => found(find(s, sub, st, e, true))),
  m('count', ['sub', 'start', 'end'], (s, sub, st, e) => countOf(s, sub, st, e)),
  m('center', ['width', 'fillchar'], (s, w, f) => pyCenter(s, w, f)),
  m(
    'ljust',
    ['width', 'fillchar'],
    (s, w, f = ' ') => s + requireStr(f, 'ljust').repeat(padding(s, w, 'ljust()')),
  ),
  m(
    'rjust',
    ['width', 'fillchar'],
    (s, w, f = ' ') => requireStr(f, 'rjust').repeat(padding(s, w, 'rjust()')) + s,
  ),
  m('zfill', ['width'], (s, w) => {
    const sign = s[0] === '-' || s[0] === '+' ? (s[0] as string) : '';
    padding(s, w, 'zfill()');
    return sign + s.slice(sign.length).padStart(Number(w) - sign.length, '0');
  }),
  m('partition', ['sep'], (s, sep) => partition(s, sep, false)),
  m('rpartition', ['sep'], (s, sep) => partition(s, sep, true)),
  m('removeprefix', ['prefix'], (s, p) =>
    s.startsWith(requireStr(p, 'removeprefix')) ? s.slice(String(p).length) : s,
  ),
  m('removesuffix', ['suffix'], (s, p) => {
    const suffix = requireStr(p, 'removesuffix');
    return suffix !== '' && s.endsWith(suffix) ? s.slice(0, s.length - suffix.length) : s;
  }),
  m('isdigit', [], (s) => classify(s, /^\p{Nd}+$/u)),
  m('isdecimal', [], (s) => classify(s, /^\p{Nd}+$/u)),
  m('isnumeric', [], (s) => classify(s, /^\p{N}+$/u)),
  m('isalpha', [], (s) => classify(s, /^\p{L}+$/u)),
  m('isalnum', [], (s) => classify(s, /^[\p{L}\p{N}]+$/u)),
  m('isspace', [], (s) => s !== '' && Array.from(s).every((ch) => WS_SET.has(ch))),
  m('islower', [], (s) => pyIsLower(s)),
  m('isupper', [], (s) => pyIsUpper(s)),
  m('istitle', [], (s) => s === pyTitle(s) && Array.from(s).some(isCased)),
]);

/** How many fill characters pad `text` to `width`, refused past the output bound. */
function padding(text: string, width: unknown, method: string): number {
  const count = Math.max(0, Number(width) - textLength(text)) || 0;
  if (count > 0) checkOutputSize(Number(width), method);
  return count;
}

function found(index: number): number {
  if (index < 0) throw new ValueError('substring not found');
  return index;
}
