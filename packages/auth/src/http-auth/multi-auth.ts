/** Several authentication schemes on one view, as Flask-HTTPAuth's `MultiAuth`. */
import { g } from 'flagon';
import { applyGuard, type GuardTarget, isGuardScope } from '../internal/guard.ts';
import type { HTTPAuth, HTTPAuthRequiredOptions } from './http-auth.ts';

/**
 * Accepts any of several schemes: each request goes to the first auth whose scheme (or header) it carries,
 * the main one when none matches, whose challenge the refusal then carries.
 *
 * @example
 * const multi = new MultiAuth(basicAuth, tokenAuth);
 * app.get('/api/items', multi.loginRequired(listItems));
 */
export class MultiAuth {
  readonly #main: HTTPAuth;
  readonly #additional: HTTPAuth[];

  constructor(main: HTTPAuth, ...additional: HTTPAuth[]) {
    this.#main = main;
    this.#additional = additional;
  }

  /** Guards a view, Blueprint or app; see `HTTPAuth.loginRequired`. */
  loginRequired<T extends GuardTarget>(target: T): T;
  loginRequired(options: HTTPAuthRequiredOptions): <T extends GuardTarget>(target: T) => T;
  loginRequired<T extends GuardTarget>(
    target: T | HTTPAuthRequiredOptions,
  ): T | (<U extends GuardTarget>(target: U) => U) {
    const guard = <U extends GuardTarget>(inner: U, options: HTTPAuthRequiredOptions): U =>
      applyGuard(
        inner,
        (request) => {
          let selected = this.#main;
          if (!selected.isCompatibleAuth(request.headers)) {
            selected = this.#additional.find((auth) => auth.isCompatibleAuth(request.headers)) ?? this.#main;
          }
          return selected.check(request, options);
        },
        'loginRequired',
      );
    if (typeof target === 'function' || isGuardScope(target)) {
      return guard(target as T, {});
    }
    return <U extends GuardTarget>(inner: U): U => guard(inner, target as HTTPAuthRequiredOptions);
  }

  /** The user authenticated for this request by whichever auth was used, or null. */
  currentUser(): unknown {
    return g.get('_httpauth_user') ?? null;
  }
}
