/**
 * Password hashing in Werkzeug's `security` format (`method$salt$hexdigest`), computed on libuv's thread
 * pool so a login never blocks the event loop.
 */

import * as nodeCrypto from 'node:crypto';
import { createHash, createHmac, getHashes, pbkdf2, randomInt, scrypt, timingSafeEqual } from 'node:crypto';
import { Limiter } from '../internal/limiter.ts';

/** Werkzeug 3's default: scrypt with N = 2^15, r = 8, p = 1. */
export const DEFAULT_PASSWORD_METHOD = 'scrypt:32768:8:1';
/** Werkzeug 3.1's default PBKDF2 iteration count (2.2 wrote 260000, 3.0 wrote 600000). */
export const DEFAULT_PBKDF2_ITERATIONS = 1_000_000;
const SALT_CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const PBKDF2_DIGESTS = new Set(['sha1', 'sha224', 'sha256', 'sha384', 'sha512']);
// Werkzeug 2.2 also wrote salted HMACs under a bare hash name (`sha256$salt$hmac`).
const LEGACY_DIGESTS = new Set(['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512']);
// A stored hash is trusted data, but a corrupted one must not make the process allocate gigabytes.
const MAX_SCRYPT_MEMORY = 1024 ** 3;
const MAX_PBKDF2_ITERATIONS = 100_000_000;
const ARGON2_DEFAULTS = { memory: 65536, passes: 3, parallelism: 4, tagLength: 32 };

/** Options of `generatePasswordHash`. */
export interface PasswordHashOptions {
  /**
   * `'scrypt'` or `'scrypt:N:r:p'`, `'pbkdf2'`, `'pbkdf2:sha256'` or `'pbkdf2:sha256:iterations'`, or
   * `'argon2id'` / `'argon2id:m:t:p'` (memory in KiB, passes, parallelism) where node:crypto has Argon2.
   * Default `'scrypt:32768:8:1'`, as Werkzeug 3.
   */
  method?: string;
  /** Salt length in characters from `[A-Za-z0-9]`; default 16, as Werkzeug. */
  saltLength?: number;
}

/** A parsed method: what `needsRehash` compares. */
type Method =
  | { kind: 'scrypt'; n: number; r: number; p: number }
  | { kind: 'pbkdf2'; digest: string; iterations: number }
  | { kind: 'argon2id'; memory: number; passes: number; parallelism: number }
  | { kind: 'legacy'; digest: string }
  | { kind: 'plain' };

/** Thrown by `generatePasswordHash` for a method it cannot write; the message lists the ones it can. */
export class PasswordHashMethodError extends Error {
  override get name(): string {
    return 'PasswordHashMethodError';
  }
}

const limiter = new Limiter(defaultConcurrency());

function defaultConcurrency(): number {
  const size = Number.parseInt(process.env.UV_THREADPOOL_SIZE ?? '', 10);
  return Number.isInteger(size) && size > 0 ? size : 4;
}

/**
 * Caps how many hashes are computed at once (default: `UV_THREADPOOL_SIZE`, or 4, the thread pool's size).
 * Further hashes wait their turn, so a burst of logins queues instead of taking every pool thread from file
 * and DNS work. Returns the previous cap.
 *
 * @throws RangeError for anything but a whole number of at least 1.
 */
export function setHashConcurrency(limit: number): number {
  const previous = limiter.limit;
  limiter.limit = limit;
  return previous;
}

/** How many hashes are computing and waiting now (for metrics and the benchmark). */
export function hashQueue(): { running: number; pending: number; limit: number } {
  return { running: limiter.running, pending: limiter.pending, limit: limiter.limit };
}

/** Whether this Node build has Argon2 in node:crypto (24.7 and later). */
export function hasArgon2(): boolean {
  return typeof (nodeCrypto as { argon2?: unknown }).argon2 === 'function';
}

/**
 * Hashes `password` in Werkzeug's format: `scrypt:32768:8:1$<salt>$<hex>` by default. Runs on the thread
 * pool, behind the concurrency cap.
 *
 * @throws PasswordHashMethodError for an unknown method or bad parameters.
 * @example
 * const hash = await generatePasswordHash('correct horse');
 * await checkPasswordHash(hash, 'correct horse'); // true
 */
