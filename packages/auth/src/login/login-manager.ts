/** Flask-Login's `LoginManager`: loads the user of each request and answers for guards that refuse one. */
import {
  type AfterRequestHook,
  currentApp,
  type Flagon,
  flash,
  g,
  type Request,
  type Response,
  type ResponseValue,
  redirect,
  request,
  SetupError,
  session,
  Unauthorized,
} from 'flagon';
import { blueprintOf, expandLoginView, makeLoginUrl, makeNextParam } from './internal/login-url.ts';
import {
  APP_KEY,
  appOf,
  currentOrAnonymous,
  ROTATE_KEY,
  rememberCookieName,
  rememberCookieOptions,
  USER_KEY,
} from './internal/request-state.ts';
import { decodeRememberCookie, encodeRememberCookie, secretKeysOf } from './remember-cookie.ts';
import {
  consumeRememberToken,
  issueRememberToken,
  type RememberTokenStore,
  rememberSelectorOf,
} from './remember-store.ts';
import { createSessionIdentifier } from './session-identifier.ts';
import {
  sessionProtected,
  userAccessed,
  userLoadedFromCookie,
  userLoadedFromRequest,
  userNeedsRefresh,
  userUnauthorized,
} from './signals.ts';
import { AnonymousUser, type AppUser, type CurrentUser, type LoginUser } from './user.ts';

/** Flask-Login's session keys. */
export const SESSION_KEYS = ['_user_id', '_remember', '_remember_seconds', '_id', '_fresh', 'next'] as const;
/** 365 days, Flask-Login's `REMEMBER_COOKIE_DURATION`. */
export const DEFAULT_REMEMBER_SECONDS = 365 * 24 * 3600;

const EXTENSION_KEY = 'login';

/** Options of `LoginManager`, with Flask-Login's defaults. */
export interface LoginManagerOptions {
  /** Endpoint (`'auth.login'`) or path of the login page; without it, guards answer 401. */
  loginView?: string | null;
  /** Login views per blueprint name, used for requests to that blueprint's endpoints. */
  blueprintLoginViews?: Record<string, string>;
  /** Flashed when a guard redirects to the login view; null flashes nothing. */
  loginMessage?: string | null;
  loginMessageCategory?: string;
  /** Endpoint or path where a stale login is refreshed (`freshLoginRequired`); without it, 401. */
  refreshView?: string | null;
  needsRefreshMessage?: string | null;
  needsRefreshMessageCategory?: string;
  /**
   * `'basic'` (default): a session used from another address or browser is marked not fresh. `'strong'`:
   * it is logged out. null: off. The `SESSION_PROTECTION` config key overrides it.
   */
  sessionProtection?: 'basic' | 'strong' | null;
  /** Makes remember cookies revocable tokens kept in this store, instead of Flask-Login's signed user id. */
  rememberStore?: RememberTokenStore | null;
  /** The class of the anonymous user (Flask-Login's `anonymous_user`), e.g. one with a `can()` method. */
  anonymousUser?: new () => AnonymousUser;
}

// Loaders may return any LoginUser: the app's declared type is what `currentUser` promises, but one project can
// hold several apps (and tests) with their own user classes.
type Loaded = AppUser | LoginUser | null | undefined;
type UserLoader = (userId: string) => Loaded | Promise<Loaded>;
type RequestLoader = (request: Request) => Loaded | Promise<Loaded>;
type Handler = () => ResponseValue | Promise<ResponseValue>;

/**
 * Manages logins for one or more apps. Register it with the app (`new LoginManager(app, …)` or `initApp`),
 * then give it a `userLoader`. Every request then loads its user before the `beforeRequest` hooks registered
 * after it, so `currentUser` is ready in views.
 *
 * Config keys read, as Flask-Login: `REMEMBER_COOKIE_NAME` (`remember_token`), `REMEMBER_COOKIE_DURATION`
 * (seconds, 365 days), `REMEMBER_COOKIE_DOMAIN`, `REMEMBER_COOKIE_PATH`, `REMEMBER_COOKIE_SECURE`,
 * `REMEMBER_COOKIE_HTTPONLY` (true), `REMEMBER_COOKIE_SAMESITE`, `REMEMBER_COOKIE_REFRESH_EACH_REQUEST`,
 * `SESSION_PROTECTION`, `LOGIN_DISABLED`, `USE_SESSION_FOR_NEXT`, `FORCE_HOST_FOR_REDIRECTS`.
 *
 * Differs from Flask: the user is loaded by a `beforeRequest` hook rather than on first access, because loaders
 * are async; `loadCurrentUser()` loads it from hooks that run earlier. `REMEMBER_COOKIE_SAMESITE` defaults to
 * `'Lax'` (Flask-Login: unset), like Flagon's session cookie.
 *
 * @example
 * const login = new LoginManager(app, { loginView: 'auth.login' });
 * login.userLoader(async (id) => db.findUser(Number(id)));
 */
