/**
 * The default session backend: the whole session lives in a signed cookie, in exactly Flask's format, so a
 * Flask app and a Flagon app sharing a `SECRET_KEY` read each other's sessions.
 */

import { Buffer } from 'node:buffer';
import { BadData } from './errors.ts';
import { configSecret, configSecretList } from './internal/config.ts';
import { type TextSerializer, URLSafeTimedSerializer } from './serializer.ts';
import { NullSession, Session } from './session.ts';
import {
  type SessionApp,
  SessionInterface,
  type SessionRequest,
  type SessionResponse,
} from './session-interface.ts';
import type { KeyDerivation } from './signing.ts';
import { taggedJson } from './tagged-json.ts';

/** Cookies larger than this (name, value and attributes, in bytes) may be dropped by browsers (Werkzeug's limit). */
export const MAX_COOKIE_SIZE = 4093;

// No browser sends a single cookie this large, so a longer value is junk and is not even verified.
const MAX_COOKIE_READ_SIZE = 8192;

/**
 * Sessions stored client-side in a signed (not encrypted) cookie, as Flask's `SecureCookieSessionInterface`:
 * an itsdangerous `URLSafeTimedSerializer` with salt `'cookie-session'`, HMAC key derivation, SHA-1 and
 * Flask's tagged JSON. Users can read what is stored, but cannot change it without the secret key.
 * `SECRET_KEY_FALLBACKS` are accepted when reading (Flask 3.1), so keys can be rotated; only `SECRET_KEY` signs.
 */
export class SecureCookieSessionInterface extends SessionInterface {
  /** Mixed into the key so session signatures cannot be reused as other tokens. */
  salt = 'cookie-session';
  keyDerivation: KeyDerivation = 'hmac';
  digestMethod = 'sha1';
  /** The payload format; Flask's tagged JSON. */
  serializer: TextSerializer = taggedJson;
  #cache: { inputs: unknown[]; serializer: URLSafeTimedSerializer } | undefined;

  /**
   * The serializer that signs session cookies, or null when no `SECRET_KEY` is set.
   * @throws SessionConfigError when `SECRET_KEY` or `SECRET_KEY_FALLBACKS` is not text or bytes.
   */
  getSigningSerializer(app: SessionApp): URLSafeTimedSerializer | null {
    const secret = configSecret(app.config, 'SECRET_KEY');
    if (secret === null) return null;
    // itsdangerous signs with the last key and verifies with all of them.
    const keys = [...configSecretList(app.config, 'SECRET_KEY_FALLBACKS'), secret];
    const inputs = [this.salt, this.keyDerivation, this.digestMethod, this.serializer, ...keys];
    const cached = this.#cache;
    if (cached && cached.inputs.length === inputs.length && cached.inputs.every((v, i) => v === inputs[i])) {
      return cached.serializer;
    }
    const serializer = new URLSafeTimedSerializer(keys, {
      salt: this.salt,
      serializer: this.serializer,
      signerOptions: { keyDerivation: this.keyDerivation, digestMethod: this.digestMethod, now: this.now },
    });
    this.#cache = { inputs, serializer };
    return serializer;
  }

  /**
   * The session in the request's cookie. A missing, forged, expired (older than `PERMANENT_SESSION_LIFETIME`),
   * malformed or oversized cookie gives a new, empty session. Null when no `SECRET_KEY` is set.
   */
  override openSession(app: SessionApp, request: SessionRequest): Session | null {
    const serializer = this.getSigningSerializer(app);
    if (serializer === null) return null;
    const cookie = request.cookies.get(this.getCookieName(app));
    if (!cookie || cookie.length > MAX_COOKIE_READ_SIZE) return new Session(null, { isNew: true });
    try {
      const data = serializer.loads(cookie, { maxAge: Math.floor(this.getPermanentSessionLifetime(app)) });
      if (isDict(data)) return new Session(data);
    } catch (error) {
      if (!(error instanceof BadData)) throw error;
    }
    return new Session(null, { isNew: true });
  }

  /**
   * Writes the session cookie when the session changed (or is permanent and refreshed each request),
   * deletes it when the session was emptied, and adds `Vary: Cookie` when the session was used.
   * Warns through `app.logger` when the cookie is over 4093 bytes, which browsers may silently drop.
   */
  override saveSession(app: SessionApp, session: Session, response: SessionResponse): void {
    if (session instanceof NullSession) return;
    const name = this.getCookieName(app);
    const domain = this.getCookieDomain(app);
    const path = this.getCookiePath(app);
    const secure = this.getCookieSecure(app);
    const sameSite = this.getCookieSameSite(app);
    const httpOnly = this.getCookieHttpOnly(app);
    const partitioned = this.getCookiePartitioned(app);

    // Decided before the checks below, which read the session themselves.
    if (session.accessed) addVaryCookie(response);

    if (session.size === 0) {
      if (session.modified) {
        response.deleteCookie(name, {
          path,
          secure,
          httpOnly,
          partitioned,
          ...(domain === null ? {} : { domain }),
          ...(sameSite === null ? {} : { sameSite }),
        });
        addVaryCookie(response);
      }
      return;
    }
    if (!this.shouldSetCookie(app, session)) return;

    const serializer = this.getSigningSerializer(app);
    // The secret key was removed after the session was opened; there is nothing to sign with.
    if (serializer === null) return;
    const expires = this.getExpirationTime(app, session);
    const value = serializer.dumps(session.toJSON());
    const options = { expires, httpOnly, domain, path, secure, sameSite, partitioned };
    response.setCookie(name, value, options);
    addVaryCookie(response);

    const size = cookieHeaderSize(name, value, options);
    if (size > MAX_COOKIE_SIZE) {
      warn(
        app,
        `The ${JSON.stringify(name)} session cookie is ${size} bytes, more than the ${MAX_COOKIE_SIZE} that ` +
          'browsers accept, so they may silently drop it and the session will be lost. ' +
          'Store less in the session, or keep large data server-side and store only its id.',
      );
    }
  }
}

function isDict(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === null || proto === Object.prototype;
}

/** Adds `Cookie` to the Vary header unless it (or `*`) is already there. */
function addVaryCookie(response: SessionResponse): void {
  const vary = response.headers.get('Vary');
  if (vary !== null) {
    const fields = vary.split(',').map((field) => field.trim().toLowerCase());
    if (fields.includes('cookie') || fields.includes('*')) return;
  }
  response.headers.append('Vary', 'Cookie');
}

/** The length of the Set-Cookie header value Werkzeug would write, which is what browsers limit. */
function cookieHeaderSize(
  name: string,
  value: string,
  options: {
    expires: Date | null;
    domain: string | null;
    path: string;
    secure: boolean;
    httpOnly: boolean;
    sameSite: string | null;
    partitioned: boolean;
  },
): number {
  let header = `${name}=${value}`;
  if (options.domain !== null) header += `; Domain=${options.domain}`;
  if (options.expires !== null) header += `; Expires=${options.expires.toUTCString()}`;
  if (options.secure) header += '; Secure';
  if (options.httpOnly) header += '; HttpOnly';
  header += `; Path=${options.path}`;
  if (options.sameSite !== null) header += `; SameSite=${options.sameSite}`;
  if (options.partitioned) header += '; Partitioned';
  return Buffer.byteLength(header);
}

function warn(app: SessionApp, message: string): void {
  const logger = app.logger;
  if (logger?.warning) logger.warning(message);
  else if (logger?.warn) logger.warn(message);
  else process.emitWarning(message, 'SessionCookieTooLarge');
}
