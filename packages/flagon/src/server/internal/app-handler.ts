import type { IncomingMessage, ServerResponse } from 'node:http';
import { createNodeHandler, writeWire } from '../../adapters/node.ts';
import { fallbackResponse } from '../../adapters/wire-policy.ts';
import type { App } from '../../app/app.ts';
import type { Request } from '../../wrappers/request.ts';
import { type DebugRequestInfo, renderDebugPage } from '../debug-page.ts';
import { createProxyFix } from '../proxy-fix.ts';
import { isLoopbackAddress, isLoopbackHost } from './loopback.ts';

/** Options of the node:http handler `flagon run` and `flagon serve` give their servers. */
export interface AppHandlerOptions {
  /** Serve the debug page for unhandled errors (only while `app.debug` is on). */
  readonly debugPage?: boolean;
  /** Show the debug page to any client, not only loopback ones asking for a loopback host. */
  readonly allowRemoteDebug?: boolean;
  /** Called once per finished (or aborted) response, with the request as the app saw it. */
  readonly onResponse?: (
    req: IncomingMessage,
    res: ServerResponse,
    request: Request | undefined,
    bodyBytes: number,
  ) => void;
}

const FORM_TYPES = new Set(['application/x-www-form-urlencoded', 'multipart/form-data']);

async function readFormForPage(request: Request): Promise<Iterable<[string, string]> | null> {
  if (!FORM_TYPES.has(request.mimetype)) return null;
  // A slow client must not hold the error page back; after a second the form is simply left out.
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), 1000);
  });
  try {
    const form = await Promise.race([request.form, timeout]);
    return form === null ? null : [...form.entries()].map(([k, v]) => [k, String(v)]);
  } catch {
    return null;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The `(req, res)` handler of Flagon's servers: the app's node handler with ProxyFix (`PROXY_FIX`) applied,
 * and, in debug mode, the debug page for errors that escape the app. The page is shown only when the client
 * connects from a loopback address and names a loopback host, unless `allowRemoteDebug`.
 */
export function createAppHandler(
  app: App,
  options: AppHandlerOptions = {},
): (req: IncomingMessage, res: ServerResponse) => void {
  const requests = new WeakMap<IncomingMessage, Request>();
  const proxyFix = createProxyFix(app);
  const isTrusted = (req: IncomingMessage, request: Request | undefined): boolean =>
    options.allowRemoteDebug === true ||
    (isLoopbackAddress(req.socket.remoteAddress) &&
      isLoopbackAddress(request?.remoteAddr ?? req.socket.remoteAddress) &&
      isLoopbackHost(req.headers.host));
  const sendPlain500 = (res: ServerResponse, req: IncomingMessage): void => {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    writeWire(res, fallbackResponse({ method: req.method ?? 'GET' }));
  };
  const onEscapedError = (error: unknown, req: IncomingMessage, res: ServerResponse): void => {
    app.logger.exception(`Exception on ${req.url ?? '/'} [${req.method ?? 'GET'}]`, error);
    const request = requests.get(req);
    if (!options.debugPage || !app.debug || res.headersSent || !isTrusted(req, request)) {
      sendPlain500(res, req);
      return;
    }
    void (async () => {
      const info: DebugRequestInfo = {
        method: req.method ?? 'GET',
        url: request?.url ?? req.url ?? '/',
        request: request ?? null,
        form: request ? await readFormForPage(request) : null,
      };
      const page = renderDebugPage(error, app, info);
      if (res.headersSent || res.destroyed) return;
      res.writeHead(page.status, page.headers);
      res.end(page.html);
    })().catch((renderError: unknown) => {
      app.logger.exception('The debug page could not be rendered', renderError);
      sendPlain500(res, req);
    });
  };
  const handler = createNodeHandler(app, {
    adjust: (request, raw) => {
      const adjusted = proxyFix(request, raw);
      requests.set(raw, adjusted);
      return adjusted;
    },
    onEscapedError,
  });
  const { onResponse } = options;
  if (!onResponse) return handler;
  return (req, res) => {
    let done = false;
    let bytes = 0;
    // Count the body as it is written: the bridge passes headers to writeHead as a list, which getHeader
    // cannot see, and chunked responses have no Content-Length at all.
    const write = res.write;
    const end = res.end;
    const count = (chunk: unknown, encoding: unknown): void => {
      if (typeof chunk === 'string')
        bytes += Buffer.byteLength(
          chunk,
          typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8',
        );
      else if (chunk instanceof Uint8Array) bytes += chunk.byteLength;
    };
    res.write = function (this: ServerResponse, chunk: unknown, ...rest: unknown[]) {
      count(chunk, rest[0]);
      return (write as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
    } as ServerResponse['write'];
    res.end = function (this: ServerResponse, chunk?: unknown, ...rest: unknown[]) {
      if (typeof chunk !== 'function') count(chunk, rest[0]);
      return (end as (...args: unknown[]) => ServerResponse).call(this, chunk, ...rest);
    } as ServerResponse['end'];
    const finish = (): void => {
      if (done) return;
      done = true;
      onResponse(req, res, requests.get(req), req.method === 'HEAD' ? 0 : bytes);
    };
    res.once('finish', finish);
    res.once('close', finish);
    handler(req, res);
  };
}
