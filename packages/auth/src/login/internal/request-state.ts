/** Per-request login state, kept on `g` as Flask-Login keeps `g._login_user`. */
import { type CookieOptions, currentApp, type Flagon, g } from 'flagon';
import type { AnonymousUser, CurrentUser } from '../user.ts';

export const USER_KEY = '_login_user';
export const APP_KEY = '_login_app';
export const ROTATE_KEY = '_login_rotate';

/** The real app object for signal senders (the hook stores it; `currentApp` is a proxy). */
export function appOf(): Flagon {
  return (g[APP_KEY] as Flagon | undefined) ?? currentApp;
}

/** The user loaded for this request, or `anonymous` when none was loaded. */
export function currentOrAnonymous(anonymous: () => AnonymousUser): CurrentUser {
  return (g[USER_KEY] as CurrentUser | undefined) ?? (anonymous() as CurrentUser);
}

/** Replaces the request's user (after login, or with the anonymous user after logout). */
export function setRequestUser(user: CurrentUser | AnonymousUser): void {
  g[USER_KEY] = user;
}

/** The remember cookie's name (`REMEMBER_COOKIE_NAME`, default `remember_token`). */
export function rememberCookieName(): string {
  return String(currentApp.config.get('REMEMBER_COOKIE_NAME', 'remember_token'));
}

/** The remember cookie's attributes, from the `REMEMBER_COOKIE_*` config keys. */
export function rememberCookieOptions(expires: Date): CookieOptions {
  const config = currentApp.config;
  return {
    expires,
    domain: (config.get('REMEMBER_COOKIE_DOMAIN', null) as string | null) ?? null,
    path: (config.get('REMEMBER_COOKIE_PATH', '/') as string | null) ?? '/',
    secure: Boolean(config.get('REMEMBER_COOKIE_SECURE', false)),
    httpOnly: config.get('REMEMBER_COOKIE_HTTPONLY', true) !== false,
    sameSite: config.get('REMEMBER_COOKIE_SAMESITE', 'Lax') as 'Strict' | 'Lax' | 'None' | null,
  };
}
