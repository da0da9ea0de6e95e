/** The one way every guard of this package attaches: around a view, or as a blueprint's or app's hook. */
import type { BeforeRequestHook, Request, ResponseValue, ViewFunction } from 'flagon';

/** Something with `beforeRequest`: a Blueprint or the app. */
export interface GuardScope {
  beforeRequest(hook: BeforeRequestHook): unknown;
}

// biome-ignore lint/suspicious/noExplicitAny: a guard wraps views of every params type (View<P> is contravariant).
export type AnyView = ViewFunction<any>;

/** What a guard can be given: a view function, a Blueprint or an app. */
export type GuardTarget = AnyView | GuardScope;

/** A check: undefined lets the request through, anything else is the refusal response. */
export type GuardCheck = (request: Request) => Promise<ResponseValue | undefined>;

/** Whether `value` is a Blueprint or app (something with `beforeRequest`). */
export function isGuardScope(value: unknown): value is GuardScope {
  return (
    value !== null && typeof value === 'object' && typeof (value as GuardScope).beforeRequest === 'function'
  );
}

/**
 * Wraps a view so `check` runs first, or registers `check` as a `beforeRequest` hook of a Blueprint or app.
 *
 * @throws TypeError for anything else, naming `guardName`.
 */
export function applyGuard<T extends GuardTarget>(target: T, check: GuardCheck, guardName: string): T {
  if (typeof target === 'function') {
    const view = target as AnyView;
    const guarded: AnyView = async (params, request) => (await check(request)) ?? view(params, request);
    // Keep what addUrlRule reads from a view: its name (the endpoint) and the class-view attributes.
    for (const key of ['name', 'methods', 'provideAutomaticOptions', 'viewClass'] as const) {
      const descriptor = Object.getOwnPropertyDescriptor(view, key);
      if (descriptor) Object.defineProperty(guarded, key, { ...descriptor, configurable: true });
    }
    return guarded as T;
  }
  if (isGuardScope(target)) {
    target.beforeRequest(check);
    return target;
  }
  throw new TypeError(`${guardName}() takes a view function, a Blueprint or an app.`);
}
