import { RequestEntityTooLarge } from './exceptions.ts';
import { MultiDict } from './multi-dict.ts';

/** Options for `parseQuery`. */
export type ParseQueryOptions = {
  /** The most `key=value` parts accepted; more throws RequestEntityTooLarge. Unlimited when null or absent. */
  maxParts?: number | null;
  /** How percent-decoded bytes are read; any label `TextDecoder` knows. UTF-8 when absent or unknown. */
  charset?: string;
};

const HEX = /^[0-9A-Fa-f]{2}$/;

/**
 * Parses a query string or `application/x-www-form-urlencoded` body into a MultiDict.
 *
 * Follows the URL Standard's urlencoded parser: pairs split on `&`, empty pairs skipped, a pair without `=`
 * has the value `''`, `+` is a space. Malformed percent escapes (`%zz`, a lone `%`) are kept literally and
 * invalid UTF-8 becomes U+FFFD instead of throwing. A leading `?` is not stripped.
 *
 * @example
 * parseQuery('q=a+b&tag=x&tag=y').getAll('tag'); // ['x', 'y']
 * @throws RequestEntityTooLarge when there are more than `maxParts` parts.
 */
export function parseQuery(query: string, options: ParseQueryOptions = {}): MultiDict<string> {
  const result = new MultiDict<string>();
  const maxParts = options.maxParts ?? Number.POSITIVE_INFINITY;
  const decoder = textDecoder(options.charset);
  let parts = 0;
  let start = 0;
  while (start <= query.length) {
    let end = query.indexOf('&', start);
    if (end === -1) end = query.length;
    if (end > start) {
      parts += 1;
      if (parts > maxParts) {
        throw new RequestEntityTooLarge(
          `The query string or form has more than ${maxParts} fields, the most this server accepts ` +
            '(MAX_FORM_PARTS).',
        );
      }
      const pair = query.slice(start, end);
      const eq = pair.indexOf('=');
      const key = eq === -1 ? pair : pair.slice(0, eq);
      const value = eq === -1 ? '' : pair.slice(eq + 1);
      result.add(decodeFormComponent(key, decoder), decodeFormComponent(value, decoder));
    }
    start = end + 1;
  }
  return result;
}

/**
 * Decodes one urlencoded component: `+` to space, `%XX` to bytes, bytes read as UTF-8 (or `decoder`'s
 * charset). Never throws: malformed escapes stay as written and invalid bytes become U+FFFD.
 */
export function decodeFormComponent(text: string, decoder?: TextDecoder): string {
  const spaced = text.includes('+') ? text.replaceAll('+', ' ') : text;
  if (!spaced.includes('%')) return spaced;
  if (decoder === undefined || decoder.encoding === 'utf-8') {
    try {
      return decodeURIComponent(spaced);
    } catch {
      // Malformed escape or invalid UTF-8: fall through to the byte-wise decoder below.
    }
  }
  const bytesDecoder = decoder ?? new TextDecoder();
  let out = '';
  let i = 0;
  while (i < spaced.length) {
    const percent = spaced.indexOf('%', i);
    if (percent === -1) break;
    out += spaced.slice(i, percent);
    // Gather a run of consecutive valid escapes: multi-byte characters arrive as several of them.
    const bytes: number[] = [];
    let j = percent;
    while (spaced[j] === '%' && HEX.test(spaced.slice(j + 1, j + 3))) {
      bytes.push(Number.parseInt(spaced.slice(j + 1, j + 3), 16));
      j += 3;
    }
    if (bytes.length === 0) {
      out += '%';
      i = percent + 1;
    } else {
      out += bytesDecoder.decode(new Uint8Array(bytes));
      i = j;
    }
  }
  return out + spaced.slice(i);
}

/** A decoder for `charset`, or for UTF-8 when the label is absent or unknown (request data never throws). */
export function textDecoder(charset?: string | null): TextDecoder {
  if (charset) {
    try {
      return new TextDecoder(charset);
    } catch {
      // An unknown label from a client's Content-Type: read the bytes as UTF-8 instead.
    }
  }
  return new TextDecoder();
}
