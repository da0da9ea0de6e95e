/**
 * MarkupSafe's `striptags`, in one linear pass: removes `<!-- … -->` comments, then `<…>` tags, collapses
 * whitespace to single spaces and decodes character references. (The regex form, `<.*?>`, rescans the rest
 * of the text from every unclosed `<` and takes quadratic time on `'a<' * 100000`.)
 */
import { unescapeHtml } from './entities.ts';
import { PY_WHITESPACE } from './whitespace.ts';

const WS_RUN = new RegExp(`[${PY_WHITESPACE}]+`);

/** Removes every `open … close` span (shortest match), as a lazy regex would, in linear time. */
function removeSpans(text: string, open: string, close: string): string {
  let at = text.indexOf(open);
  if (at < 0) return text;
  let out = '';
  let from = 0;
  while (at >= 0) {
    const end = text.indexOf(close, at + open.length);
    // No closing delimiter after this opening one means none after any later one either.
    if (end < 0) break;
    out += text.slice(from, at);
    from = end + close.length;
    at = text.indexOf(open, from);
  }
  return out + text.slice(from);
}

/** The text of HTML without tags and comments, whitespace collapsed and character references decoded. */
export function striptagsText(html: string): string {
  const stripped = removeSpans(removeSpans(html, '<!--', '-->'), '<', '>');
  const words = stripped.split(WS_RUN);
  let out = '';
  for (const word of words) {
    if (word === '') continue;
    out = out === '' ? word : `${out} ${word}`;
  }
  return unescapeHtml(out);
}
