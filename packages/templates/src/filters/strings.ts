/**
 * String filters: case, padding, trimming, truncating, wrapping, replacing, indenting, `%` formatting.
 * Markup in gives Markup out, as MarkupSafe's string methods do.
 */
import { checkOutputSize } from '../runtime/internal/limits.ts';
import { escapeText, Markup } from '../runtime/markup.ts';
import { percentFormat, percentFormatMarkup } from '../runtime/pyformat.ts';
import {
  PY_WHITESPACE,
  pyCapitalize,
  pyCenter,
  pyReplace,
  pySplitlines,
  pyStrip,
} from '../runtime/python-methods/str.ts';
import { codePoints, textLength, toText } from '../runtime/values.ts';
import { FilterArgumentError } from './errors.ts';
import { wrapText } from './internal/textwrap.ts';
import type { EnvironmentLike, EvalContext, FilterCall } from './types.ts';

/** Python's `soft_str`: Markup stays Markup, anything else becomes its printed text. */
export function softStr(value: unknown): string | Markup {
  return value instanceof Markup ? value : toText(value);
}

function sameKind(input: string | Markup, text: string): string | Markup {
  return input instanceof Markup ? new Markup(text) : text;
}

/** `capitalize`: first character upper-case, the rest lower-case. */
export function capitalize(value: unknown): string | Markup {
  const s = softStr(value);
  return sameKind(s, pyCapitalize(s.toString()));
}

/** `upper`: the text in upper case. */
export function upper(value: unknown): string | Markup {
  const s = softStr(value);
  return sameKind(s, s.toString().toUpperCase());
}

/** `lower`: the text in lower case. */
export function lower(value: unknown): string | Markup {
  const s = softStr(value);
  return sameKind(s, s.toString().toLowerCase());
}

const WORD_BEGINNING = new RegExp(`([-${PY_WHITESPACE}({\\[<]+)`);

/** `title`: each word starts upper-case; words begin after spaces, `-` and opening brackets. */
export function title(value: unknown): string {
  return softStr(value)
    .toString()
    .split(WORD_BEGINNING)
    .filter((item) => item !== '')
    .map((item) => {
      const [first = '', ...rest] = codePoints(item);
      return first.toUpperCase() + rest.join('').toLowerCase();
    })
    .join('');
}

/** `center(width=80)`: pads the text with spaces on both sides to `width` characters. */
export function center(value: unknown, width: unknown = 80): string | Markup {
  const s = softStr(value);
  return sameKind(s, pyCenter(s.toString(), width));
}
center.params = ['width'] as const;

/** `trim(chars=None)`: strips leading and trailing whitespace, or the given characters. */
export function trim(value: unknown, chars: unknown = null): string | Markup {
  const s = softStr(value);
  return sameKind(s, pyStrip(s.toString(), chars, true, true));
}
trim.params = ['chars'] as const;

/**
 * `truncate(length=255, killwords=False, end='...', leeway=None)`: shortens text longer than
 * `length + leeway`, at a word boundary unless `killwords`.
 *
 * @throws FilterArgumentError when `length` is shorter than `end` or `leeway` is negative.
 */
export function truncate(
  environment: EnvironmentLike,
  value: unknown,
  length: unknown = 255,
  killwords: unknown = false,
  end: unknown = '...',
  leeway: unknown = null,
): unknown {
  const s = softStr(value);
  const text = s.toString();
  const tail = toText(end);
  const max = Number(length);
  const slack = Number(leeway ?? environment.policies?.['truncate.leeway'] ?? 5);
  if (max < textLength(tail))
    throw new FilterArgumentError(`expected length >= ${textLength(tail)}, got ${max}`);
  if (slack < 0) throw new FilterArgumentError(`expected leeway >= 0, got ${slack}`);
  if (textLength(text) <= max + slack) return s;
  let head = codePoints(text)
    .slice(0, max - textLength(tail))
    .join('');
  if (!killwords) {
    const space = head.lastIndexOf(' ');
    if (space >= 0) head = head.slice(0, space);
  }
  // Markup + str escapes the str in MarkupSafe, so a Markup value gets an escaped end marker.
  if (s instanceof Markup) return new Markup(head + (end instanceof Markup ? tail : escapeText(tail)));
  return head + tail;
}
truncate.passEnvironment = true;
truncate.params = ['length', 'killwords', 'end', 'leeway'] as const;

/** `wordcount`: the number of words (runs of letters, digits and underscores). */
export function wordcount(value: unknown): number {
  return toText(value).match(/[\p{L}\p{N}_]+/gu)?.length ?? 0;
}