export class LoginManager {
  loginView: string | null;
  readonly blueprintLoginViews: Record<string, string>;
  loginMessage: string | null;
  loginMessageCategory: string;
  refreshView: string | null;
  needsRefreshMessage: string | null;
  needsRefreshMessageCategory: string;
  sessionProtection: 'basic' | 'strong' | null;
  rememberStore: RememberTokenStore | null;
  anonymousUser: new () => AnonymousUser;
  #userLoader: UserLoader | null = null;
  #requestLoader: RequestLoader | null = null;
  #unauthorizedHandler: Handler | null = null;
  #needsRefreshHandler: Handler | null = null;

  constructor(app?: Flagon | null, options: LoginManagerOptions = {}) {
    this.loginView = options.loginView ?? null;
    this.blueprintLoginViews = { ...options.blueprintLoginViews };
    this.loginMessage =
      options.loginMessage === undefined ? 'Please log in to access this page.' : options.loginMessage;
    this.loginMessageCategory = options.loginMessageCategory ?? 'message';
    this.refreshView = options.refreshView ?? null;
    this.needsRefreshMessage =
      options.needsRefreshMessage === undefined
        ? 'Please reauthenticate to access this page.'
        : options.needsRefreshMessage;
    this.needsRefreshMessageCategory = options.needsRefreshMessageCategory ?? 'message';
    this.sessionProtection = options.sessionProtection === undefined ? 'basic' : options.sessionProtection;
    this.rememberStore = options.rememberStore ?? null;
    this.anonymousUser = options.anonymousUser ?? AnonymousUser;
    if (app) this.initApp(app);
  }

  /**
   * Attaches the manager to `app`: stores it in `app.extensions`, loads the user before each request, writes
   * or clears the remember cookie after it, and adds `currentUser` to templates.
   *
   * @throws SetupError once the app has served a request (hooks can no longer be added).
   */
  initApp(app: Flagon): void {
    app.extensions.set(EXTENSION_KEY, this);
    app.beforeRequest(async (req) => {
      g[APP_KEY] = app;
      if (isStaticEndpoint(req.endpoint)) return;
      await this.loadUser();
    });
    app.afterRequest(this.#updateRememberCookie);
    app.contextProcessor(async () => {
      const user =
        g[USER_KEY] === undefined && this.#hasLoaders()
          ? await this.loadUser()
          : currentOrAnonymous(() => this.makeAnonymousUser());
      return { currentUser: user, current_user: user };
    });
  }

  /**
   * Sets how a user is found from the id stored in the session or remember cookie. Return null for an id
   * that no longer exists (the request is then anonymous).
   */
  userLoader<F extends UserLoader>(loader: F): F {
    this.#userLoader = loader;
    return loader;
  }

  /** Sets how a user is found from the request itself (an API key header, …) when the session has none. */
  requestLoader<F extends RequestLoader>(loader: F): F {
    this.#requestLoader = loader;
    return loader;
  }

  /** Replaces the redirect to the login view: guards return what `handler` returns. */
  unauthorizedHandler<F extends Handler>(handler: F): F {
    this.#unauthorizedHandler = handler;
    return handler;
  }

  /** Replaces the redirect to the refresh view for `freshLoginRequired`. */
  needsRefreshHandler<F extends Handler>(handler: F): F {
    this.#needsRefreshHandler = handler;
    return handler;
  }

  /** A new anonymous user, of the `anonymousUser` class. */
  makeAnonymousUser(): AnonymousUser {
    return new this.anonymousUser();
  }

  #hasLoaders(): boolean {
    return this.#userLoader !== null || this.#requestLoader !== null;
  }

