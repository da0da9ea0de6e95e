/**
 * HTML and URL filters: `escape`, `forceescape`, `safe`, `striptags`, `xmlattr`, `urlencode`.
 */
import { ValueError } from '../errors/errors.ts';
import { striptagsText } from '../runtime/internal/striptags.ts';
import { escapeText, isMarkup, Markup } from '../runtime/markup.ts';
import { isIterable, isMapping, isString, mappingEntries, pyIter, toText } from '../runtime/values.ts';
import type { EvalContext } from './types.ts';

/** `escape` / `e`: escapes `&<>"'` and marks the result safe; Markup passes unchanged. `None` → `None`. */
export function escapeFilter(value: unknown): Markup {
  if (value instanceof Markup) return value;
  if (isMarkup(value)) return new Markup(value.__html__());
  return new Markup(escapeText(toText(value)));
}

/** `forceescape`: escapes even Markup (its HTML form is escaped again). */
export function forceescape(value: unknown): Markup {
  const text = isMarkup(value) ? value.__html__() : toText(value);
  return new Markup(escapeText(text));
}

/** `safe`: marks the value as safe, so autoescaping leaves it alone. */
export function safe(value: unknown): Markup {
  return value instanceof Markup ? value : new Markup(isMarkup(value) ? value.__html__() : toText(value));
}

/** `striptags`: removes tags and comments, collapses whitespace, and decodes character references. */
export function striptags(value: unknown): string {
  return striptagsText(isMarkup(value) ? value.__html__() : toText(value));
}

// ASCII whitespace, '/', '>' and '=' would end the attribute name and start another.
// biome-ignore lint/suspicious/noControlCharactersInRegex: Python's ASCII whitespace includes control characters.
const INVALID_ATTR_KEY = /[\t\n\x0b\x0c\r\x1c-\x1f />=]/;

/**
 * `xmlattr(autospace=True)`: renders a dict as HTML/XML attributes, `key="escaped value"`, skipping
 * `None` and undefined values, with a leading space when `autospace`. Markup under autoescape.
 *
 * @throws ValueError for a key containing whitespace, `/`, `>` or `=` (it could inject attributes).
 */
export function xmlattr(
  evalContext: EvalContext,
  value: unknown,
  autospace: unknown = true,
): string | Markup {
  if (!isMapping(value)) throw new TypeError('xmlattr needs a dict of attribute names to values.');
  const environment = evalContext.environment;
  const items: string[] = [];
  for (const [key, item] of mappingEntries(value)) {
    if (item === null || item === undefined || environment.isUndefined(item)) continue;
    const name = toText(key);
    if (INVALID_ATTR_KEY.test(name)) {
      throw new ValueError(
        `Invalid character in attribute name: '${name}'. Attribute names cannot contain spaces, '/', '>' or '='.`,
      );
    }
    items.push(`${escapeFilter(name)}="${escapeFilter(item)}"`);
  }
  let out = items.join(' ');
  if (autospace && out !== '') out = ` ${out}`;
  return evalContext.autoescape ? new Markup(out) : out;
}
xmlattr.passEvalContext = true;
xmlattr.params = ['autospace'] as const;

/** Percent-encodes text as Python's `urllib.parse.quote` does (UTF-8; `/` kept unless for a query). */
export function urlQuote(value: unknown, forQuery: boolean): string {
  const text = (isString(value) ? value.toString() : toText(value)).toWellFormed();
  let out = encodeURIComponent(text).replace(
    /[!'()*]/g,
    (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  if (forQuery) out = out.replace(/%20/g, '+');
  else out = out.replace(/%2F/g, '/');
  return out;
}

/**
 * `urlencode`: quotes a string for a URL path, or builds a query string from a dict or an iterable of
 * pairs (`q=a+b&n=1`).
 */
export function urlencode(value: unknown): string {
  if (isString(value) || !isIterable(value)) return urlQuote(value, false);
  const pairs: unknown[] = isMapping(value) ? mappingEntries(value) : Array.from(pyIter(value));
  return pairs
    .map((pair) => {
      if (!Array.isArray(pair) || pair.length !== 2) {
        throw new TypeError('urlencode needs a string, a dict, or an iterable of (key, value) pairs.');
      }
      return `${urlQuote(pair[0], true)}=${urlQuote(pair[1], true)}`;
    })
    .join('&');
}
