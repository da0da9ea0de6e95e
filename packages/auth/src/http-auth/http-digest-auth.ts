/**
 * HTTP Digest authentication (RFC 7616) with SHA-256 and MD5, as Flask-HTTPAuth's `HTTPDigestAuth`, but with
 * nonces the server signs and times instead of storing them in the client's session cookie.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { currentApp, hasAppContext, type Request, type SecretKey } from 'flagon';
import { secretKeysOf } from '../login/remember-cookie.ts';
import { type AuthFailure, type AuthResult, HTTPAuth, MAX_CREDENTIALS_LENGTH } from './http-auth.ts';

/** A Digest algorithm this class offers. */
export type DigestAlgorithm = 'SHA-256' | 'MD5';

/** Options of `HTTPDigestAuth`. */
export interface HTTPDigestAuthOptions {
  realm?: string;
  /** Algorithms offered, one challenge each, in order of preference. Default `['SHA-256', 'MD5']`. */
  algorithms?: readonly DigestAlgorithm[];
  /** Seconds a nonce stays valid; an older one is answered with `stale=true`. Default 300. */
  nonceMaxAge?: number;
  /**
   * `getPassword` returns HA1 (`H(username:realm:password)`, hex) instead of the password, so passwords need
   * not be stored in clear. HA1 depends on the algorithm, so offer just one with it.
   */
  useHa1Passwords?: boolean;
  /** Key signing the nonces. Default: the app's `SECRET_KEY`, else a random key made for this process. */
  secretKey?: SecretKey;
  /** How many nonces' counts are remembered to refuse replays. Default 10000. */
  maxTrackedNonces?: number;
}

type GetPassword = (username: string) => string | null | undefined | Promise<string | null | undefined>;

const HASHES: Record<DigestAlgorithm, string> = { 'SHA-256': 'sha256', MD5: 'md5' };

/**
 * Digest authentication. `getPassword(async (username) => password | null)` gives the password (or HA1 with
 * `useHa1Passwords`); `currentUser()` is then the username. Each 401 carries one challenge per algorithm
 * with a fresh nonce: the time it was made and random bytes, signed with HMAC-SHA256, so any process with the
 * same key accepts it and no state is kept until it is used. Only `qop=auth` is accepted. Each nonce's
 * count (`nc`) must grow; a repeated count (a replay) or an expired nonce is answered `stale=true`, which
 * makes a browser retry with a new nonce without asking the user again.
 *
 * Differs from Flask: Flask-HTTPAuth keeps the nonce and opaque value in the session cookie and does not
 * track counts. The counts are kept in this process's memory: behind several processes, a replay to another
 * process is caught only by the nonce's expiry.
 *
 * @example
 * const digest = new HTTPDigestAuth({ realm: 'admin' });
 * digest.getPassword(async (username) => (await db.findUser(username))?.digestHa1 ?? null);
 */
export class HTTPDigestAuth extends HTTPAuth<string> {
  readonly algorithms: readonly DigestAlgorithm[];
  readonly nonceMaxAge: number;
  readonly useHa1Passwords: boolean;
  readonly #secretKey: SecretKey | null;
  readonly #processKey = randomBytes(32);
  readonly #counts = new Map<string, number>();
  readonly #maxTracked: number;
  // Nonces made at or before this time (ms) are refused as stale: their counts were forgotten to make room.
  #forgottenBefore = 0;
  #getPassword: GetPassword | null = null;

  constructor(options: HTTPDigestAuthOptions = {}) {
    super('Digest', { realm: options.realm });
    this.algorithms = options.algorithms ?? ['SHA-256', 'MD5'];
    if (this.algorithms.length === 0 || this.algorithms.some((a) => !(a in HASHES))) {
      throw new TypeError("HTTPDigestAuth algorithms are 'SHA-256' and/or 'MD5'.");
    }
    this.nonceMaxAge = options.nonceMaxAge ?? 300;
    this.useHa1Passwords = options.useHa1Passwords ?? false;
    this.#secretKey = options.secretKey ?? null;
    this.#maxTracked = options.maxTrackedNonces ?? 10_000;
  }

  /** Sets the callback giving a user's password (or HA1), or null for an unknown user. */
  getPassword<F extends GetPassword>(callback: F): F {
    this.#getPassword = callback;
    return callback;
  }

  /** A new signed nonce (for tests and custom challenges). */
  makeNonce(now = Date.now()): string {
    const payload = `${now.toString(36)}-${randomBytes(12).toString('base64url')}`;
    return `${payload}.${this.#sign(payload)}`;
  }

