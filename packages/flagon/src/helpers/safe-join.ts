import { join } from 'node:path';

// A Windows drive ("C:"), which would make the rest of the path absolute on Windows.
const DRIVE = /^[a-zA-Z]:/;
// ".." spelled with percent escapes that arrived undecoded ("%2e%2e", ".%2E", "%2e."), in either case.
const ENCODED_DOTS = /^(?:\.|%2e)(?:\.|%2e)$/i;

function isUnsafeSegment(segment: string): boolean {
  return segment === '..' || ENCODED_DOTS.test(segment) || DRIVE.test(segment);
}

/**
 * Joins untrusted path parts (from a URL) onto a trusted directory, or returns null when they could reach
 * outside it. Use it before touching the file system with anything a client sent.
 *
 * Refused: any `..` segment (also `%2e%2e` forms that arrive still encoded), absolute paths, backslashes,
 * Windows drive letters (`C:`), and NUL or other control characters. `.` segments and repeated slashes are
 * dropped. The check is on the text only; `sendFromDirectory` also resolves symlinks.
 *
 * Differs from Flask: Werkzeug normalises first and so accepts `a/../b`; Flagon refuses any `..` segment,
 * and refuses backslashes and drive letters on every platform, not only on Windows.
 *
 * @example
 * safeJoin('/srv/static', 'css/site.css'); // '/srv/static/css/site.css'
 * safeJoin('/srv/static', '../secret.txt'); // null
 */
export function safeJoin(directory: string, ...pathnames: string[]): string | null {
  // An empty directory must not let the first untrusted part become the (trusted) base.
  const parts = [directory === '' ? '.' : directory];
  for (const name of pathnames) {
    if (typeof name !== 'string') return null;
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is refused.
    if (/[\x00-\x1f\x7f\\]/.test(name) || name.startsWith('/')) return null;
    const segments = name.split('/');
    if (segments.some(isUnsafeSegment)) return null;
    const kept = segments.filter((segment) => segment !== '' && segment !== '.');
    if (kept.length > 0) parts.push(kept.join('/'));
  }
  return join(...parts);
}