export async function generatePasswordHash(
  password: string,
  options: PasswordHashOptions = {},
): Promise<string> {
  if (typeof password !== 'string')
    throw new TypeError('generatePasswordHash needs the password as a string.');
  const methodText = options.method ?? DEFAULT_PASSWORD_METHOD;
  const method = parseMethod(methodText, true);
  if (method === null || method.kind === 'legacy' || method.kind === 'plain') {
    throw new PasswordHashMethodError(
      `Cannot hash passwords with ${JSON.stringify(methodText)}. Use 'scrypt[:N:r:p]', ` +
        `'pbkdf2[:sha256[:iterations]]'${hasArgon2() ? " or 'argon2id[:m:t:p]'" : ''}.`,
    );
  }
  const saltLength = options.saltLength ?? 16;
  if (!Number.isInteger(saltLength) || saltLength < 1 || saltLength > 1024) {
    throw new PasswordHashMethodError(`saltLength must be a whole number from 1 to 1024, not ${saltLength}.`);
  }
  if (method.kind === 'argon2id') {
    const salt = nodeCrypto.randomBytes(saltLength);
    const tag = await limiter.run(() => argon2(method, Buffer.from(password, 'utf8'), salt));
    return `$argon2id$v=19$m=${method.memory},t=${method.passes},p=${method.parallelism}$${b64(salt)}$${b64(tag)}`;
  }
  const salt = genSalt(saltLength);
  const digest = await derive(method, password, salt);
  return `${formatMethod(method)}$${salt}$${digest.toString('hex')}`;
}

/**
 * Checks `password` against a hash Werkzeug 2.2–3.1 (or `generatePasswordHash`) wrote, in constant time.
 * Unknown, malformed or unsupported hashes give `false`, never an exception.
 *
 * @example
 * if (!(await checkPasswordHash(user.passwordHash, form.get('password') ?? ''))) abort(401);
 */
export async function checkPasswordHash(hash: string, password: string): Promise<boolean> {
  if (typeof hash !== 'string' || typeof password !== 'string') return false;
  try {
    if (hash.startsWith('$argon2id$')) return await checkArgon2(hash, password);
    const first = hash.indexOf('$');
    const second = first === -1 ? -1 : hash.indexOf('$', first + 1);
    if (second === -1) return false;
    const method = parseMethod(hash.slice(0, first), false);
    if (method === null || method.kind === 'argon2id') return false;
    const salt = hash.slice(first + 1, second);
    const expected = hash.slice(second + 1);
    let actual: Buffer;
    if (method.kind === 'plain') actual = Buffer.from(password, 'utf8');
    else if (method.kind === 'legacy') {
      actual = Buffer.from(
        salt === ''
          ? createHash(method.digest).update(password, 'utf8').digest('hex')
          : createHmac(method.digest, Buffer.from(salt, 'utf8')).update(password, 'utf8').digest('hex'),
      );
    } else {
      if (method.kind === 'pbkdf2' && salt === '') return false;
      actual = Buffer.from((await derive(method, password, salt)).toString('hex'));
    }
    return safeEqual(actual, Buffer.from(expected, 'utf8'));
  } catch {
    // A parameter node:crypto refuses (e.g. scrypt N not a power of two) reads as "does not match".
    return false;
  }
}

/**
 * Whether `hash` should be replaced with a new one made with `options` (default: scrypt 32768:8:1): true for
 * another method, weaker parameters, a shorter salt, or a hash it cannot read. Call it after a successful
 * check, while you still have the password.
 *
 * @example
 * if (await checkPasswordHash(user.hash, password) && needsRehash(user.hash)) {
 *   user.hash = await generatePasswordHash(password);
 * }
 */
