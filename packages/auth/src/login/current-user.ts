/** `currentUser`, the context local for the user of the current request. */
import { ContextError, g } from 'flagon';
import { USER_KEY } from './internal/request-state.ts';
import { loginManagerOf } from './login-manager.ts';
import { type CurrentUser, userFlag } from './user.ts';

/**
 * Loads the current user if no hook has yet, and returns it. Guards call it; call it yourself in a
 * `beforeRequest` hook registered before the LoginManager.
 *
 * @throws SetupError when the app has no LoginManager.
 */
export function loadCurrentUser(): Promise<CurrentUser> {
  return loginManagerOf().loadUser();
}

/**
 * The user of the current request: a logged-in user, or an `AnonymousUser` (`isAuthenticated` false).
 * Type it by declaring your user class in `LoginUsers`.
 *
 * @throws ContextError outside a request, or before the user was loaded (in a hook registered before the
 *   LoginManager: `await loadCurrentUser()` there instead).
 * @example
 * app.get('/me', () => (currentUser.isAuthenticated ? `Hello ${currentUser.getId()}` : 'Hello stranger'));
 */
export const currentUser: CurrentUser = new Proxy(Object.create(null) as CurrentUser, {
  get(_target, property) {
    const user = resolveCurrentUser();
    if (property === 'isActive' || property === 'isAuthenticated' || property === 'isAnonymous') {
      return userFlag(user, property);
    }
    const value = Reflect.get(user, property, user);
    return typeof value === 'function' ? value.bind(user) : value;
  },
  has(_target, property) {
    return Reflect.has(resolveCurrentUser(), property);
  },
  set(_target, property, value) {
    return Reflect.set(resolveCurrentUser(), property, value);
  },
  ownKeys() {
    return Reflect.ownKeys(resolveCurrentUser());
  },
  getOwnPropertyDescriptor(_target, property) {
    const descriptor = Reflect.getOwnPropertyDescriptor(resolveCurrentUser(), property);
    if (descriptor) descriptor.configurable = true;
    return descriptor;
  },
  getPrototypeOf() {
    return Reflect.getPrototypeOf(resolveCurrentUser());
  },
});

function resolveCurrentUser(): object {
  const user = g[USER_KEY];
  if (user === undefined) {
    throw new ContextError(
      'currentUser was read before the user was loaded. The LoginManager loads it in a beforeRequest hook; in a ' +
        'hook registered earlier, use `await loadCurrentUser()` instead.',
    );
  }
  return user as object;
}
