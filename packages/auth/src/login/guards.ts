/** `loginRequired` and `freshLoginRequired`: guards for a view, or for every view of a blueprint or app. */
import { currentApp, type Request, type ResponseValue } from 'flagon';
import { applyGuard, type GuardTarget } from '../internal/guard.ts';
import { loadCurrentUser } from './current-user.ts';
import { loginManagerOf } from './login-manager.ts';
import { loginFresh } from './login-user.ts';
import { isAuthenticatedUser } from './user.ts';

export type { GuardScope } from '../internal/guard.ts';

// Flask-Login's EXEMPT_METHODS: CORS preflights carry no cookies, so they must not be redirected to a login.
const EXEMPT_METHODS = new Set(['OPTIONS']);

async function checkLogin(request: Request, fresh: boolean): Promise<ResponseValue | undefined> {
  if (EXEMPT_METHODS.has(request.method) || currentApp.config.get('LOGIN_DISABLED', false)) return undefined;
  const manager = loginManagerOf();
  const user = await loadCurrentUser();
  if (!isAuthenticatedUser(user)) return manager.unauthorized();
  if (fresh && !loginFresh()) return manager.needsRefresh();
  return undefined;
}

/**
 * Lets only logged-in users through. Given a view, returns the guarded view; given a Blueprint (or the app),
 * guards all of its views with a `beforeRequest` hook. Anonymous users get the LoginManager's answer (a
 * redirect to the login view with `?next=`, or 401). OPTIONS requests and `LOGIN_DISABLED` pass.
 *
 * @throws Unauthorized (401) when the LoginManager has no login view and no unauthorized handler.
 * @example
 * app.get('/settings', loginRequired(() => renderTemplate('settings.html')));
 * loginRequired(adminBlueprint);
 */
export function loginRequired<T extends GuardTarget>(target: T): T {
  return applyGuard(target, (request) => checkLogin(request, false), 'loginRequired');
}

/**
 * Like `loginRequired`, and also wants a fresh login (not restored from the remember cookie and not marked
 * stale by session protection); a stale one gets the LoginManager's `needsRefresh()` answer.
 *
 * @throws Unauthorized (401) when refusing and no refresh view or handler is set.
 * @example
 * app.post('/password', freshLoginRequired(changePassword));
 */
export function freshLoginRequired<T extends GuardTarget>(target: T): T {
  return applyGuard(target, (request) => checkLogin(request, true), 'freshLoginRequired');
}
