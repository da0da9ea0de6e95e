/** The shared core of Flask-HTTPAuth's classes: the guard, roles, the error response and `currentUser()`. */
import { g, type Headers, makeResponse, type Request, type Response, type ResponseValue } from 'flagon';
import { applyGuard, type GuardTarget, isGuardScope } from '../internal/guard.ts';

/** A role requirement: one role, or a list where any entry will do; an entry that is a list needs all of its roles. */
export type RoleRequirement = string | ReadonlyArray<string | readonly string[]>;

/** Options of `loginRequired`. */
export interface HTTPAuthRequiredOptions {
  /** Roles the user must have (see `RoleRequirement`); needs `getUserRoles`. */
  role?: RoleRequirement;
  /** Let requests without valid credentials through; `currentUser()` is then null. */
  optional?: boolean;
}

/** Why a request was refused: no credentials, wrong ones, a stale Digest nonce, or a role missing (403). */
export type AuthFailure = 'missing' | 'invalid' | 'stale' | 'forbidden';

/** Builds the refusal: receives 401 or 403 and the reason. */
export type AuthErrorHandler = (
  status: number,
  reason: AuthFailure,
) => ResponseValue | Promise<ResponseValue>;

type RolesCallback<U> = (
  user: U,
) => string | readonly string[] | null | undefined | Promise<string | readonly string[] | null | undefined>;

const USER_KEY = '_httpauth_user';
/** Authorization values longer than this are refused unread (a header can be up to the server's limit). */
export const MAX_CREDENTIALS_LENGTH = 8192;

/** The outcome of authenticating one request. */
export interface AuthResult {
  /** The authenticated user (anything but null/undefined/false), or null. */
  user: unknown;
  /** Why it failed when `user` is null. */
  reason?: AuthFailure;
  /** What `currentUser()` gives when the callback answered just `true` (Basic: the username). */
  username?: string | null;
}

/**
 * The base of `HTTPBasicAuth`, `HTTPTokenAuth` and `HTTPDigestAuth`: subclasses authenticate, this class guards
 * views, checks roles and answers 401 (with `WWW-Authenticate`) or 403.
 */
export abstract class HTTPAuth<U = unknown> {
  /** The scheme of the challenge (`Basic`, `Bearer`, `Digest`), matched case-insensitively. */
  readonly scheme: string;
  readonly realm: string;
  /** A header other than `Authorization` carrying the credentials, or null. */
  readonly header: string | null;
  #errorHandler: AuthErrorHandler = (status) => ['Unauthorized Access', status];
  #getUserRoles: RolesCallback<U> | null = null;

