/**
 * Server-side sessions in Redis, with Flask-Session's semantics and layout: the cookie holds a random id, the
 * data is one JSON document under `session:<id>` with a TTL of `PERMANENT_SESSION_LIFETIME`.
 */

import { Buffer } from 'node:buffer';
import {
  BadSignature,
  Headers,
  Response,
  ServiceUnavailable,
  type Session,
  type SessionApp,
  SessionInterface,
  type SessionInterfaceOptions,
  type SessionRequest,
  type SessionResponse,
  Signer,
} from 'flagon';
import { SessionSerializationError, SessionTooLargeError, StoreUnavailableError } from '../errors.ts';
import { luaScript, RedisConnection, type RedisConnectionOptions } from '../internal/redis-connection.ts';
import { throttledLog } from '../internal/throttled-log.ts';
import { generateSessionId, RedisSession, recordOf, UnavailableSession } from './redis-session.ts';

/** Turns the session's data into the text stored in Redis and back (Flask-Session's `serializer`). */
export interface SessionSerializer {
  dumps(data: Record<string, unknown>): string;
  loads(text: string): unknown;
}

/** Plain JSON, Flask-Session's JSON layout: `{"_permanent": true, "user_id": 42}`. */
export const jsonSessionSerializer: SessionSerializer = {
  dumps: (data) => JSON.stringify(data),
  loads: (text) => JSON.parse(text),
};

/** Options of `RedisSessionInterface`. */
export interface RedisSessionInterfaceOptions extends RedisConnectionOptions, SessionInterfaceOptions {
  /** Put before each id to make its key (Flask-Session's `SESSION_KEY_PREFIX`). Default `'session:'`. */
  keyPrefix?: string;
  /** `'json'` (default) or your own `{ dumps, loads }`. */
  serializer?: 'json' | SessionSerializer;
  /** The largest serialized session accepted, in bytes (default 256 KiB); larger ones are refused at save. */
  maxSize?: number;
  /** Whether new sessions are permanent (Flask-Session's `SESSION_PERMANENT`); default the config's, else true. */
  permanent?: boolean;
  /** Sign the id in the cookie with `SECRET_KEY` (Flask-Session's `SESSION_USE_SIGNER`); default the config's. */
  useSigner?: boolean;
}

// Ids Flagon makes are 43 URL-safe characters; Flask-Session's are UUIDs (36). Anything else is not looked up.
const SID_PATTERN = /^[A-Za-z0-9_-]{16,128}$/;
const PERMANENT_KEY = '_permanent';
const MAX_MERGE_ATTEMPTS = 16;

// Compare-and-set: writes the new document (or deletes it) only if the key still holds what this request
// started from; otherwise answers what it holds now so the request can merge its changes into that and retry.
// KEYS[2], when given, is a previous id of the session, deleted in the same step.
const COMPARE_AND_SET = luaScript(`
local current = redis.call('GET', KEYS[1])
local matches
if ARGV[1] == '1' then matches = (current == ARGV[2]) else matches = (current == false) end
if not matches then
  if current == false then return {0} end
  return {0, current}
end
if ARGV[3] == '' then redis.call('DEL', KEYS[1]) else redis.call('SET', KEYS[1], ARGV[3], 'PX', ARGV[4]) end
if KEYS[2] then redis.call('DEL', KEYS[2]) end
return {1}
`);

/**
 * Sessions stored in Redis (Flask-Session's `RedisSessionInterface`). Set it as `app.sessionInterface`; views
 * use `session` exactly as with cookie sessions (flash, `permanent`, typed keys), plus `session.regenerate()`
 * and `session.destroy()`.
 *
 * - The cookie holds a random 256-bit id (URL-safe), signed with `SECRET_KEY` when `SESSION_USE_SIGNER` is on;
 *   the data is one JSON document under `keyPrefix + id`, with a TTL of `PERMANENT_SESSION_LIFETIME`, pushed
 *   forward on each request when `SESSION_REFRESH_EACH_REQUEST` is on (in the same GETEX that reads it).
 * - Only keys the request changed are written: the save merges them into what Redis holds now, atomically
 *   (a Lua compare-and-set, retried), so concurrent requests of one session keep each other's writes to
 *   different keys; for one key, the last save wins.
 * - An unknown, forged or malformed id gives a new session under a new id (never the one the client sent).
 * - While Redis is down, using the session raises a 503 and a log line says why; nothing waits longer than
 *   the connect or command timeout. A save that fails turns the response into a 503.
 * - A session holding nothing a new session would not (at most `_permanent` at its default) is not stored,
 *   so visitors who never log in cost nothing.
 *
 * Differs from Flask-Session: ids are 256-bit random strings, not UUIDs (UUID ids it wrote are read); an
 * unknown id is replaced rather than reused (session fixation); saves merge instead of overwriting.
 *
 * @example
 * app.sessionInterface = new RedisSessionInterface({ url: process.env.REDIS_URL });
 * app.post('/login', () => {
 *   session.regenerate();
 *   session.set('userId', user.id);
 * });
 */
