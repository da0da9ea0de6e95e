import { parseDictHeader } from './internal/dict-header.ts';

/** `Authorization: Basic …` credentials. */
export type BasicAuthorization = { type: 'basic'; username: string; password: string };

/** `Authorization: Bearer <token>`. */
export type BearerAuthorization = { type: 'bearer'; token: string };

/**
 * The schemes of the IANA HTTP Authentication Scheme Registry besides Basic and Bearer, and a few common
 * unregistered ones, lowercased: `type` of an `OtherAuthorization` is one of these or `'other'`.
 */
export type KnownScheme =
  | 'apikey'
  | 'aws4-hmac-sha256'
  | 'concealed'
  | 'digest'
  | 'dpop'
  | 'gnap'
  | 'hoba'
  | 'mutual'
  | 'negotiate'
  | 'ntlm'
  | 'oauth'
  | 'privatetoken'
  | 'scram-sha-1'
  | 'scram-sha-256'
  | 'token'
  | 'vapid';

const KNOWN_SCHEMES: ReadonlySet<string> = new Set<KnownScheme>([
  'apikey',
  'aws4-hmac-sha256',
  'concealed',
  'digest',
  'dpop',
  'gnap',
  'hoba',
  'mutual',
  'negotiate',
  'ntlm',
  'oauth',
  'privatetoken',
  'scram-sha-1',
  'scram-sha-256',
  'token',
  'vapid',
]);

/**
 * Any other scheme: a token68 credential in `token` (`Negotiate abc==`) or auth-params in `params` (Digest's
 * `username="…", realm="…"`; a null-prototype object, lowercased keys). `scheme` is the scheme lowercased;
 * `type` is the same for a `KnownScheme` and `'other'` for the rest, so that `type` stays a union of literals
 * and `if (auth.type === 'basic')` narrows to `BasicAuthorization`.
 *
 * Differs from Werkzeug: an unregistered scheme's `type` is `'other'` (its name is in `scheme`).
 */
export type OtherAuthorization = {
  type: KnownScheme | 'other';
  scheme: string;
  token?: string;
  params: Record<string, string>;
};

/** A parsed `Authorization` header; `type` tells which (`'basic'`, `'bearer'`, a `KnownScheme`, `'other'`). */
export type Authorization = BasicAuthorization | BearerAuthorization | OtherAuthorization;

const TOKEN68 = /^[A-Za-z0-9\-._~+/]+=*$/;
const SCHEME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * Parses an `Authorization` header. Returns null when the header is absent or malformed (bad base64,
 * Basic credentials without `:`, an empty Bearer token) — a bad header reads as "no credentials", never
 * as an error.
 *
 * Basic credentials are decoded as UTF-8, falling back to Latin-1 for bytes that are not UTF-8.
 *
 * @example
 * const auth = parseAuthorization('Basic dXNlcjpwYXNz');
 * // { type: 'basic', username: 'user', password: 'pass' }
 */
export function parseAuthorization(header: string | null | undefined): Authorization | null {
  if (!header) return null;
  const trimmed = header.trim();
  const space = trimmed.search(/\s/);
  const scheme = (space === -1 ? trimmed : trimmed.slice(0, space)).toLowerCase();
  const rest = space === -1 ? '' : trimmed.slice(space + 1).trim();
  if (!SCHEME.test(scheme)) return null;

  if (scheme === 'basic') return parseBasic(rest);
  if (scheme === 'bearer') return TOKEN68.test(rest) ? { type: 'bearer', token: rest } : null;
  const type = KNOWN_SCHEMES.has(scheme) ? (scheme as KnownScheme) : 'other';
  if (rest === '') return { type, scheme, params: Object.create(null) };
  if (TOKEN68.test(rest)) return { type, scheme, token: rest, params: Object.create(null) };
  const params = parseDictHeader(rest);
  return Object.keys(params).length === 0 ? null : { type, scheme, params };
}

function parseBasic(credentials: string): BasicAuthorization | null {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(credentials) || credentials.length % 4 === 1) return null;
  let binary: string;
  try {
    binary = atob(credentials);
  } catch {
    return null;
  }
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = binary;
  }
  const colon = text.indexOf(':');
  if (colon === -1) return null;
  return { type: 'basic', username: text.slice(0, colon), password: text.slice(colon + 1) };
}

/**
 * Builds a `Basic` Authorization header value for `username` and `password` (UTF-8, base64), as a test
 * client sends it.
 */
export function basicAuthorizationHeader(username: string, password: string): string {
  const bytes = new TextEncoder().encode(`${username}:${password}`);
  return `Basic ${btoa(Array.from(bytes, (b) => String.fromCharCode(b)).join(''))}`;
}