  protected override challenges(reason: AuthFailure): string[] {
    const nonce = this.makeNonce();
    const opaque = createHash('sha256').update(`flagon-auth.opaque:${this.realm}`).digest('hex').slice(0, 32);
    return this.algorithms.map(
      (algorithm) =>
        `Digest realm="${this.realm}", qop="auth", algorithm=${algorithm}, nonce="${nonce}", ` +
        `opaque="${opaque}"${reason === 'stale' ? ', stale=true' : ''}`,
    );
  }

  protected override async authenticate(request: Request): Promise<AuthResult> {
    if (this.#getPassword === null) {
      throw new TypeError('HTTPDigestAuth needs auth.getPassword((username) => password) to check logins.');
    }
    const header = request.headers.get('Authorization');
    if (header === null || header.length > MAX_CREDENTIALS_LENGTH) return { user: null, reason: 'missing' };
    const auth = request.authorization;
    if (auth === null || auth.type !== 'digest' || !('params' in auth))
      return { user: null, reason: 'missing' };
    const p = auth.params;
    const { username, realm, nonce, uri, response, nc, cnonce, qop } = p;
    const algorithm = (p.algorithm ?? 'MD5').toUpperCase() as DigestAlgorithm;
    if (
      !username ||
      realm !== this.realm ||
      !nonce ||
      !uri ||
      !response ||
      qop !== 'auth' ||
      !cnonce ||
      !nc ||
      !/^[0-9a-fA-F]{8}$/.test(nc) ||
      !this.algorithms.includes(algorithm) ||
      p.userhash === 'true' ||
      !uriMatches(uri, request)
    ) {
      return { user: null, reason: 'invalid' };
    }
    const issuedAt = this.#verifyNonce(nonce);
    if (issuedAt === null) return { user: null, reason: 'invalid' };
    const stale = issuedAt + this.nonceMaxAge * 1000 < Date.now() || issuedAt <= this.#forgottenBefore;
    const secret = await this.#getPassword(username);
    if (typeof secret !== 'string') return { user: null, reason: 'invalid' };
    const hash = (text: string) => createHash(HASHES[algorithm]).update(text, 'utf8').digest('hex');
    const ha1 = this.useHa1Passwords ? secret.toLowerCase() : hash(`${username}:${realm}:${secret}`);
    const ha2 = hash(`${request.method}:${uri}`);
    const expected = Buffer.from(hash(`${ha1}:${nonce}:${nc}:${cnonce}:${qop}:${ha2}`));
    const given = Buffer.from(response.toLowerCase());
    if (given.length !== expected.length || !timingSafeEqual(given, expected))
      return { user: null, reason: 'invalid' };
    // Right password: a stale nonce or a replayed count now only needs a new nonce, not new credentials.
    if (stale || !this.#countNonce(nonce, Number.parseInt(nc, 16))) return { user: null, reason: 'stale' };
    return { user: username };
  }

  #key(): Buffer {
    if (this.#secretKey !== null) return Buffer.from(this.#secretKey);
    if (hasAppContext()) {
      const keys = secretKeysOf(currentApp.config);
      const key = keys[keys.length - 1];
      if (key !== undefined) return Buffer.from(key);
    }
    return this.#processKey;
  }

  #sign(payload: string): string {
    return createHmac('sha256', this.#key())
      .update(`flagon-auth.digest-nonce\0${payload}`)
      .digest('base64url');
  }

  /** The time a nonce was made (ms), or null for a forged or malformed one. */
  #verifyNonce(nonce: string): number | null {
    const match = /^([0-9a-z]{1,12})-([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{43})$/.exec(nonce);
    if (match === null) return null;
    const expected = Buffer.from(this.#sign(`${match[1]}-${match[2]}`));
    const given = Buffer.from(match[3] ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    return Number.parseInt(match[1] ?? '', 36);
  }

  /** Records `count` for `nonce`; false when it does not exceed the last one (a replay). */
  #countNonce(nonce: string, count: number): boolean {
    const last = this.#counts.get(nonce);
    if (last !== undefined && count <= last) return false;
    this.#counts.delete(nonce);
    this.#counts.set(nonce, count);
    const expiredBefore = Date.now() - this.nonceMaxAge * 1000;
    for (const [key] of this.#counts) {
      if (this.#counts.size <= this.#maxTracked) break;
      const made = this.#verifyNonce(key) ?? 0;
      // Forgetting a live nonce's count would let it be replayed, so nonces that old become stale instead.
      if (made > expiredBefore) this.#forgottenBefore = Math.max(this.#forgottenBefore, made);
      this.#counts.delete(key);
    }
    return true;
  }
}

function uriMatches(uri: string, request: Request): boolean {
  const target = request.queryString ? `${request.rawPath}?${request.queryString}` : request.rawPath;
  if (uri === target) return true;
  if (!/^https?:\/\//i.test(uri)) return false;
  try {
    const url = new URL(uri);
    return `${url.pathname}${url.search}` === target || (url.search === '' && url.pathname === target);
  } catch {
    return false;
  }
}
