import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { RequestAdjuster } from '../adapters/node.ts';
import type { App } from '../app/app.ts';
import type { ProxyFixConfig } from '../app/config.ts';
import { Headers } from '../http/headers.ts';
import type { Request } from '../wrappers/request.ts';

/** The forwarded values a ProxyFix trusts for one request; null where the header is absent or untrusted. */
export interface ForwardedValues {
  readonly remoteAddr: string | null;
  readonly scheme: string | null;
  readonly host: string | null;
  readonly port: string | null;
  readonly prefix: string | null;
}

/**
 * The value `trusted` proxies from the right in a comma-separated forwarded header, as Werkzeug's ProxyFix
 * takes it: with one trusted proxy, the last value (the one our proxy added); values further left were sent
 * by the client and can be forged. Null when fewer values than trusted proxies (the header is not ours).
 */
function trustedValue(trusted: number | undefined, values: readonly string[]): string | null {
  if (!trusted || trusted < 1) return null;
  const list = values
    .join(',')
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');
  return list.length >= trusted ? (list[list.length - trusted] as string) : null;
}

const SCHEMES = new Set(['http', 'https', 'ws', 'wss']);
const HOST = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._-]+)(?::\d{1,5})?$/;
const ADDRESS = /^[0-9A-Fa-f:.]+$|^[A-Za-z0-9._-]+$/;

/**
 * Reads `X-Forwarded-For/-Proto/-Host/-Port/-Prefix` as Werkzeug's `ProxyFix(x_for, x_proto, x_host, x_port,
 * x_prefix)` does: each count is how many proxies in front of the app set that header; 0 (the default)
 * ignores it. Values that are not a plausible address, scheme, host, port or path are ignored too.
 */
export function forwardedValues(config: ProxyFixConfig, headers: Headers): ForwardedValues {
  const scheme = trustedValue(config.xProto, headers.getAll('x-forwarded-proto'))?.toLowerCase() ?? null;
  const host = trustedValue(config.xHost, headers.getAll('x-forwarded-host'));
  const port = trustedValue(config.xPort, headers.getAll('x-forwarded-port'));
  const prefix = trustedValue(config.xPrefix, headers.getAll('x-forwarded-prefix'));
  const remoteAddr = trustedValue(config.xFor, headers.getAll('x-forwarded-for'));
  return {
    remoteAddr: remoteAddr !== null && ADDRESS.test(remoteAddr) ? remoteAddr : null,
    scheme: scheme !== null && SCHEMES.has(scheme) ? scheme : null,
    host: host !== null && HOST.test(host) ? host : null,
    port: port !== null && /^\d{1,5}$/.test(port) && Number(port) <= 65535 ? port : null,
    prefix: prefix !== null && /^\/[^?#\s]*$/.test(prefix) ? prefix.replace(/\/+$/, '') : null,
  };
}

function withPort(host: string, port: string): string {
  // `[::1]:8080` and `example.com:8080` lose their port; a bare IPv6 literal in brackets keeps its colons.
  const bare = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.replace(/:\d+$/, '');
  return `${bare}:${port}`;
}

/**
 * A request adjuster for `createNodeHandler` that applies `app.config.PROXY_FIX` (read per request, so it
 * may be set after the server starts): `request.remoteAddr`, `scheme`, `host` and `rootPath` then describe
 * the client's request to the proxy, so external `urlFor` URLs and `isSecure` are right behind nginx.
 * Without PROXY_FIX, or when no trusted header is present, the request is left as it is.
 *
 * Differs from Flask: configured through `PROXY_FIX` rather than by wrapping `app.wsgi_app`.
 */
export function createProxyFix(app: App): RequestAdjuster {
  return (request: Request, raw: IncomingMessage): Request => {
    const config = app.config.PROXY_FIX;
    if (!config) return request;
    const values = forwardedValues(config, request.headers);
    if (Object.values(values).every((v) => v === null)) return request;
    let host = values.host ?? request.headers.get('host');
    if (values.port !== null && host !== null) host = withPort(host, values.port);
    const socket = raw.socket as TLSSocket;
    const hasBody =
      raw.headers['content-length'] !== undefined || raw.headers['transfer-encoding'] !== undefined;
    return app.createRequest({
      method: request.method,
      target: raw.url ?? '/',
      headers: () => {
        const headers = Headers.fromNodeHeaders(raw.rawHeaders);
        if (host !== null) headers.set('host', host);
        return headers;
      },
      body: hasBody ? raw : null,
      remoteAddr: values.remoteAddr ?? request.remoteAddr,
      scheme: values.scheme ?? request.scheme,
      rootPath: values.prefix ?? request.rootPath,
      serverHost: socket.localAddress ? `${socket.localAddress}:${socket.localPort}` : undefined,
    });
  };
}