  /**
   * What a guard answers for an anonymous user: the unauthorized handler's response, else a redirect to the
   * login view with `?next=` (and the login message flashed).
   *
   * @throws Unauthorized (401) when there is no handler and no login view.
   */
  async unauthorized(): Promise<ResponseValue> {
    if (userUnauthorized.hasReceivers) await userUnauthorized.send(appOf());
    if (this.#unauthorizedHandler) return await this.#unauthorizedHandler();
    const blueprint = blueprintOf(request.endpoint);
    const loginView =
      (blueprint !== null ? this.blueprintLoginViews[blueprint] : undefined) ?? this.loginView;
    if (!loginView) throw new Unauthorized();
    if (this.loginMessage) flash(this.loginMessage, this.loginMessageCategory);
    return this.#redirectToLogin(loginView);
  }

  /**
   * What `freshLoginRequired` answers for a login that is not fresh: the needs-refresh handler's response,
   * else a redirect to the refresh view with `?next=`.
   *
   * @throws Unauthorized (401) when there is no handler and no refresh view.
   */
  async needsRefresh(): Promise<ResponseValue> {
    if (userNeedsRefresh.hasReceivers) await userNeedsRefresh.send(appOf());
    if (this.#needsRefreshHandler) return await this.#needsRefreshHandler();
    if (!this.refreshView) throw new Unauthorized();
    if (this.needsRefreshMessage) flash(this.needsRefreshMessage, this.needsRefreshMessageCategory);
    return this.#redirectToLogin(this.refreshView);
  }

  #redirectToLogin(view: string): Response {
    const loginUrl = expandLoginView(view);
    if (currentApp.config.get('USE_SESSION_FOR_NEXT', false)) {
      session.set('_id', createSessionIdentifier(request));
      session.set('next', makeNextParam(loginUrl, request.url));
      return redirect(loginUrl);
    }
    return redirect(makeLoginUrl(loginUrl, request.url));
  }

  /**
   * Loads the user of the current request (once; later calls return the same one): from the session, else the
   * remember cookie, else the request loader. Anonymous when none applies.
   *
   * @throws SetupError when neither a user loader nor a request loader was set.
   */
  async loadUser(): Promise<CurrentUser> {
    const loaded = g[USER_KEY] as CurrentUser | undefined;
    if (loaded !== undefined) return loaded;
    if (!this.#hasLoaders()) {
      throw new SetupError(
        'LoginManager has no user loader. Set one with login.userLoader(async (id) => findUser(id)) so the ' +
          'user can be loaded from the session.',
      );
    }
    if (userAccessed.hasReceivers) await userAccessed.send(appOf());
    const user = this.#sessionProtectionFailed() ? null : await this.#loadUserFromSources();
    const current = (user ?? this.makeAnonymousUser()) as CurrentUser;
    g[USER_KEY] = current;
    return current;
  }

  async #loadUserFromSources(): Promise<AppUser | null> {
    let user: AppUser | null = null;
    const userId = session.get('_user_id');
    if (typeof userId === 'string' && this.#userLoader)
      user = ((await this.#userLoader(userId)) ?? null) as AppUser | null;
    if (user !== null) return user;
    const cookieName = rememberCookieName();
    const cookie = request.cookies.get(cookieName);
    if (cookie !== undefined && session.get('_remember') !== 'clear') return this.#loadUserFromCookie(cookie);
    if (this.#requestLoader) {
      const fromRequest = ((await this.#requestLoader(request)) ?? null) as AppUser | null;
      if (fromRequest !== null && userLoadedFromRequest.hasReceivers) {
        await userLoadedFromRequest.send(appOf(), fromRequest);
      }
      return fromRequest;
    }
    return null;
  }

  async #loadUserFromCookie(cookie: string): Promise<AppUser | null> {
    let userId: string | null;
    if (this.rememberStore) {
      const token = await consumeRememberToken(this.rememberStore, cookie);
      userId = token?.userId ?? null;
      // After the request a valid token gets a new validator, and a refused cookie is cleared.
      g[ROTATE_KEY] = token ?? 'clear';
    } else {
      userId = decodeRememberCookie(cookie, secretKeysOf(currentApp.config));
    }
    if (userId === null) return null;
    session.set('_user_id', userId);
    session.set('_fresh', false);
    const user = (this.#userLoader ? ((await this.#userLoader(userId)) ?? null) : null) as AppUser | null;
    // A token of a user who no longer exists is deleted with the cookie rather than rotated.
    if (user === null && this.rememberStore) g[ROTATE_KEY] = 'clear';
    if (user !== null && userLoadedFromCookie.hasReceivers) await userLoadedFromCookie.send(appOf(), user);
    return user;
  }

  // Flask-Login's _session_protection_failed, step for step, so sessions move between Flask and Flagon.
  #sessionProtectionFailed(): boolean {
    const configured = currentApp.config.get('SESSION_PROTECTION', undefined);
    const mode = configured === undefined ? this.sessionProtection : configured;
    if (mode !== 'basic' && mode !== 'strong') return false;
    if (session.size === 0) return false;
    const ident = createSessionIdentifier(request);
    if (ident === session.get('_id')) return false;
    if (mode === 'basic' || session.permanent) {
      if (session.get('_fresh') !== false) session.set('_fresh', false);
      if (sessionProtected.hasReceivers) sessionProtected.sendSync(appOf());
      return false;
    }
    for (const key of SESSION_KEYS) session.delete(key);
    session.set('_remember', 'clear');
    if (sessionProtected.hasReceivers) sessionProtected.sendSync(appOf());
    return true;
  }

  // An arrow so it can be registered as a hook without binding.
  readonly #updateRememberCookie: AfterRequestHook = async (response) => {
    const rotation = g[ROTATE_KEY] as
      | { selector: string; userId: string; expiresAt: Date }
      | 'clear'
      | undefined;
    if (!session.has('_remember') && currentApp.config.get('REMEMBER_COOKIE_REFRESH_EACH_REQUEST', false)) {
      if (session.has('_user_id')) session.set('_remember', 'set');
    }
    if (session.has('_remember')) {
      const operation = session.pop('_remember');
      if (operation === 'set' && session.has('_user_id')) await this.#setCookie(response);
      else if (operation === 'clear') await this.#clearCookie(response);
      return response;
    }
    if (rotation === 'clear') await this.#clearCookie(response);
    else if (rotation !== undefined && this.rememberStore) {
      const { userId, expiresAt, selector } = rotation;
      const value = await issueRememberToken(this.rememberStore, userId, expiresAt, selector);
      response.setCookie(rememberCookieName(), value, rememberCookieOptions(rotation.expiresAt));
    }
    return response;
  };

  async #setCookie(response: Response): Promise<void> {
    const config = currentApp.config;
    const seconds = session.get('_remember_seconds');
    const duration =
      typeof seconds === 'number'
        ? seconds
        : Number(config.get('REMEMBER_COOKIE_DURATION', DEFAULT_REMEMBER_SECONDS));
    const expires = new Date(Date.now() + duration * 1000);
    const userId = String(session.get('_user_id'));
    let value: string;
    if (this.rememberStore) {
      const old = request.cookies.get(rememberCookieName());
      const selector = old === undefined ? null : rememberSelectorOf(old);
      if (selector !== null) await this.rememberStore.delete(selector);
      value = await issueRememberToken(this.rememberStore, userId, expires);
    } else {
      const keys = secretKeysOf(config);
      const key = keys[keys.length - 1];
      if (key === undefined || config.get('SECRET_KEY') == null) {
        throw new SetupError('The remember cookie is signed with SECRET_KEY; set app.config.SECRET_KEY.');
      }
      value = encodeRememberCookie(userId, key);
    }
    response.setCookie(rememberCookieName(), value, rememberCookieOptions(expires));
  }

  async #clearCookie(response: Response): Promise<void> {
    const config = currentApp.config;
    const old = request.cookies.get(rememberCookieName());
    if (this.rememberStore && old !== undefined) {
      const selector = rememberSelectorOf(old);
      if (selector !== null) await this.rememberStore.delete(selector);
    }
    response.deleteCookie(rememberCookieName(), {
      domain: (config.get('REMEMBER_COOKIE_DOMAIN', null) as string | null) ?? null,
      path: (config.get('REMEMBER_COOKIE_PATH', '/') as string | null) ?? '/',
    });
  }
}

/**
 * The LoginManager of the current app.
 *
 * @throws SetupError when the app has none.
 */
export function loginManagerOf(app: Flagon = currentApp): LoginManager {
  const manager = app.extensions.get(EXTENSION_KEY);
  if (!(manager instanceof LoginManager)) {
    throw new SetupError(
      'This app has no LoginManager. Create one with `new LoginManager(app, { loginView: ... })` before using ' +
        'loginUser, currentUser or the login guards.',
    );
  }
  return manager;
}

function isStaticEndpoint(endpoint: string | null): boolean {
  return endpoint === 'static' || (endpoint?.endsWith('.static') ?? false);
}