export function needsRehash(hash: string, options: PasswordHashOptions = {}): boolean {
  const wanted = parseMethod(options.method ?? DEFAULT_PASSWORD_METHOD, true);
  if (wanted === null || typeof hash !== 'string') return true;
  const saltLength = options.saltLength ?? 16;
  let stored: Method | null;
  let storedSaltLength: number;
  if (hash.startsWith('$argon2id$')) {
    const parsed = parseArgon2(hash);
    if (parsed === null) return true;
    stored = parsed.method;
    storedSaltLength = parsed.salt.length;
  } else {
    const parts = hash.split('$');
    if (parts.length < 3) return true;
    stored = parseMethod(parts[0] ?? '', false);
    storedSaltLength = (parts[1] ?? '').length;
  }
  if (stored === null || stored.kind !== wanted.kind || storedSaltLength < saltLength) return true;
  switch (stored.kind) {
    case 'scrypt': {
      const w = wanted as typeof stored;
      return stored.n < w.n || stored.r < w.r || stored.p < w.p;
    }
    case 'pbkdf2': {
      const w = wanted as typeof stored;
      return stored.digest !== w.digest || stored.iterations < w.iterations;
    }
    case 'argon2id': {
      const w = wanted as typeof stored;
      return stored.memory < w.memory || stored.passes < w.passes || stored.parallelism < w.parallelism;
    }
    default:
      return true;
  }
}

/** A salt as Werkzeug's `gen_salt`: `length` characters drawn uniformly from `[A-Za-z0-9]`. */
export function genSalt(length: number): string {
  let salt = '';
  for (let i = 0; i < length; i++) salt += SALT_CHARS[randomInt(SALT_CHARS.length)];
  return salt;
}

function parseMethod(text: string, forWriting: boolean): Method | null {
  const [name, ...args] = text.split(':');
  if (name === 'scrypt') {
    if (args.length === 0) return { kind: 'scrypt', n: 2 ** 15, r: 8, p: 1 };
    if (args.length !== 3) return null;
    const [n, r, p] = args.map(positiveInt);
    if (n === undefined || r === undefined || p === undefined || n === null || r === null || p === null)
      return null;
    // Node wants N a power of two above 1, as OpenSSL does.
    if (n < 2 || (n & (n - 1)) !== 0 || scryptMaxmem(n, r, p) > MAX_SCRYPT_MEMORY) return null;
    return { kind: 'scrypt', n, r, p };
  }
  if (name === 'pbkdf2') {
    if (args.length > 2) return null;
    const digest = args[0] ?? 'sha256';
    if (!PBKDF2_DIGESTS.has(digest)) return null;
    const iterations = args.length === 2 ? positiveInt(args[1] ?? '') : DEFAULT_PBKDF2_ITERATIONS;
    if (iterations === null || iterations > MAX_PBKDF2_ITERATIONS) return null;
    return { kind: 'pbkdf2', digest, iterations };
  }
  if (name === 'argon2id' && forWriting) {
    if (!hasArgon2()) return null;
    if (args.length === 0) return { kind: 'argon2id', ...argon2Defaults() };
    if (args.length !== 3) return null;
    const [memory, passes, parallelism] = args.map(positiveInt);
    if (!memory || !passes || !parallelism || memory > MAX_SCRYPT_MEMORY / 1024) return null;
    return { kind: 'argon2id', memory, passes, parallelism };
  }
  if (!forWriting && args.length === 0 && name !== undefined) {
    if (name === 'plain') return { kind: 'plain' };
    if (LEGACY_DIGESTS.has(name) && getHashes().includes(name)) return { kind: 'legacy', digest: name };
  }
  return null;
}

function argon2Defaults(): { memory: number; passes: number; parallelism: number } {
  return {
    memory: ARGON2_DEFAULTS.memory,
    passes: ARGON2_DEFAULTS.passes,
    parallelism: ARGON2_DEFAULTS.parallelism,
  };
}

function formatMethod(method: Method): string {
  switch (method.kind) {
    case 'scrypt':
      return `scrypt:${method.n}:${method.r}:${method.p}`;
    case 'pbkdf2':
      return `pbkdf2:${method.digest}:${method.iterations}`;
    case 'argon2id':
      return `argon2id:${method.memory}:${method.passes}:${method.parallelism}`;
    case 'legacy':
      return method.digest;
    case 'plain':
      return 'plain';
  }
}

