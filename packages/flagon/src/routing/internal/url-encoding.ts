/**
 * Percent-encoding for the two directions routing needs. Encoding follows Werkzeug's safe sets: RFC 3986
 * unreserved characters plus the sub-delimiters that cannot end a path segment or a query pair.
 */

// encodeURIComponent escapes these although they are safe in a path segment (Werkzeug keeps them too).
const PATH_RESTORE = /%(?:24|2B|2C|3B|3A)/g;
// ... and in a query value (':' and '+' stay escaped there, '+' because it means a space).
const QUERY_RESTORE = /%(?:24|2C|3B|20)/g;
const RESTORED: Record<string, string> = {
  '%24': '$',
  '%2B': '+',
  '%2C': ',',
  '%3B': ';',
  '%3A': ':',
  '%20': '+',
};
const restore = (sequence: string): string => RESTORED[sequence] ?? sequence;

/** Encodes text for one path segment: `/` becomes `%2F`. Lone surrogates become U+FFFD instead of throwing. */
export function quoteSegment(text: string): string {
  const encoded = encodeURIComponent(text.toWellFormed());
  return encoded.includes('%') ? encoded.replace(PATH_RESTORE, restore) : encoded;
}

/** Encodes text spanning path segments: like `quoteSegment` but `/` stays a separator. */
export function quotePath(text: string): string {
  return encodeURIComponent(text.toWellFormed()).replace(PATH_RESTORE, restore).replace(/%2F/g, '/');
}

/** Encodes a query-string key or value the way HTML forms do: space is `+`, a literal `+` is `%2B`. */
export function quoteQuery(text: string): string {
  const encoded = encodeURIComponent(text.toWellFormed());
  return encoded.includes('%') ? encoded.replace(QUERY_RESTORE, restore) : encoded;
}

// Everything RFC 3986 allows in a path or fragment, plus '%' when it starts a valid escape.
const UNSAFE_IN_PATH = /[^A-Za-z0-9\-._~!$&'()*+,;=:@/%]|%(?![0-9A-Fa-f]{2})/gu;
const HAS_UNSAFE_IN_PATH = /[^A-Za-z0-9\-._~!$&'()*+,;=:@/%]|%(?![0-9A-Fa-f]{2})/;
const UNSAFE_IN_QUERY = /[^A-Za-z0-9\-._~!$&'()*+,;=:@/?%]|%(?![0-9A-Fa-f]{2})/gu;
const UNSAFE_IN_FRAGMENT = /[^A-Za-z0-9\-._~!$&'()*+,;=:@/?#%]|%(?![0-9A-Fa-f]{2})/gu;
const escapeChar = (char: string): string => (char === '%' ? '%25' : encodeURIComponent(char));

/**
 * Escapes what may not appear raw in a path, keeping existing `%XX` escapes. Used on text that should already be
 * encoded (converter output, a raw request path) so that a space, `?`, `#` or a control character can never leak
 * into a `Location` header or a built URL.
 */
export function escapeUnsafePath(text: string): string {
  // Non-ASCII (lone surrogates included) also fails the test, so well-formed ASCII skips the copy.
  return HAS_UNSAFE_IN_PATH.test(text) ? text.toWellFormed().replace(UNSAFE_IN_PATH, escapeChar) : text;
}

/** Like `escapeUnsafePath` for a raw query string (`?` allowed, `#` escaped). */
export function escapeUnsafeQuery(text: string): string {
  return text.toWellFormed().replace(UNSAFE_IN_QUERY, escapeChar);
}

/** Encodes an anchor for after `#`: like Flask, reserved characters and valid `%XX` escapes are kept. */
export function quoteFragment(text: string): string {
  return text.toWellFormed().replace(UNSAFE_IN_FRAGMENT, escapeChar);
}

const decoder = new TextDecoder('utf-8', { fatal: false });
const encoder = new TextEncoder();

/**
 * Decodes one path segment. Never throws: malformed escapes (`%zz`, a lone `%`) stay as written and bytes that
 * are not UTF-8 become U+FFFD, as Werkzeug's `errors="replace"` does.
 */
export function decodeSegment(segment: string): string {
  if (!segment.includes('%')) return segment;
  try {
    return decodeURIComponent(segment);
  } catch {
    return decodeLeniently(segment);
  }
}

function decodeLeniently(segment: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < segment.length; i++) {
    const code = segment.charCodeAt(i);
    if (code === 0x25 && /^[0-9A-Fa-f]{2}$/.test(segment.slice(i + 1, i + 3))) {
      bytes.push(Number.parseInt(segment.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (code < 0x80) {
      bytes.push(code);
    } else {
      // Take the whole code point so surrogate pairs encode correctly.
      const char = String.fromCodePoint(segment.codePointAt(i) ?? code);
      bytes.push(...encoder.encode(char));
      i += char.length - 1;
    }
  }
  return decoder.decode(new Uint8Array(bytes));
}