/**
 * `wordwrap(width=79, break_long_words=True, wrapstring=None, break_on_hyphens=True)`: wraps each
 * paragraph to `width`, joining lines with `wrapstring` (default: the environment's newline sequence).
 *
 * @throws FilterArgumentError when `width` is not positive.
 */
export function wordwrap(
  environment: EnvironmentLike,
  value: unknown,
  width: unknown = 79,
  breakLongWords: unknown = true,
  wrapstring: unknown = null,
  breakOnHyphens: unknown = true,
): string {
  const w = Number(width);
  if (!(w > 0)) throw new FilterArgumentError(`wordwrap width must be greater than 0, got ${toText(width)}.`);
  const joiner = wrapstring === null ? (environment.newlineSequence ?? '\n') : toText(wrapstring);
  const options = {
    width: w,
    breakLongWords: Boolean(breakLongWords),
    breakOnHyphens: Boolean(breakOnHyphens),
  };
  return pySplitlines(toText(value))
    .map((line) => wrapText(line, options).join(joiner))
    .join(joiner);
}
wordwrap.passEnvironment = true;
wordwrap.params = ['width', 'break_long_words', 'wrapstring', 'break_on_hyphens'] as const;

/**
 * `replace(old, new, count=None)`: replaces occurrences of `old`. Under autoescape, Markup arguments make
 * the value escaped first, so the result is safe Markup.
 */
export function replace(
  evalContext: EvalContext,
  value: unknown,
  old: unknown,
  replacement: unknown,
  count: unknown = null,
): string | Markup {
  const limit = count === null ? -1 : count;
  if (!evalContext.autoescape) return pyReplace(toText(value), toText(old), toText(replacement), limit);
  const oldSafe = old instanceof Markup;
  const newSafe = replacement instanceof Markup;
  if ((oldSafe || newSafe) && !(value instanceof Markup)) {
    const escaped = Markup.escape(toText(value));
    return new Markup(pyReplace(escaped.toString(), escapeArg(old), escapeArg(replacement), limit));
  }
  if (value instanceof Markup) {
    return new Markup(pyReplace(value.toString(), escapeArg(old), escapeArg(replacement), limit));
  }
  return pyReplace(toText(value), toText(old), toText(replacement), limit);
}
replace.passEvalContext = true;
replace.params = ['old', 'new', 'count'] as const;

function escapeArg(value: unknown): string {
  return Markup.escape(value instanceof Markup ? value : toText(value)).toString();
}

/**
 * `indent(width=4, first=False, blank=False)`: indents every line but the first (unless `first`), and
 * blank lines only with `blank`. `width` may be a string to indent with.
 */
export function indent(value: unknown, width: unknown = 4, first: unknown = false, blank: unknown = false) {
  const isSafe = value instanceof Markup;
  if (typeof width !== 'string' && !(width instanceof Markup)) checkOutputSize(Number(width), 'indent()');
  let indention =
    typeof width === 'string' || width instanceof Markup ? width.toString() : ' '.repeat(Number(width));
  if (isSafe && !(width instanceof Markup)) indention = Markup.escape(indention).toString();
  // Appending a newline makes splitlines keep a trailing empty line, as Jinja does.
  const lines = pySplitlines(`${softStr(value).toString()}\n`);
  checkOutputSize(lines.length * indention.length, 'indent()');
  let out: string;
  if (blank) out = lines.join(`\n${indention}`);
  else {
    out = lines.shift() ?? '';
    if (lines.length > 0) out += `\n${lines.map((line) => (line ? indention + line : line)).join('\n')}`;
  }
  if (first) out = indention + out;
  return isSafe ? new Markup(out) : out;
}
indent.params = ['width', 'first', 'blank'] as const;

/** `string`: the value as text; Markup stays Markup. */
export function string(value: unknown): string | Markup {
  return softStr(value);
}

/**
 * `format(*args, **kwargs)`: printf-style formatting, `"%s, %d"|format(a, b)` or
 * `"%(name)s"|format(name=x)`. Markup formats escape their arguments.
 *
 * @throws FilterArgumentError when given both positional and keyword arguments.
 * @throws TypeError for too few or too many arguments, as Python's `%` does.
 */
export function format(call: FilterCall): string | Markup {
  const { value, args, kwargs } = call;
  const hasKwargs = kwargs !== null && Object.keys(kwargs).length > 0;
  if (args.length > 0 && hasKwargs) {
    throw new FilterArgumentError("format can't handle positional and keyword arguments at the same time.");
  }
  const values = hasKwargs ? kwargs : args;
  if (value instanceof Markup) return percentFormatMarkup(value, values);
  return percentFormat(toText(value), values);
}
format.rawArgs = true;
