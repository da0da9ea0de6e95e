import { escapeHtml } from '../http/internal/token.ts';
import { Response } from '../wrappers/response.ts';

// Characters a Location header can carry as-is; anything else (spaces, non-ASCII) is percent-encoded.
const UNSAFE_IN_URL = /[^\x21-\x7e]|%(?![0-9a-fA-F]{2})/g;

/**
 * A redirect response (302 by default) with a small HTML body, as Werkzeug's `redirect`. Non-ASCII
 * characters in the location are percent-encoded.
 *
 * @example
 * return redirect(urlFor('login'));
 * @throws HeaderValueError when the location holds CR, LF or NUL (header injection).
 */
export function redirect(location: string, code = 302): Response {
  if (/[\r\n\0]/.test(location)) {
    throw new TypeError(
      'redirect() location contains a line break or NUL, which would let it inject headers. Remove them from the URL.',
    );
  }
  const safe = location.replace(UNSAFE_IN_URL, (ch) => encodeURIComponent(ch));
  const html = escapeHtml(safe);
  const body =
    '<!doctype html>\n<html lang=en>\n<title>Redirecting...</title>\n<h1>Redirecting...</h1>\n' +
    `<p>You should be redirected automatically to the target URL: <a href="${html}">${html}</a>. If not, click the link.\n`;
  return new Response(body, { status: code, headers: { Location: safe } });
}
