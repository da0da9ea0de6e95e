/**
 * Checks a `next` value before redirecting to it. Only same-site relative paths pass: the value must start
 * with one `/`, and hold no backslash, no control character and no whitespace, because browsers read `/\evil`
 * and `/\t/evil` as `//evil`, another host. Absolute URLs (`https://…`, `javascript:…`) and
 * protocol-relative ones (`//evil`) are refused.
 *
 * Returns the path, or `fallback` (default null) when it is refused or absent.
 *
 * @example
 * return redirect(safeNextUrl(request.args.get('next'), urlFor('index')));
 */
export function safeNextUrl(next: unknown, fallback: string): string;
export function safeNextUrl(next: unknown, fallback?: string | null): string | null;
export function safeNextUrl(next: unknown, fallback: string | null = null): string | null {
  if (typeof next !== 'string' || next.length === 0 || next.length > 4096) return fallback;
  if (next[0] !== '/' || next[1] === '/') return fallback;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is refused.
  if (/[\\\x00-\x20\x7f-\x9f\u2028\u2029]/.test(next)) return fallback;
  let decoded: string;
  try {
    decoded = decodeURIComponent(next);
  } catch {
    return fallback;
  }
  // A percent-encoded "//" or "\" at the start still reaches some servers' redirect logic as a host.
  if (decoded.startsWith('//') || decoded.startsWith('/\\')) return fallback;
  return next;
}
