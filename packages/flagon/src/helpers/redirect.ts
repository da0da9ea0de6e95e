import { escapeHtml } from '../http/internal/token.ts';
import { Response } from '../wrappers/response.ts';

// Characters a Location header can carry as-is; anything else (spaces, non-ASCII) is percent-encoded.
const UNSAFE_IN_URL = /[^\x21-\x7e]|%(?![0-9a-fA-F]{2})/g;

/**
 * A redirect response (302 by default) with a small HTML body, as Werkzeug's `redirect`. Non-ASCII
 * characters, blanks and control characters in the location are percent-encoded, so CR and LF become
 * `%0D` and `%0A` as in Werkzeug and can never split the header.
 *
 * Differs from Flask: NUL is also encoded (`%00`); Werkzeug leaves it in the header.
 *
 * @example
 * return redirect(urlFor('login'));
 */
export function redirect(location: string, code = 302): Response {
  const safe = location.replace(UNSAFE_IN_URL, (ch) => encodeURIComponent(ch));
  const html = escapeHtml(safe);
  const body =
    '<!doctype html>\n<html lang=en>\n<title>Redirecting...</title>\n<h1>Redirecting...</h1>\n' +
    `<p>You should be redirected automatically to the target URL: <a href="${html}">${html}</a>. If not, click the link.\n`;
  return new Response(body, { status: code, headers: { Location: safe } });
}
