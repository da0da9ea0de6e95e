import type { CookieOptions } from '../http/cookies.ts';
/**
 * The pluggable session backend (Flask's `SessionInterface`). The app calls `openSession` when a request first
 * touches `session` and `saveSession` after the response is made. It is typed against small structural
 * interfaces, so any app, request and response with these members will do.
 */

import { configBoolean, configOptionalString, configSameSite, configSeconds } from './internal/config.ts';
import { NullSession, type Session } from './session.ts';

/** What a session interface needs from the app: its config and, optionally, a logger for warnings. */
export interface SessionApp {
  readonly config: Readonly<Record<string, unknown>>;
  readonly logger?: { warning?(message: string): void; warn?(message: string): void };
}

/** What a session interface needs from the request. */
export interface SessionRequest {
  readonly cookies: { get(name: string): string | undefined | null };
  readonly isSecure?: boolean;
  readonly host?: string;
}

/** Cookie attributes for `SessionResponse.setCookie` (the same options `Response.setCookie` takes). */
export type { CookieOptions } from '../http/cookies.ts';

/** What a session interface needs from the response. */
export interface SessionResponse {
  setCookie(name: string, value: string, options?: CookieOptions): void;
  deleteCookie(
    name: string,
    options?: {
      path?: string;
      domain?: string;
      secure?: boolean;
      httpOnly?: boolean;
      sameSite?: 'Strict' | 'Lax' | 'None';
      partitioned?: boolean;
    },
  ): void;
  readonly headers: { append(name: string, value: string): void; get(name: string): string | null };
}

/** Flask's default `PERMANENT_SESSION_LIFETIME`: 31 days, in seconds. */
export const DEFAULT_PERMANENT_SESSION_LIFETIME = 31 * 24 * 60 * 60;

/** Options every session interface accepts. */
export interface SessionInterfaceOptions {
  /** The current time in milliseconds (default `Date.now`); inject a clock to test expiry without waiting. */
  now?: () => number;
}

/**
 * Loads and saves sessions. Subclass it and set `app.sessionInterface` to store sessions elsewhere
 * (a database, Redis, …); only `openSession` and `saveSession` must be written.
 * Both may return promises; an interface whose `openSession` does must set `isAsync = true`, so the app
 * opens the session before the view runs instead of on first use.
 * @example
 * class MemorySessions extends SessionInterface {
 *   openSession(app, request) { … return new Session(stored, { isNew }); }
 *   saveSession(app, session, response) { … response.setCookie(this.getCookieName(app), id, …); }
 * }
 */
export abstract class SessionInterface {
  /** True when `openSession` returns a promise. */
  readonly isAsync: boolean = false;
  /** The current time in milliseconds. */
  protected readonly now: () => number;

  constructor(options: SessionInterfaceOptions = {}) {
    this.now = options.now ?? Date.now;
  }

  /**
   * The session for this request, or null when sessions cannot work (the app then uses `makeNullSession`).
   * Must not throw for bad client data: a forged or stale cookie gives a new, empty session.
   */
  abstract openSession(app: SessionApp, request: SessionRequest): Session | null | Promise<Session | null>;

  /** Stores the session and sets or deletes its cookie on the response. Not called for null sessions. */
  abstract saveSession(app: SessionApp, session: Session, response: SessionResponse): void | Promise<void>;

  /** The stand-in used when `openSession` returns null: readable, but every write throws a clear error. */
  makeNullSession(_app: SessionApp): NullSession {
    return new NullSession();
  }

  /** Whether `session` is a null session, which is never saved. */
  isNullSession(session: unknown): boolean {
    return session instanceof NullSession;
  }

  /** `SESSION_COOKIE_NAME` (default `'session'`). */
  protected getCookieName(app: SessionApp): string {
    return configOptionalString(app.config, 'SESSION_COOKIE_NAME') ?? 'session';
  }

  /**
   * `SESSION_COOKIE_DOMAIN`, or null to leave the cookie on the exact host.
   * Differs from Flask 2.2: the domain is not guessed from `SERVER_NAME` (Flask 2.3 dropped that too).
   */
  protected getCookieDomain(app: SessionApp): string | null {
    return configOptionalString(app.config, 'SESSION_COOKIE_DOMAIN');
  }

  /** `SESSION_COOKIE_PATH`, else `APPLICATION_ROOT`, else `'/'`. */
  protected getCookiePath(app: SessionApp): string {
    return (
      configOptionalString(app.config, 'SESSION_COOKIE_PATH') ??
      configOptionalString(app.config, 'APPLICATION_ROOT') ??
      '/'
    );
  }

  /** `SESSION_COOKIE_HTTPONLY` (default true): scripts cannot read the cookie. */
  protected getCookieHttpOnly(app: SessionApp): boolean {
    return configBoolean(app.config, 'SESSION_COOKIE_HTTPONLY', true);
  }

  /** `SESSION_COOKIE_SECURE` (default false): the cookie is only sent over HTTPS. */
  protected getCookieSecure(app: SessionApp): boolean {
    return configBoolean(app.config, 'SESSION_COOKIE_SECURE', false);
  }

  /**
   * `SESSION_COOKIE_SAMESITE`: `'Strict'`, `'Lax'`, `'None'` or null (no attribute).
   * Differs from Flask: defaults to `'Lax'` (Flask: None), which blocks most cross-site request forgery.
   * @throws SessionConfigError for any other value.
   */
  protected getCookieSameSite(app: SessionApp): 'Strict' | 'Lax' | 'None' | null {
    return configSameSite(app.config, 'SESSION_COOKIE_SAMESITE', 'Lax');
  }

  /** `SESSION_COOKIE_PARTITIONED` (default false): CHIPS partitioned cookie, as in Flask 3.1. */
  protected getCookiePartitioned(app: SessionApp): boolean {
    return configBoolean(app.config, 'SESSION_COOKIE_PARTITIONED', false);
  }

  /** `PERMANENT_SESSION_LIFETIME` in seconds (default 31 days). */
  protected getPermanentSessionLifetime(app: SessionApp): number {
    return configSeconds(app.config, 'PERMANENT_SESSION_LIFETIME', DEFAULT_PERMANENT_SESSION_LIFETIME);
  }

  /** When a permanent session's cookie expires (now plus the lifetime), or null for a browser-session cookie. */
  protected getExpirationTime(app: SessionApp, session: Session): Date | null {
    if (!session.permanent) return null;
    return new Date(this.now() + this.getPermanentSessionLifetime(app) * 1000);
  }

  /**
   * Whether to send the cookie: when the session was modified, or when it is permanent and
   * `SESSION_REFRESH_EACH_REQUEST` (default true) asks to push its expiry forward on every request.
   */
  protected shouldSetCookie(app: SessionApp, session: Session): boolean {
    return (
      session.modified ||
      (session.permanent && configBoolean(app.config, 'SESSION_REFRESH_EACH_REQUEST', true))
    );
  }
}