export class RedisSessionInterface extends SessionInterface {
  override readonly isAsync = true;
  readonly keyPrefix: string;
  readonly serializer: SessionSerializer;
  readonly maxSize: number;
  readonly #options: RedisSessionInterfaceOptions;
  readonly #connection: RedisConnection;
  readonly #log = throttledLog();
  #signer: { secret: unknown; fallbacks: unknown; signer: Signer } | undefined;

  constructor(options: RedisSessionInterfaceOptions = {}) {
    super(options);
    this.#options = options;
    this.keyPrefix = options.keyPrefix ?? 'session:';
    this.serializer =
      options.serializer === undefined || options.serializer === 'json'
        ? jsonSessionSerializer
        : options.serializer;
    this.maxSize = options.maxSize ?? 256 * 1024;
    this.#connection = new RedisConnection(options);
  }

  /** Closes the Redis connection this interface opened (not a client you passed in). */
  close(): void {
    this.#connection.close();
  }

  /**
   * The session named by the request's cookie, or a new one. Null when `SESSION_USE_SIGNER` is on and no
   * `SECRET_KEY` is set (the app then gives a null session). While Redis is unreachable, a session whose
   * every use raises `ServiceUnavailable` (503).
   */
  override async openSession(app: SessionApp, request: SessionRequest): Promise<Session | null> {
    const useSigner = this.#useSigner(app);
    const signer = useSigner ? this.#getSigner(app) : null;
    if (useSigner && signer === null) return null;
    const sid = this.#readSid(app, request, signer);
    if (sid === null) return this.#newSession(app);
    const key = this.keyPrefix + sid;
    let raw: string | null;
    try {
      const refresh = configFlag(app, 'SESSION_REFRESH_EACH_REQUEST', true);
      raw = (await this.#connection.command(
        refresh ? ['GETEX', key, 'PX', String(this.#ttlMs(app))] : ['GET', key],
      )) as string | null;
    } catch (error) {
      if (!(error instanceof StoreUnavailableError)) throw error;
      this.#reportUnavailable(app, error);
      return new UnavailableSession(error.message);
    }
    if (raw === null) return this.#newSession(app);
    const data = this.#parse(raw);
    if (data === null) return this.#newSession(app);
    return new RedisSession(data, { sid, isNew: false, raw });
  }

  /**
   * Writes the keys the request changed (or deletes the session when it was emptied or destroyed) and sets or
   * deletes the cookie. Adds `Vary: Cookie` when the session was used.
   * @throws SessionTooLargeError when the session would be larger than `maxSize`; nothing is written.
   * @throws SessionSerializationError when a value cannot be serialized.
   */
  override async saveSession(app: SessionApp, session: Session, response: SessionResponse): Promise<void> {
    if (!(session instanceof RedisSession)) return;
    if (session.accessed) addVaryCookie(response);
    const record = recordOf(session);
    const storable = hasStorableData(session, this.#permanentDefault(app));
    const regenerated = record.previousSid !== undefined;
    try {
      if (!storable) {
        if (record.raw !== null || regenerated) {
          if (session.modified || regenerated) {
            const keys = [this.keyPrefix + session.sid];
            if (regenerated) keys.push(this.keyPrefix + record.previousSid);
            await this.#connection.command(['DEL', ...keys]);
            this.#deleteCookie(app, response);
            addVaryCookie(response);
          }
        }
        return;
      }
      const wrote = session.modified || regenerated || record.raw === null;
      if (wrote) {
        const stored = await this.#write(app, session);
        // Another request ended this session (logout, regenerate) while this one ran: its writes are dropped.
        if (!stored) return;
      }
      if (wrote || this.shouldSetCookie(app, session)) this.#setCookie(app, session, response);
    } catch (error) {
      if (!(error instanceof StoreUnavailableError)) throw error;
      this.#reportUnavailable(app, error);
      replaceWithServiceUnavailable(response, error);
    }
  }

  /** Merges the session's changes into Redis; false when the session was deleted meanwhile. */
  async #write(app: SessionApp, session: RedisSession): Promise<boolean> {
    const record = recordOf(session);
    const current = session.toJSON();
    const regenerated = record.previousSid !== undefined;
    // After regenerate the whole session moves to a fresh key; otherwise only what changed is merged.
    const original = regenerated || record.raw === null ? null : (this.#parse(record.raw) ?? {});
    const changes = original === null ? null : this.#diff(original, current);
    if (changes !== null && changes.set.size === 0 && changes.deleted.length === 0) return true;
    let expectedExists = !regenerated && record.raw !== null;
    let expected = regenerated ? '' : (record.raw ?? '');
    let document = this.#dump(current);
    const ttl = String(this.#ttlMs(app));
    const keys = [this.keyPrefix + session.sid];
    if (regenerated) keys.push(this.keyPrefix + record.previousSid);
    for (let attempt = 0; attempt < MAX_MERGE_ATTEMPTS; attempt++) {
      const size = Buffer.byteLength(document);
      if (size > this.maxSize) throw new SessionTooLargeError(size, this.maxSize);
      const reply = (await this.#connection.eval(COMPARE_AND_SET, keys, [
        expectedExists ? '1' : '0',
        expected,
        document,
        ttl,
      ])) as [number, string?];
      if (reply[0] === 1) {
        record.raw = document;
        return true;
      }
      const now = reply[1];
      if (changes === null) {
        // A fresh id already taken (vanishingly unlikely with 256 random bits): this request's session wins.
        expectedExists = now !== undefined;
        expected = now ?? '';
        continue;
      }
      // Deleted by another request (logout, regenerate) or expired: do not bring it back.
      if (now === undefined) return false;
      const base = this.#parse(now) ?? (Object.create(null) as Record<string, unknown>);
      for (const [key, value] of changes.set) base[key] = value;
      for (const key of changes.deleted) delete base[key];
      expected = now;
      document = this.#dump(base);
    }
    throw new StoreUnavailableError(
      `The session could not be saved: it changed under this request ${MAX_MERGE_ATTEMPTS} times in a row.`,
    );
  }

  #diff(
    original: Record<string, unknown>,
    current: Record<string, unknown>,
  ): { set: Map<string, unknown>; deleted: string[] } {
    const set = new Map<string, unknown>();
    for (const key of Object.keys(current)) {
      if (
        !Object.hasOwn(original, key) ||
        this.#dumpValue(key, original[key]) !== this.#dumpValue(key, current[key])
      )
        set.set(key, current[key]);
    }
    const deleted = Object.keys(original).filter((key) => !Object.hasOwn(current, key));
    return { set, deleted };
  }

