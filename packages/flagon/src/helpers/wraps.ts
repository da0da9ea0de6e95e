/**
 * Makes `wrapper` stand in for `view`, as Python's `functools.wraps` does for a decorator: it takes the view's
 * name (and so its endpoint, which comes from the name), its own properties (a class-based view's
 * `viewClass` and `methods`, say), and keeps the original in `__wrapped__`. Returns `wrapper`.
 *
 * @example
 * function loginRequired<P>(view: ViewFunction<P>): ViewFunction<P> {
 *   return wraps(view, (params, request) => (g.user ? view(params, request) : redirect(urlFor('auth.login'))));
 * }
 * app.get('/post/<int:id>/edit', loginRequired(function edit({ id }) { … })); // endpoint "edit"
 */
export function wraps<W extends Function>(view: Function, wrapper: W): W {
  for (const key of Reflect.ownKeys(view)) {
    if (key === 'length' || key === 'prototype' || key === 'arguments' || key === 'caller') continue;
    const descriptor = Object.getOwnPropertyDescriptor(view, key);
    if (descriptor !== undefined) Object.defineProperty(wrapper, key, descriptor);
  }
  Object.defineProperty(wrapper, '__wrapped__', { value: view, configurable: true, writable: true });
  return wrapper;
}
