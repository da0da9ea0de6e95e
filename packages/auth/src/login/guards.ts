/** `loginRequired` and `freshLoginRequired`: guards for a view, or for every view of a blueprint or app. */
import {
  type BeforeRequestHook,
  currentApp,
  type Request,
  type ResponseValue,
  type ViewFunction,
} from 'flagon';
import { loadCurrentUser, loginManagerOf } from './login-manager.ts';
import { loginFresh } from './login-user.ts';
import { isAuthenticatedUser } from './user.ts';

// Flask-Login's EXEMPT_METHODS: CORS preflights carry no cookies, so they must not be redirected to a login.
const EXEMPT_METHODS = new Set(['OPTIONS']);

/** Something with `beforeRequest`: a Blueprint or the app. */
export interface GuardScope {
  beforeRequest(hook: BeforeRequestHook): unknown;
}

// biome-ignore lint/suspicious/noExplicitAny: a guard wraps views of every params type (View<P> is contravariant).
type AnyView = ViewFunction<any>;

async function checkLogin(request: Request, fresh: boolean): Promise<ResponseValue | undefined> {
  if (EXEMPT_METHODS.has(request.method) || currentApp.config.get('LOGIN_DISABLED', false)) return undefined;
  const manager = loginManagerOf();
  const user = await loadCurrentUser();
  if (!isAuthenticatedUser(user)) return manager.unauthorized();
  if (fresh && !loginFresh()) return manager.needsRefresh();
  return undefined;
}

function guard<T extends AnyView | GuardScope>(target: T, fresh: boolean, name: string): T {
  if (typeof target === 'function') {
    const view = target as AnyView;
    const guarded: AnyView = async (params, req) => (await checkLogin(req, fresh)) ?? view(params, req);
    // Keep what addUrlRule reads from the view: its name (the endpoint) and class-view attributes.
    for (const key of ['name', 'methods', 'provideAutomaticOptions', 'viewClass'] as const) {
      const descriptor = Object.getOwnPropertyDescriptor(view, key);
      if (descriptor) Object.defineProperty(guarded, key, { ...descriptor, configurable: true });
    }
    return guarded as T;
  }
  if (target !== null && typeof (target as GuardScope).beforeRequest === 'function') {
    (target as GuardScope).beforeRequest(async (req) => (await checkLogin(req, fresh)) ?? undefined);
    return target;
  }
  throw new TypeError(`${name}() takes a view function, a Blueprint or an app.`);
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
export function loginRequired<T extends AnyView | GuardScope>(target: T): T {
  return guard(target, false, 'loginRequired');
}

/**
 * Like `loginRequired`, and also wants a fresh login (not restored from the remember cookie and not marked
 * stale by session protection); a stale one gets the LoginManager's `needsRefresh()` answer.
 *
 * @throws Unauthorized (401) when refusing and no refresh view or handler is set.
 * @example
 * app.post('/password', freshLoginRequired(changePassword));
 */
export function freshLoginRequired<T extends AnyView | GuardScope>(target: T): T {
  return guard(target, true, 'freshLoginRequired');
}
