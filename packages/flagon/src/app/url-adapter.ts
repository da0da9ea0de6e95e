import type { ContextFrame, CoreApp } from '../context/storage.ts';
import type { MapAdapter } from '../routing/adapter.ts';

// Bound adapters by (scheme, server name, mount point, host); binding once per host spares an object per
// request. The Host header is client-controlled, so the cache is bounded.
const adapterCaches = new WeakMap<CoreApp, Map<string, MapAdapter>>();
const MAX_CACHED_ADAPTERS = 64;

interface LastAdapter {
  readonly serverName: string;
  readonly scriptName: string;
  readonly urlScheme: string;
  readonly host: string | undefined;
  readonly adapter: MapAdapter;
}
// The last adapter used per app: nearly every request goes to the same host, so one comparison usually hits.
const lastAdapters = new WeakMap<CoreApp, LastAdapter>();

// Positional arguments rather than an options object: this runs on every request.
function cachedBind(
  app: CoreApp,
  serverName: string,
  scriptName: string,
  urlScheme: string,
  host: string | undefined,
): MapAdapter {
  const last = lastAdapters.get(app);
  if (
    last !== undefined &&
    last.serverName === serverName &&
    last.scriptName === scriptName &&
    last.urlScheme === urlScheme &&
    last.host === host
  ) {
    return last.adapter;
  }
  let cache = adapterCaches.get(app);
  if (cache === undefined) {
    cache = new Map();
    adapterCaches.set(app, cache);
  }
  const key = `${urlScheme}\n${serverName}\n${scriptName}\n${host ?? ''}`;
  let adapter = cache.get(key);
  if (adapter === undefined) {
    if (cache.size >= MAX_CACHED_ADAPTERS) cache.clear();
    adapter = app.urlMap.bind({ serverName, scriptName, urlScheme, host });
    cache.set(key, adapter);
  }
  lastAdapters.set(app, { serverName, scriptName, urlScheme, host, adapter });
  return adapter;
}

/**
 * The URL adapter for the current request (or app context). The method and query string are given to
 * `match` directly, so one adapter serves every request to the same host.
 */
export function urlAdapterFor(frame: ContextFrame): MapAdapter {
  const { app, request } = frame;
  const config = app.config;
  if (request) {
    const host = request.host;
    return cachedBind(
      app,
      config.SERVER_NAME ?? host,
      request.rootPath,
      request.scheme,
      // Flask computes the subdomain from the Host header only when subdomain matching is on.
      app.subdomainMatching ? host : undefined,
    );
  }
  return cachedBind(
    app,
    config.SERVER_NAME ?? 'localhost',
    config.APPLICATION_ROOT === '/' ? '' : config.APPLICATION_ROOT.replace(/\/$/, ''),
    config.PREFERRED_URL_SCHEME,
    undefined,
  );
}