  #dumpValue(key: string, value: unknown): string {
    return this.#dump({ [key]: value });
  }

  #dump(data: Record<string, unknown>): string {
    try {
      return this.serializer.dumps(data);
    } catch (error) {
      throw new SessionSerializationError(
        `The session cannot be serialized (${(error as Error).message}). Store plain data (strings, numbers, ` +
          'booleans, null, arrays and plain objects) in it.',
        { cause: error },
      );
    }
  }

  /** The stored document as a plain object, or null when it is not one (corrupt, or written by something else). */
  #parse(raw: string): Record<string, unknown> | null {
    let data: unknown;
    try {
      data = this.serializer.loads(raw);
    } catch {
      return null;
    }
    if (typeof data !== 'object' || data === null || Array.isArray(data)) return null;
    const out: Record<string, unknown> = Object.create(null);
    for (const [key, value] of Object.entries(data)) out[key] = value;
    return out;
  }

  #newSession(app: SessionApp): RedisSession {
    const initial = this.#permanentDefault(app) ? { [PERMANENT_KEY]: true } : null;
    return new RedisSession(initial, { sid: generateSessionId(), isNew: true, raw: null });
  }

  #readSid(app: SessionApp, request: SessionRequest, signer: Signer | null): string | null {
    const cookie = request.cookies.get(this.getCookieName(app));
    if (!cookie || cookie.length > 512) return null;
    let sid = cookie;
    if (signer !== null) {
      try {
        sid = signer.unsign(cookie);
      } catch (error) {
        if (error instanceof BadSignature) return null;
        throw error;
      }
    }
    return SID_PATTERN.test(sid) ? sid : null;
  }

  #setCookie(app: SessionApp, session: RedisSession, response: SessionResponse): void {
    const signer = this.#useSigner(app) ? this.#getSigner(app) : null;
    const value = signer === null ? session.sid : signer.sign(session.sid);
    const sameSite = this.getCookieSameSite(app);
    const domain = this.getCookieDomain(app);
    response.setCookie(this.getCookieName(app), value, {
      expires: this.getExpirationTime(app, session),
      httpOnly: this.getCookieHttpOnly(app),
      path: this.getCookiePath(app),
      secure: this.getCookieSecure(app),
      partitioned: this.getCookiePartitioned(app),
      ...(domain === null ? {} : { domain }),
      ...(sameSite === null ? {} : { sameSite }),
    });
    addVaryCookie(response);
  }

  #deleteCookie(app: SessionApp, response: SessionResponse): void {
    const sameSite = this.getCookieSameSite(app);
    const domain = this.getCookieDomain(app);
    response.deleteCookie(this.getCookieName(app), {
      path: this.getCookiePath(app),
      secure: this.getCookieSecure(app),
      httpOnly: this.getCookieHttpOnly(app),
      partitioned: this.getCookiePartitioned(app),
      ...(domain === null ? {} : { domain }),
      ...(sameSite === null ? {} : { sameSite }),
    });
  }

  #useSigner(app: SessionApp): boolean {
    return this.#options.useSigner ?? configFlag(app, 'SESSION_USE_SIGNER', false);
  }

  #permanentDefault(app: SessionApp): boolean {
    return this.#options.permanent ?? configFlag(app, 'SESSION_PERMANENT', true);
  }

  /** Flask-Session's signer: itsdangerous `Signer(SECRET_KEY, salt='flask-session', key_derivation='hmac')`. */
  #getSigner(app: SessionApp): Signer | null {
    const secret = app.config.SECRET_KEY;
    if (secret === undefined || secret === null || secret === '') return null;
    const fallbacks = app.config.SECRET_KEY_FALLBACKS;
    const cached = this.#signer;
    if (cached !== undefined && cached.secret === secret && cached.fallbacks === fallbacks)
      return cached.signer;
    const keys = [...(Array.isArray(fallbacks) ? fallbacks : []), secret] as (string | Uint8Array)[];
    const signer = new Signer(keys, { salt: 'flask-session', keyDerivation: 'hmac' });
    this.#signer = { secret, fallbacks, signer };
    return signer;
  }

  #ttlMs(app: SessionApp): number {
    return Math.max(1000, Math.round(this.getPermanentSessionLifetime(app) * 1000));
  }

  #reportUnavailable(app: SessionApp, error: StoreUnavailableError): void {
    this.#log(app, `Sessions are unavailable, requests that use them answer 503: ${error.message}`);
  }
}

