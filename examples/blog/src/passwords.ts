// Password hashing in Werkzeug's format (`scrypt:N:r:p$salt$hex`), so hashes move between Flask and Flagon.
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

const SALT_CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

function makeSalt(length: number): string {
  const bytes = randomBytes(length);
  let salt = '';
  for (const byte of bytes) salt += SALT_CHARS[byte % SALT_CHARS.length];
  return salt;
}

/** Hashes a password with scrypt and a random 16-character salt. */
export function generatePasswordHash(password: string): string {
  const [n, r, p] = [32768, 8, 1];
  const salt = makeSalt(16);
  const hash = scryptSync(password, salt, 64, { N: n, r, p, maxmem: 132 * n * r * p }).toString('hex');
  return `scrypt:${n}:${r}:${p}$${salt}$${hash}`;
}

/** True when `password` matches `stored`, compared in constant time. */
export function checkPasswordHash(stored: string, password: string): boolean {
  const match = /^scrypt:(\d+):(\d+):(\d+)\$([^$]+)\$([0-9a-f]+)$/.exec(stored);
  if (match === null) return false;
  const [, n, r, p, salt, hex] = match as unknown as [string, string, string, string, string, string];
  const N = Number(n);
  const expected = Buffer.from(hex, 'hex');
  const actual = scryptSync(password, salt, expected.length, {
    N,
    r: Number(r),
    p: Number(p),
    maxmem: 132 * N * Number(r) * Number(p),
  });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
