import type { Request } from 'flagon';

/** Scheme, host name and port of a URL, or null when it does not parse. */
function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
    return parsed.origin;
  } catch {
    return null;
  }
}

function isTrusted(origin: string, trusted: readonly string[]): boolean {
  const host = new URL(origin).host;
  for (const entry of trusted) {
    // Entries may be full origins ('https://app.example.com') or bare hosts ('app.example.com').
    if (entry.includes('://') ? originOf(entry) === origin : entry.toLowerCase() === host) return true;
  }
  return false;
}

/**
 * Why a secure request's origin is refused, or null when it is fine. Browsers say where a request comes from
 * in three ways, read in order: `Sec-Fetch-Site` (`same-origin`, or `none` for one the user typed), `Origin`,
 * then `Referer` (absent under `Referrer-Policy: no-referrer`, so it comes last). The origin is compared with
 * the request's own scheme and host, as seen after ProxyFix, then with `trustedOrigins`.
 */
export function originProblem(request: Request, trustedOrigins: readonly string[]): string | null {
  const site = request.headers.get('sec-fetch-site');
  if (site === 'same-origin' || site === 'none') return null;
  const own = originOf(`${request.scheme}://${request.host}/`);
  const header = request.headers.get('origin');
  if (header !== null && header !== 'null') {
    const origin = originOf(header);
    if (origin !== null && (origin === own || isTrusted(origin, trustedOrigins))) return null;
    return 'The origin does not match the host.';
  }
  const referrer = request.headers.get('referer');
  if (referrer === null || referrer === '') return 'The referrer header is missing.';
  const origin = originOf(referrer);
  if (origin !== null && (origin === own || isTrusted(origin, trustedOrigins))) return null;
  return 'The referrer does not match the host.';
}
