/**
 * The `urlize` filter: turns URLs and e-mail addresses in text into links.
 */
import { escapeText, Markup } from '../runtime/markup.ts';
import { toText } from '../runtime/values.ts';
import { FilterArgumentError } from './errors.ts';
import type { EvalContext } from './types.ts';

// Python's \w is Unicode-aware; JS's is ASCII-only even with the u flag.
const W = '\\p{L}\\p{N}_';
const HTTP_URL = new RegExp(
  '^(' +
    `(https?://|www\\.)(([${W}%-]+\\.)+)?([a-z]{2,63}|xn--[${W}%]{2,59})` +
    `|([${W}%-]{2,63}\\.)+(com|net|int|edu|gov|org|info|mil)` +
    '|(https?://)((\\d{1,3}(\\.\\d{1,3}){3})|(\\[([\\da-f]{0,4}:){2}([\\da-f]{0,4}:?){1,6}\\]))' +
    ')(?::\\d{1,5})?(?:[/?#]\\S*)?$',
  'iu',
);
const EMAIL = /^\S+@[\p{L}\p{N}_][\p{L}\p{N}_.-]*\.[\p{L}\p{N}_]+$/u;
const URI_SCHEME = /^[\p{L}\p{N}_.+-]{2,}:\/{0,2}$/u;
const LEAD = /^(?:[(<]|&lt;)+/;
const TRAIL = /(?:[)>.,\n]|&gt;)+$/;
const PAIRS: [string, string][] = [
  ['(', ')'],
  ['<', '>'],
  ['&lt;', '&gt;'],
];

interface UrlizeOptions {
  trimUrlLimit: number | null;
  rel: string | null;
  target: string | null;
  extraSchemes: readonly string[];
}

function countOf(text: string, part: string): number {
  return text.split(part).length - 1;
}

function linkWord(word: string, options: UrlizeOptions, relAttr: string, targetAttr: string): string {
  let head = '';
  let middle = word;
  let tail = '';
  const lead = LEAD.exec(middle);
  if (lead !== null) {
    head = lead[0];
    middle = middle.slice(head.length);
  }
  const trail = TRAIL.exec(middle);
  if (trail !== null) {
    tail = trail[0];
    middle = middle.slice(0, trail.index);
  }
  // Prefer balanced brackets inside the URL to dropping a trailing one.
  for (const [open, close] of PAIRS) {
    const opens = countOf(middle, open);
    if (opens <= countOf(middle, close)) continue;
    const moves = Math.min(opens, countOf(tail, close));
    for (let i = 0; i < moves; i++) {
      const end = tail.indexOf(close) + close.length;
      middle += tail.slice(0, end);
      tail = tail.slice(end);
    }
  }
  const trim = (text: string) =>
    options.trimUrlLimit !== null && text.length > options.trimUrlLimit
      ? `${text.slice(0, options.trimUrlLimit)}...`
      : text;
  if (HTTP_URL.test(middle)) {
    const href = middle.startsWith('https://') || middle.startsWith('http://') ? middle : `https://${middle}`;
    middle = `<a href="${href}"${relAttr}${targetAttr}>${trim(middle)}</a>`;
  } else if (middle.startsWith('mailto:') && EMAIL.test(middle.slice(7))) {
    middle = `<a href="${middle}">${middle.slice(7)}</a>`;
  } else if (
    middle.includes('@') &&
    !middle.startsWith('www.') &&
    !middle.includes(':') &&
    EMAIL.test(middle)
  ) {
    middle = `<a href="mailto:${middle}">${middle}</a>`;
  } else {
    for (const scheme of options.extraSchemes) {
      if (middle !== scheme && middle.startsWith(scheme)) {
        middle = `<a href="${middle}"${relAttr}${targetAttr}>${middle}</a>`;
      }
    }
  }
  return head + middle + tail;
}

/** Escapes `text` and links the URLs and addresses in it (Jinja's `utils.urlize`). */
export function urlizeText(text: string, options: UrlizeOptions): string {
  const relAttr = options.rel ? ` rel="${escapeText(options.rel)}"` : '';
  const targetAttr = options.target ? ` target="${escapeText(options.target)}"` : '';
  return escapeText(text)
    .split(/(\s+)/u)
    .map((word, i) => (i % 2 === 1 ? word : linkWord(word, options, relAttr, targetAttr)))
    .join('');
}

/**
 * `urlize(trim_url_limit=None, nofollow=False, target=None, rel=None, extra_schemes=None)`: escapes the
 * text and turns URLs (`http(s)://…`, `www.…`, bare `example.com`) and e-mail addresses into links.
 * `rel` always includes the environment's `urlize.rel` policy (default `noopener`). Markup under autoescape.
 *
 * @throws FilterArgumentError for an extra scheme that is not a URI scheme prefix (`ftp:`, `tel:`).
 */
export function urlize(
  evalContext: EvalContext,
  value: unknown,
  trimUrlLimit: unknown = null,
  nofollow: unknown = false,
  target: unknown = null,
  rel: unknown = null,
  extraSchemes: unknown = null,
): string | Markup {
  const policies = evalContext.environment.policies ?? {};
  const relParts = new Set(
    toText(rel ?? '')
      .split(/\s+/)
      .filter(Boolean),
  );
  if (nofollow) relParts.add('nofollow');
  const policyRel = 'urlize.rel' in policies ? policies['urlize.rel'] : 'noopener';
  for (const part of toText(policyRel ?? '').split(/\s+/)) if (part) relParts.add(part);
  const relValue = [...relParts].sort().join(' ') || null;
  const targetValue = target ?? policies['urlize.target'] ?? null;
  const schemes = extraSchemes ?? policies['urlize.extra_schemes'] ?? [];
  const schemeList = (Array.isArray(schemes) ? schemes : [schemes]).map((s) => toText(s));
  for (const scheme of schemeList) {
    if (!URI_SCHEME.test(scheme))
      throw new FilterArgumentError(`'${scheme}' is not a valid URI scheme prefix.`);
  }
  const out = urlizeText(toText(value), {
    trimUrlLimit: trimUrlLimit === null ? null : Number(trimUrlLimit),
    rel: relValue,
    target: targetValue === null ? null : toText(targetValue),
    extraSchemes: schemeList,
  });
  return evalContext.autoescape ? new Markup(out) : out;
}
urlize.passEvalContext = true;
urlize.params = ['trim_url_limit', 'nofollow', 'target', 'rel', 'extra_schemes'] as const;