  constructor(scheme: string, options: { realm?: string; header?: string | null } = {}) {
    this.scheme = scheme;
    this.realm = options.realm ?? 'Authentication Required';
    if (/["\\\r\n]/.test(this.realm))
      throw new TypeError('The realm may not contain quotes, backslashes or line breaks.');
    this.header = options.header && options.header.toLowerCase() !== 'authorization' ? options.header : null;
  }

  /** Authenticates the request; implemented by each scheme. */
  protected abstract authenticate(request: Request): Promise<AuthResult>;

  /** The `WWW-Authenticate` values of a 401 (one per challenge). */
  protected challenges(_reason: AuthFailure): string[] {
    return [`${this.scheme} realm="${this.realm}"`];
  }

  /** Whether the request carries credentials of this scheme (used by `MultiAuth` to pick one). */
  isCompatibleAuth(headers: Headers): boolean {
    if (this.header !== null) return headers.has(this.header);
    return authorizationScheme(headers.get('Authorization')) === this.scheme.toLowerCase();
  }

  /** Sets the callback giving a user's roles, for `loginRequired({ role })`. */
  getUserRoles<F extends RolesCallback<U>>(callback: F): F {
    this.#getUserRoles = callback;
    return callback;
  }

  /**
   * Replaces the refusal response (default: `Unauthorized Access` as text). A 401 without a
   * `WWW-Authenticate` header gets the scheme's challenge added.
   */
  errorHandler<F extends AuthErrorHandler>(handler: F): F {
    this.#errorHandler = handler;
    return handler;
  }

  /** The user authenticated for this request, or null. */
  currentUser(): U | null {
    return (g.get(USER_KEY) as U | undefined) ?? null;
  }

  /**
   * Guards a view, or every view of a Blueprint or app. Requests without valid credentials get 401 and a
   * challenge; with a `role` the user lacks, 403. OPTIONS requests pass. Malformed `Authorization` headers
   * read as no credentials.
   *
   * @example
   * app.get('/api/me', auth.loginRequired(() => ({ user: auth.currentUser() })));
   * app.delete('/api/users/<int:id>', auth.loginRequired({ role: 'admin' })(deleteUser));
   * auth.loginRequired(apiBlueprint);
   */
  loginRequired<T extends GuardTarget>(target: T): T;
  loginRequired(options: HTTPAuthRequiredOptions): <T extends GuardTarget>(target: T) => T;
  loginRequired<T extends GuardTarget>(
    target: T | HTTPAuthRequiredOptions,
  ): T | (<U extends GuardTarget>(target: U) => U) {
    if (typeof target === 'function' || isGuardScope(target)) return this.guard(target as T, {});
    const options = target as HTTPAuthRequiredOptions;
    return <U extends GuardTarget>(inner: U): U => this.guard(inner, options);
  }

  /** Applies `check` as a view wrapper or a `beforeRequest` hook; shared with `MultiAuth`. */
  protected guard<T extends GuardTarget>(target: T, options: HTTPAuthRequiredOptions): T {
    return applyGuard(target, (request) => this.check(request, options), 'loginRequired');
  }

  /** Authenticates and authorizes `request`: undefined to go on, or the refusal response. */
  async check(request: Request, options: HTTPAuthRequiredOptions = {}): Promise<Response | undefined> {
    if (request.method === 'OPTIONS') return undefined;
    const { user, reason, username } = await this.authenticate(request);
    let failure: AuthFailure | undefined;
    if (user === null || user === undefined || user === false) failure = reason ?? 'invalid';
    else if (!(await this.#authorize(options.role, user))) failure = 'forbidden';
    if (failure !== undefined && !options.optional)
      return this.authError(failure === 'forbidden' ? 403 : 401, failure);
    // As Flask-HTTPAuth: a callback may answer `true` instead of a user; currentUser() is then the username.
    g[USER_KEY] = failure !== undefined ? null : user === true ? (username ?? null) : user;
    return undefined;
  }

  /**
   * The refusal response for `status`, with the challenge on a 401.
   *
   * Differs from Flask: Flask-HTTPAuth 4.5 also puts the challenge on a 403; here a 403 (good credentials, a
   * role missing) carries none, so browsers do not prompt for other credentials.
   */
  async authError(status: number, reason: AuthFailure): Promise<Response> {
    const response = makeResponse(await this.#errorHandler(status, reason));
    if (response.status === 401 && !response.headers.has('WWW-Authenticate')) {
      for (const challenge of this.challenges(reason)) response.headers.append('WWW-Authenticate', challenge);
    }
    return response;
  }

  async #authorize(role: RoleRequirement | undefined, user: unknown): Promise<boolean> {
    if (role === undefined) return true;
    if (this.#getUserRoles === null) {
      throw new TypeError(
        'loginRequired({ role }) needs auth.getUserRoles((user) => roles) to know the roles.',
      );
    }
    const found = await this.#getUserRoles(user as U);
    const userRoles = new Set(found == null ? [] : typeof found === 'string' ? [found] : found);
    const required = typeof role === 'string' ? [role] : role;
    return required.some((entry) =>
      typeof entry === 'string' ? userRoles.has(entry) : entry.every((r) => userRoles.has(r)),
    );
  }
}

/** The lowercased scheme of an Authorization header, or null when absent or empty. */
export function authorizationScheme(header: string | null): string | null {
  if (header === null) return null;
  const match = /^\s*([!#$%&'*+\-.^_`|~0-9A-Za-z]+)(?:\s|$)/.exec(header);
  return match?.[1]?.toLowerCase() ?? null;
}
