// Names 'flagon' still exports for this release although they belong to an outer layer, made to load that
// layer on first use rather than with 'flagon'. Named re-exports would load it with every app.

import { loadSync } from './internal/load-sync.ts';
import type * as ProxyFix from './server/proxy-fix.ts';

/**
 * Builds the request adjuster that applies the `PROXY_FIX` config (Werkzeug's ProxyFix). `app.handler`,
 * `listen` and `flagon serve` apply it already; call it only to mount the app in your own node:http server.
 *
 * @deprecated `app.handler`, `listen` and `flagon serve` apply `PROXY_FIX` themselves; this goes in the next
 * release.
 */
export const createProxyFix: typeof ProxyFix.createProxyFix = (app) =>
  loadSync<typeof ProxyFix>('server/proxy-fix').createProxyFix(app);
