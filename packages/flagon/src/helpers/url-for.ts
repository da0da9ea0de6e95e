import { blueprintsOf } from '../app/request-cycle.ts';
import type { Route } from '../app/scaffold.ts';
import { urlAdapterFor } from '../app/url-adapter.ts';
import { ContextError } from '../context/errors.ts';
import { currentFrame } from '../context/storage.ts';
import { BuildError } from '../routing/errors.ts';

/**
 * The endpoints of your app and their URL params, for checked `urlFor` calls. Augment it, or let
 * `flagon routes --types` write it from the registered routes:
 * `declare module 'flagon' { interface Endpoints { profile: { id: number } } }`.
 * Endpoints not listed here are still accepted as plain strings, unless `TypeOptions.strictEndpoints` is set.
 */
export interface Endpoints {}

/**
 * Switches for Flagon's types, set by declaration merging:
 * `declare module 'flagon' { interface TypeOptions { strictEndpoints: true } }` makes `urlFor` accept only the
 * endpoints in `Endpoints` (and relative `'.name'` ones), so `urlFor('typo')` is a compile error.
 * `flagon routes --types` sets it in the file it writes.
 */
export interface TypeOptions {}

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

type IsStrict = TypeOptions extends { strictEndpoints: true } ? true : false;
/** The names `urlFor` accepts: the declared endpoints, relative `'.name'` ones, and (unless strict) any string. */
export type EndpointName = IsStrict extends true
  ? keyof Endpoints | `.${string}`
  : keyof Endpoints | (string & {});
type ArgsFor<P> = {} extends P ? [values?: UrlForValues<P>] : [values: UrlForValues<P>];
/** `urlFor`'s values argument for an endpoint name or route handle: required when it has params. */
export type UrlForArgs<E> =
  E extends Route<infer P>
    ? ArgsFor<P>
    : E extends keyof Endpoints
      ? ArgsFor<Endpoints[E]>
      : [values?: UrlForValues<Record<string, unknown>>];

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
// One signature rather than overloads, so a wrong value reports the param and its type ("'string' is not
// assignable to 'number'") instead of "no overload matches this call".
// biome-ignore lint/suspicious/noExplicitAny: any route handle, whatever its params type.
export function urlFor<const E extends Route<any> | EndpointName>(
  endpoint: E,
  ...values: UrlForArgs<E>
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
      // As Flask: rules that take the current request's method are tried first.
      defaultMethod: request?.method,
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
