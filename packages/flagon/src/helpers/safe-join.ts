import { join } from 'node:path';

// A Windows drive ("C:"), which would make the rest of the path absolute on Windows.
const DRIVE = /^[a-zA-Z]:/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is refused.
const FORBIDDEN_CHARS = /[\x00-\x1f\x7f\\]/;

function isUnsafeText(name: string): boolean {
  if (FORBIDDEN_CHARS.test(name) || name.startsWith('/')) return true;
  return name.split('/').some((segment) => segment === '..' || DRIVE.test(segment));
}

// The path normally arrives decoded; text that would turn unsafe if something decoded it once more
// ("%2e%2e", "..%2f", "%5c", "%00") is refused too, in case a layer in front of the app did not decode it.
function decodesToUnsafe(name: string): boolean {
  if (!name.includes('%')) return false;
  const decoded = name.replace(/%([0-9a-fA-F]{2})/g, (_, hex: string) =>
    String.fromCharCode(Number.parseInt(hex, 16)),
  );
  return isUnsafeText(decoded);
}

/**
 * Joins untrusted path parts (from a URL) onto a trusted directory, or returns null when they could reach
 * outside it. Use it before touching the file system with anything a client sent.
 *
 * Refused: any `..` segment (also when still percent-encoded: `%2e%2e`, `..%2f`), absolute paths, backslashes,
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
    if (isUnsafeText(name) || decodesToUnsafe(name)) return null;
    const kept = name.split('/').filter((segment) => segment !== '' && segment !== '.');
    if (kept.length > 0) parts.push(kept.join('/'));
  }
  return join(...parts);
}
