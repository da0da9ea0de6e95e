/** Hot-path text helpers for rendering: HTML escaping of strings and printing of numbers. */

import { formatNumber } from '../values.ts';

/**
 * Escapes `& < > " '` like MarkupSafe (numeric entities for quotes). Scans by char code and
 * returns the input itself when nothing needs escaping, which is the common case.
 */
export function escapeHtml(text: string): string {
  const n = text.length;
  let i = 0;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c <= 62 && (c === 38 || c === 60 || c === 62 || c === 34 || c === 39)) break;
  }
  if (i === n) return text;
  let out = text.slice(0, i);
  let start = i;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c > 62) continue;
    let rep: string;
    if (c === 38) rep = '&amp;';
    else if (c === 60) rep = '&lt;';
    else if (c === 62) rep = '&gt;';
    else if (c === 34) rep = '&#34;';
    else if (c === 39) rep = '&#39;';
    else continue;
    if (start < i) out += text.slice(start, i);
    out += rep;
    start = i + 1;
  }
  return start < n ? out + text.slice(start) : out;
}

const SMALL_INTS: string[] = Array.from({ length: 1024 }, (_, i) => String(i));

/** Prints a number the way `{{ n }}` does, with a cache for small non-negative integers. */
export function numberText(n: number): string {
  if (n >= 0 && n < 1024 && (n | 0) === n) return SMALL_INTS[n] as string;
  return formatNumber(n);
}