function positiveInt(text: string): number | null {
  if (!/^[0-9]{1,10}$/.test(text)) return null;
  const value = Number(text);
  return value > 0 && Number.isSafeInteger(value) ? value : null;
}

/** Werkzeug's `maxmem` (132·N·r·p, "ideally 128, but some extra seems needed"), raised to what OpenSSL needs. */
function scryptMaxmem(n: number, r: number, p: number): number {
  return Math.max(132 * n * r * p, 128 * r * (n + 2) + 128 * r * p + 1024);
}

function derive(method: Method, password: string, salt: string): Promise<Buffer> {
  const passwordBytes = Buffer.from(password, 'utf8');
  const saltBytes = Buffer.from(salt, 'utf8');
  return limiter.run(
    () =>
      new Promise<Buffer>((resolve, reject) => {
        if (method.kind === 'scrypt') {
          const { n, r, p } = method;
          scrypt(passwordBytes, saltBytes, 64, { N: n, r, p, maxmem: scryptMaxmem(n, r, p) }, (error, key) =>
            error ? reject(error) : resolve(key),
          );
        } else if (method.kind === 'pbkdf2') {
          const length = createHash(method.digest).digest().length;
          pbkdf2(passwordBytes, saltBytes, method.iterations, length, method.digest, (error, key) =>
            error ? reject(error) : resolve(key),
          );
        } else {
          reject(new PasswordHashMethodError(`No key derivation for ${method.kind}.`));
        }
      }),
  );
}

function argon2(
  method: { memory: number; passes: number; parallelism: number },
  message: Buffer,
  nonce: Buffer,
  tagLength = ARGON2_DEFAULTS.tagLength,
): Promise<Buffer> {
  const run = (nodeCrypto as unknown as { argon2: Argon2Function }).argon2;
  return new Promise((resolve, reject) => {
    run(
      'argon2id',
      {
        message,
        nonce,
        parallelism: method.parallelism,
        tagLength,
        memory: method.memory,
        passes: method.passes,
      },
      (error, tag) => (error ? reject(error) : resolve(tag)),
    );
  });
}

type Argon2Function = (
  algorithm: string,
  parameters: {
    message: Buffer;
    nonce: Buffer;
    parallelism: number;
    tagLength: number;
    memory: number;
    passes: number;
  },
  callback: (error: Error | null, tag: Buffer) => void,
) => void;

function parseArgon2(hash: string): {
  method: { kind: 'argon2id'; memory: number; passes: number; parallelism: number };
  salt: Buffer;
  tag: Buffer;
} | null {
  // $argon2id$v=19$m=65536,t=3,p=4$<salt>$<tag>, base64 without padding (the PHC string format).
  const match =
    /^\$argon2id\$v=19\$m=([0-9]{1,10}),t=([0-9]{1,10}),p=([0-9]{1,3})\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/.exec(
      hash,
    );
  if (match === null) return null;
  const memory = Number(match[1]);
  const passes = Number(match[2]);
  const parallelism = Number(match[3]);
  if (!memory || !passes || !parallelism || memory > MAX_SCRYPT_MEMORY / 1024 || passes > 1000) return null;
  const salt = Buffer.from(match[4] ?? '', 'base64');
  const tag = Buffer.from(match[5] ?? '', 'base64');
  if (salt.length < 8 || tag.length < 4) return null;
  return { method: { kind: 'argon2id', memory, passes, parallelism }, salt, tag };
}

async function checkArgon2(hash: string, password: string): Promise<boolean> {
  if (!hasArgon2()) return false;
  const parsed = parseArgon2(hash);
  if (parsed === null) return false;
  const tag = await limiter.run(() =>
    argon2(parsed.method, Buffer.from(password, 'utf8'), parsed.salt, parsed.tag.length),
  );
  return safeEqual(tag, parsed.tag);
}

function b64(bytes: Buffer): string {
  return bytes.toString('base64').replace(/=+$/, '');
}

function safeEqual(a: Buffer, b: Buffer): boolean {
  // timingSafeEqual needs equal lengths; comparing against itself keeps the time independent of the mismatch.
  if (a.length !== b.length) {
    timingSafeEqual(a, a);
    return false;
  }
  return timingSafeEqual(a, b);
}
