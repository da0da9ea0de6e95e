import { formatHttpDate } from './dates.ts';
import { hasControlCharacter, isToken } from './internal/token.ts';

/** Thrown by `serializeCookie` for a cookie the browser would reject or that could inject attributes. */
export class CookieError extends TypeError {
  override get name(): string {
    return 'CookieError';
  }
}

/** Attributes of a `Set-Cookie` header. Absent and null both mean "leave out", except `path` (below). */
export type CookieOptions = {
  /** Lifetime in seconds; 0 or less deletes the cookie. Also sets `Expires` when that is not given. */
  maxAge?: number | null;
  /** When the cookie expires: a Date or a millisecond timestamp. */
  expires?: Date | number | null;
  /** Defaults to `'/'` when absent, as in Flask; `null` leaves the attribute out. */
  path?: string | null;
  domain?: string | null;
  secure?: boolean;
  httpOnly?: boolean;
  sameSite?: 'Strict' | 'Lax' | 'None' | null;
  /** CHIPS partitioned cookie; requires `secure`. */
  partitioned?: boolean;
};

// The characters Werkzeug leaves unquoted in a cookie value; anything else makes it quote the value.
const PLAIN_VALUE = /^[A-Za-z0-9/=!#$%&'*+\-.^_`|~:]*$/;
const DOMAIN =
  /^\.?[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.?$/;

/**
 * Parses a `Cookie` request header into a Map of name to value.
 *
 * Lenient as browsers and Werkzeug are: empty names are skipped, a pair without `=` has the value `''`,
 * the first cookie of a name wins, surrounding whitespace is trimmed, and quoted values are unquoted
 * (`\"`, `\\` and the octal escapes `serializeCookie` writes). Bytes are read as UTF-8; invalid sequences
 * become U+FFFD.
 *
 * Differs from Express's `cookie` package: percent-escapes are not decoded (Werkzeug does not either), so
 * a value round-trips exactly through `serializeCookie`.
 */
export function parseCookieHeader(header: string | null | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  if (!header) return cookies;
  const text = header;
  let i = 0;
  while (i < text.length) {
    let end = text.indexOf(';', i);
    const eq = text.indexOf('=', i);
    if (end === -1) end = text.length;
    if (eq === -1 || eq > end) {
      addCookie(cookies, text.slice(i, end).trim(), '');
      i = end + 1;
      continue;
    }
    const name = text.slice(i, eq).trim();
    let valueStart = eq + 1;
    while (text[valueStart] === ' ' || text[valueStart] === '\t') valueStart += 1;
    if (text[valueStart] === '"') {
      const close = findClosingQuote(text, valueStart);
      if (close !== -1) {
        let after = close + 1;
        while (text[after] === ' ' || text[after] === '\t') after += 1;
        if (after === text.length || text[after] === ';') {
          addCookie(cookies, name, unquote(text.slice(valueStart + 1, close)));
          i = after + 1;
          continue;
        }
      }
    }
    addCookie(cookies, name, decodeBytes(toBytes(text.slice(valueStart, end).trim())));
    i = end + 1;
  }
  return cookies;
}

function addCookie(cookies: Map<string, string>, rawName: string, value: string): void {
  if (rawName === '') return;
  const name = decodeBytes(toBytes(rawName));
  if (!cookies.has(name)) cookies.set(name, value);
}

function findClosingQuote(text: string, open: number): number {
  for (let j = open + 1; j < text.length; j += 1) {
    if (text[j] === '\\') j += 1;
    else if (text[j] === '"') return j;
  }
  return -1;
}

// Undoes Werkzeug-style quoting: `\ooo` (octal byte), `\x` (literal x).
function unquote(inner: string): string {
  const raw = toBytes(inner);
  const out: number[] = [];
  for (let j = 0; j < raw.length; j += 1) {
    const b = raw[j]!;
    if (b !== 0x5c || j + 1 >= raw.length) {
      out.push(b);
      continue;
    }
    const octal = String.fromCharCode(raw[j + 1]!, raw[j + 2] ?? 0, raw[j + 3] ?? 0);
    if (/^[0-3][0-7][0-7]$/.test(octal)) {
      out.push(Number.parseInt(octal, 8));
      j += 3;
    } else {
      out.push(raw[j + 1]!);
      j += 1;
    }
  }
  return decodeBytes(Uint8Array.from(out));
}

// Node hands header values over as latin-1 strings (one char a byte); a string with wider characters
// came from JavaScript code (e.g. the test client) and is taken as text.
function toBytes(text: string): Uint8Array {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: checking for characters above U+00FF only
  if (/^[\x00-\xff]*$/.test(text)) return Buffer.from(text, 'latin1');
  return new TextEncoder().encode(text);
}

function decodeBytes(bytes: Uint8Array): string {
  return new TextDecoder().decode(bytes);
}

/**
 * Quotes a cookie value the way Werkzeug's `dump_cookie` does: values of plain characters are sent as-is;
 * anything else is UTF-8 encoded, unsafe bytes written as `\ooo` octal escapes, and the result wrapped in
 * double quotes. `;`, CR, LF and NUL therefore can never end the value or start a new header.
 */
export function quoteCookieValue(value: string): string {
  if (PLAIN_VALUE.test(value)) return value;
  let out = '"';
  for (const b of new TextEncoder().encode(value)) {
    const ch = String.fromCharCode(b);
    if (b < 0x80 && PLAIN_VALUE.test(ch)) out += ch;
    else if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (b >= 0x20 && b < 0x7f && ch !== ',' && ch !== ';') out += ch;
    else out += `\\${b.toString(8).padStart(3, '0')}`;
  }
  return `${out}"`;
}

/**
 * Builds a `Set-Cookie` header value (without the `Set-Cookie:` name), e.g. `a=1; HttpOnly; Path=/`.
 *
 * The value is quoted when needed (see `quoteCookieValue`), so any string is safe to store. `maxAge`
 * without `expires` also sets `Expires` for old clients. Attributes come in Werkzeug's order.
 *
 * Differs from Flask: rejects what browsers silently drop (SameSite=None or Partitioned without Secure,
 * `__Secure-`/`__Host-` prefixes without their requirements) instead of sending a cookie that vanishes.
 *
 * @throws CookieError when the name is not a token; the path, domain or SameSite value is invalid or holds
 *   `;`, whitespace or control characters; or the browser would reject the combination of attributes.
 */
export function serializeCookie(name: string, value: string, options: CookieOptions = {}): string {
  if (!isToken(name)) {
    throw new CookieError(
      `Cookie name ${JSON.stringify(name)} is not a valid token: use letters, digits and ` +
        "!#$%&'*+-.^_`|~ only (no spaces, '=', ';' or control characters).",
    );
  }
  const secure = options.secure === true;
  const sameSite = normalizeSameSite(options.sameSite);
  if (sameSite === 'None' && !secure) {
    throw new CookieError(
      `Cookie ${JSON.stringify(name)} has SameSite=None without Secure, which browsers reject. Set secure: true ` +
        "(and serve over HTTPS), or use SameSite 'Lax'.",
    );
  }
  if (options.partitioned === true && !secure) {
    throw new CookieError(`Cookie ${JSON.stringify(name)} is Partitioned, which requires secure: true.`);
  }
  const path = options.path === undefined ? '/' : options.path;
  const domain = options.domain == null ? null : checkDomain(name, options.domain);
  checkPrefix(name, secure, path, domain);

  const parts = [`${name}=${quoteCookieValue(value)}`];
  if (domain !== null) parts.push(`Domain=${domain}`);
  const maxAge = options.maxAge == null ? null : checkMaxAge(name, options.maxAge);
  if (options.expires != null) {
    parts.push(`Expires=${formatExpires(name, options.expires)}`);
  } else if (maxAge !== null) {
    parts.push(`Expires=${formatHttpDate(Date.now() + maxAge * 1000)}`);
  }
  if (maxAge !== null) parts.push(`Max-Age=${maxAge}`);
  if (secure) parts.push('Secure');
  if (options.httpOnly === true) parts.push('HttpOnly');
  if (path !== null) parts.push(`Path=${checkPath(name, path)}`);
  if (sameSite !== null) parts.push(`SameSite=${sameSite}`);
  if (options.partitioned === true) parts.push('Partitioned');
  return parts.join('; ');
}

function normalizeSameSite(value: string | null | undefined): 'Strict' | 'Lax' | 'None' | null {
  if (value == null) return null;
  const titled = `${value.charAt(0).toUpperCase()}${value.slice(1).toLowerCase()}`;
  if (titled === 'Strict' || titled === 'Lax' || titled === 'None') return titled;
  throw new CookieError(`SameSite must be 'Strict', 'Lax' or 'None', not ${JSON.stringify(value)}.`);
}

function checkMaxAge(name: string, maxAge: number): number {
  if (!Number.isFinite(maxAge)) {
    throw new CookieError(
      `Cookie ${JSON.stringify(name)} has maxAge ${maxAge}; give a finite number of seconds.`,
    );
  }
  return Math.trunc(maxAge);
}

function formatExpires(name: string, expires: Date | number): string {
  const date = typeof expires === 'number' ? new Date(expires) : expires;
  if (Number.isNaN(date.getTime())) {
    throw new CookieError(`Cookie ${JSON.stringify(name)} has an invalid expires date.`);
  }
  return formatHttpDate(date);
}

function checkPath(name: string, path: string): string {
  if (path.includes(';') || hasControlCharacter(path)) {
    throw new CookieError(
      `Cookie ${JSON.stringify(name)} has path ${JSON.stringify(path)}, which contains ';' or a control ` +
        'character and would inject cookie attributes. Remove them.',
    );
  }
  // As Werkzeug's iri_to_uri: non-ASCII and spaces are percent-encoded.
  return path.replace(/[^\x21-\x7e]/gu, (ch) => encodeURIComponent(ch));
}

function checkDomain(name: string, domain: string): string {
  let ascii = domain;
  if (/[\u0080-\uffff]/.test(domain)) {
    try {
      // The URL parser applies IDNA, turning "bücher.example" into "xn--bcher-kva.example".
      ascii = new URL(`http://${domain.replace(/^\./, '')}/`).hostname;
      if (domain.startsWith('.')) ascii = `.${ascii}`;
    } catch {
      ascii = domain;
    }
  }
  if (!DOMAIN.test(ascii)) {
    throw new CookieError(
      `Cookie ${JSON.stringify(name)} has domain ${JSON.stringify(domain)}, which is not a host name. ` +
        'Give a bare host such as "example.com" (no scheme, port, path, spaces or ";").',
    );
  }
  return ascii;
}

function checkPrefix(name: string, secure: boolean, path: string | null, domain: string | null): void {
  const lower = name.toLowerCase();
  if (lower.startsWith('__secure-') && !secure) {
    throw new CookieError(`Cookie ${JSON.stringify(name)} starts with __Secure- and so needs secure: true.`);
  }
  if (lower.startsWith('__host-') && (!secure || path !== '/' || domain !== null)) {
    throw new CookieError(
      `Cookie ${JSON.stringify(name)} starts with __Host- and so needs secure: true, path '/' and no domain.`,
    );
  }
}
