/** Flask-Login's remember cookie: `<user id>|<hex HMAC-SHA512 of the id keyed by SECRET_KEY>`. */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { SecretKey } from 'flagon';
import { isLatin1 } from '../internal/text.ts';

/** The signing keys of an app's config, newest last: `SECRET_KEY_FALLBACKS` then `SECRET_KEY`. */
export function secretKeysOf(config: { get(key: string): unknown }): SecretKey[] {
  const keys: SecretKey[] = [];
  const fallbacks = config.get('SECRET_KEY_FALLBACKS');
  if (Array.isArray(fallbacks)) {
    for (const key of fallbacks) if (isKey(key)) keys.push(key);
  }
  const secret = config.get('SECRET_KEY');
  if (isKey(secret)) keys.push(secret);
  return keys;
}

function isKey(value: unknown): value is SecretKey {
  return (typeof value === 'string' && value !== '') || (value instanceof Uint8Array && value.length > 0);
}

// Flask-Login encodes a text key as Latin-1; a key with characters beyond it cannot be Latin-1, so UTF-8.
function keyBytes(key: SecretKey): Buffer {
  if (typeof key !== 'string') return Buffer.from(key);
  return isLatin1(key) ? Buffer.from(key, 'latin1') : Buffer.from(key, 'utf8');
}

function digest(payload: string, key: SecretKey): string {
  return createHmac('sha512', keyBytes(key)).update(payload, 'utf8').digest('hex');
}

/** The cookie value for `userId`, signed with `key` (the app's `SECRET_KEY`). */
export function encodeRememberCookie(userId: string, key: SecretKey): string {
  return `${userId}|${digest(userId, key)}`;
}

/**
 * The user id of a remember cookie whose signature matches one of `keys`, or null for a forged, truncated or
 * malformed value.
 */
export function decodeRememberCookie(cookie: string, keys: readonly SecretKey[]): string | null {
  const bar = cookie.lastIndexOf('|');
  if (bar === -1) return null;
  const payload = cookie.slice(0, bar);
  const given = Buffer.from(cookie.slice(bar + 1), 'utf8');
  for (const key of [...keys].reverse()) {
    const expected = Buffer.from(digest(payload, key), 'utf8');
    if (given.length === expected.length && timingSafeEqual(given, expected)) return payload;
  }
  return null;
}
