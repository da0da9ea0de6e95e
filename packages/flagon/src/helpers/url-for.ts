import { ContextError } from '../app/errors.ts';
import { blueprintsOf, urlAdapterFor } from '../app/request-cycle.ts';
import type { Route } from '../app/scaffold.ts';
import { currentFrame } from '../context/storage.ts';
import { BuildError } from '../routing/errors.ts';

/**
 * The endpoints of your app and their URL params, for checked `urlFor` calls. Augment it:
 * `declare module 'flagon' { interface Endpoints { profile: { id: number } } }`.
 * Endpoints not listed here are still accepted as plain strings.
 */
export interface Endpoints {}

/** `urlFor`'s special options, as in Flask (`_external`, `_scheme`, `_anchor`, `_method`). */
export interface UrlForOptions {
  /** An absolute URL (`http://host/path`). Default: false in a request, true outside one. */
  _external?: boolean;
  /** The scheme of an external URL; needs `_external: true`. */
  _scheme?: string;
  /** Appended as `#anchor`. */
  _anchor?: string;
  /** Pick the rule that allows this method. */
  _method?: string;
}

/** The values `urlFor` takes for an endpoint: its params (typed when known), options, and query args. */
export type UrlForValues<P> = P & UrlForOptions & Record<string, unknown>;

type EndpointName = keyof Endpoints | (string & {});
type ValuesFor<E> = E extends keyof Endpoints
  ? UrlForValues<Endpoints[E]>
  : UrlForValues<Record<string, unknown>>;
type NeedsValues<E> = E extends keyof Endpoints ? ({} extends Endpoints[E] ? false : true) : false;

/**
 * Builds the URL of an endpoint, as Flask's `url_for`. Values that are not rule params go into the query
 * string (arrays repeat the key). `'.name'` is relative to the current blueprint. Pass a route handle
 * (what `app.get(...)` returns) for a fully typed call.
 *
 * @example
 * urlFor('user', { id: 3 });                  // '/user/3'
 * urlFor('search', { q: 'a b', tag: ['x'] }); // '/search?q=a+b&tag=x'
 * urlFor(profileRoute, { id: 3, _external: true }); // 'http://localhost/user/3'
 * @throws BuildError naming the endpoint and what was missing.
 * @throws ContextError outside an application context.
 */
export function urlFor<P>(
  endpoint: Route<P>,
  ...values: {} extends P ? [UrlForValues<P>?] : [UrlForValues<P>]
): string;
export function urlFor<E extends EndpointName>(
  endpoint: E,
  ...values: NeedsValues<E> extends true ? [ValuesFor<E>] : [ValuesFor<E>?]
): string;
export function urlFor(endpoint: string | Route<unknown>, givenValues: Record<string, unknown> = {}): string {
  const frame = currentFrame();
  if (frame === undefined) {
    throw new ContextError(
      'urlFor() needs an application context to know which app to build for. Call it inside a request, or ' +
        'inside `app.appContext().run(...)`.',
    );
  }
  const { app, request } = frame;
  let name = typeof endpoint === 'string' ? endpoint : endpoint.endpoint;
  if (name.startsWith('.')) {
    const blueprint = request ? blueprintsOf(request.endpoint)[0] : undefined;
    name = blueprint ? `${blueprint}${name}` : name.slice(1);
  }
  const values: Record<string, unknown> = Object.create(null);
  let external = request === undefined;
  let scheme: string | undefined;
  let anchor: string | undefined;
  let method: string | undefined;
  for (const [key, value] of Object.entries(givenValues)) {
    if (key === '_external') external = Boolean(value);
    else if (key === '_scheme') scheme = value === undefined ? undefined : String(value);
    else if (key === '_anchor') anchor = value === undefined ? undefined : String(value);
    else if (key === '_method') method = value === undefined ? undefined : String(value);
    else values[key] = value;
  }
  if (scheme !== undefined && !external) {
    throw new TypeError('urlFor(): `_scheme` only applies to external URLs; pass `_external: true` as well.');
  }
  // URL defaults of the app, then of each blueprint from the outermost in (Flask's inject_url_defaults).
  for (const scope of [null, ...blueprintsOf(name).reverse()]) {
    const funcs = app.urlDefaultFunctions.get(scope);
    if (funcs) for (const fn of funcs) fn(name, values);
  }
  try {
    return urlAdapterFor(frame).build(name, values, {
      method,
      forceExternal: external,
      urlScheme: scheme,
      anchor,
    });
  } catch (error) {
    if (error instanceof BuildError) {
      for (const handler of app.urlBuildErrorHandlers) {
        const url = handler(error, name, values);
        if (url !== undefined) return url;
      }
    }
    throw error;
  }
}
