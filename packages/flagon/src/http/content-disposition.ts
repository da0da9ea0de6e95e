import { isToken } from './internal/token.ts';

/**
 * Percent-encodes text for an RFC 5987 / 8187 extended parameter value (`filename*=UTF-8''…`). Lone
 * surrogates become U+FFFD instead of throwing.
 */
export function encodeRfc5987(text: string): string {
  return encodeURIComponent(text.toWellFormed()).replace(
    /['()*]/g,
    (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/**
 * Builds a `Content-Disposition` value such as `attachment; filename="report.pdf"`.
 *
 * A plain-ASCII name is sent as `filename`, quoted only when it is not a token (`filename=report.pdf`,
 * `filename="my report.pdf"`), as Werkzeug. Any other name also gets `filename*=UTF-8''…` (which modern
 * clients use) plus an ASCII fallback in `filename` with accents stripped, as Flask's `send_file` does.
 * Quotes, backslashes and control characters can never break out of the header.
 *
 * @example
 * contentDisposition('attachment', 'naïve café.txt');
 * // `attachment; filename="naive cafe.txt"; filename*=UTF-8''na%C3%AFve%20caf%C3%A9.txt`
 * @throws TypeError when `type` is not a token (e.g. contains `;` or spaces).
 */
export function contentDisposition(type: string, filename?: string | null): string {
  if (!isToken(type)) {
    throw new TypeError(
      `Content-Disposition type ${JSON.stringify(type)} is not a token; use 'attachment' or 'inline'.`,
    );
  }
  if (filename == null) return type;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is removed
  const cleaned = filename.replace(/[\x00-\x1f\x7f]/g, '');
  const ascii = cleaned.normalize('NFKD').replace(/[^\x20-\x7e]/g, '');
  // As Werkzeug's quote_header_value: a token goes as it is, anything else in quotes.
  const fallback = isToken(ascii) ? ascii : `"${ascii.replace(/["\\]/g, '\\$&')}"`;
  if (ascii === cleaned) return `${type}; filename=${fallback}`;
  return `${type}; filename=${fallback}; filename*=UTF-8''${encodeRfc5987(cleaned)}`;
}