function configFlag(app: SessionApp, key: string, fallback: boolean): boolean {
  const value = app.config[key];
  return typeof value === 'boolean' ? value : fallback;
}

/** Whether the session holds anything a new session would not: a key other than `_permanent`, or a changed one. */
function hasStorableData(session: RedisSession, permanentDefault: boolean): boolean {
  for (const key of session.keys()) if (key !== PERMANENT_KEY) return true;
  return session.has(PERMANENT_KEY) && session.permanent !== permanentDefault;
}

function addVaryCookie(response: SessionResponse): void {
  const vary = response.headers.get('Vary');
  if (vary !== null) {
    const fields = vary.split(',').map((field) => field.trim().toLowerCase());
    if (fields.includes('cookie') || fields.includes('*')) return;
  }
  response.headers.append('Vary', 'Cookie');
}

/** The view ran but its session could not be stored: the client is told so with a 503 instead of a success. */
function replaceWithServiceUnavailable(response: SessionResponse, error: StoreUnavailableError): void {
  if (!(response instanceof Response)) throw new ServiceUnavailable(error.message, { cause: error });
  const page = new ServiceUnavailable(undefined, { retryAfter: 1 });
  const body = response.body as { destroy?: () => void } | null;
  if (body !== null && typeof body === 'object' && typeof body.destroy === 'function') body.destroy();
  response.status = 503;
  response.headers = new Headers(page.getHeaders());
  response.body = page.getBody();
}
