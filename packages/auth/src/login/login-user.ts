/** Logging users in and out of the current session, as Flask-Login's `login_user` and `logout_user`. */
import { g, request, session } from 'flagon';
import { loadCurrentUser } from './current-user.ts';
import { appOf, rememberCookieName, setRequestUser } from './internal/request-state.ts';
import { loginManagerOf } from './login-manager.ts';
import { createSessionIdentifier } from './session-identifier.ts';
import { userLoggedIn, userLoggedOut, userLoginConfirmed } from './signals.ts';
import { type AppUser, type CurrentUser, type LoginUser, userIdOf } from './user.ts';

/** Options of `loginUser`. */
export interface LoginUserOptions {
  /** Also set the remember cookie, so the login survives the end of the browser session. */
  remember?: boolean;
  /** How long the remember cookie lasts, in seconds (default `REMEMBER_COOKIE_DURATION`, 365 days). */
  duration?: number;
  /** Log in an inactive user (`isActive` false) too. */
  force?: boolean;
  /** Whether the login counts as fresh (default true; `freshLoginRequired` wants it). */
  fresh?: boolean;
}

/**
 * Logs `user` in: stores Flask-Login's session keys (`_user_id`, `_fresh`, `_id`, and `_remember` with
 * `remember`), makes it the request's `currentUser` and sends `userLoggedIn`. When the session offers
 * `regenerate()` (server-side sessions), it is called first so a session id planted before login is dropped.
 * Returns false, logging nobody in, for an inactive user unless `force`.
 *
 * @throws TypeError when the user has no usable `getId()`, or `duration` is not a positive number of seconds.
 * @throws SetupError when the app has no LoginManager.
 * @example
 * if (user && (await checkPasswordHash(user.passwordHash, password))) {
 *   await loginUser(user, { remember: form.get('remember') === 'on' });
 *   return redirect(safeNextUrl(request.args.get('next'), urlFor('index')));
 * }
 */
export async function loginUser(user: AppUser | LoginUser, options: LoginUserOptions = {}): Promise<boolean> {
  const { remember = false, duration, force = false, fresh = true } = options;
  loginManagerOf();
  const loginUser = user as LoginUser;
  if (!force && loginUser.isActive === false) return false;
  const userId = userIdOf(loginUser);
  if (
    duration !== undefined &&
    !(typeof duration === 'number' && Number.isFinite(duration) && duration > 0)
  ) {
    throw new TypeError(`loginUser(): duration is a positive number of seconds, not ${String(duration)}.`);
  }
  const regenerate = (session as unknown as { regenerate?: unknown }).regenerate;
  if (typeof regenerate === 'function') await regenerate.call(session);
  session.set('_user_id', userId);
  session.set('_fresh', fresh);
  session.set('_id', createSessionIdentifier(request));
  if (remember) {
    session.set('_remember', 'set');
    if (duration !== undefined) session.set('_remember_seconds', duration);
  }
  setRequestUser(user as CurrentUser);
  if (userLoggedIn.hasReceivers) await userLoggedIn.send(appOf(), user as AppUser);
  return true;
}

/**
 * Logs the current user out: removes the login keys from the session, clears the remember cookie if the
 * request has one (and revokes its token with a remember store), and sends `userLoggedOut`.
 *
 * @throws SetupError when the app has no LoginManager.
 */
export async function logoutUser(): Promise<true> {
  const manager = loginManagerOf();
  const user = g._login_user ?? (await loadCurrentUser());
  session.delete('_user_id');
  session.delete('_fresh');
  session.delete('_id');
  if (request.cookies.has(rememberCookieName())) {
    session.set('_remember', 'clear');
    session.delete('_remember_seconds');
  }
  if (userLoggedOut.hasReceivers) await userLoggedOut.send(appOf(), user);
  setRequestUser(manager.makeAnonymousUser());
  return true;
}

/** Marks the current login fresh again (after the user re-entered a password), and sends `userLoginConfirmed`. */
export async function confirmLogin(): Promise<void> {
  session.set('_fresh', true);
  session.set('_id', createSessionIdentifier(request));
  if (userLoginConfirmed.hasReceivers) await userLoginConfirmed.send(appOf());
}

/** Whether the current login is fresh: made with a password in this session, not restored from a cookie. */
export function loginFresh(): boolean {
  return session.get('_fresh') === true;
}
