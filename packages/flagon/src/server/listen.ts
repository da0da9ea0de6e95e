import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createNodeHandler } from '../adapters/node.ts';
import type { App } from '../app/app.ts';
import { hardenedServerOptions, hardenServer } from './internal/harden-server.ts';
import { explainListenError, listenBanner, withRequestLog } from './internal/listen-messages.ts';
import { createProxyFix } from './proxy-fix.ts';

/**
 * The app's `(req, res)` handler for node:http, with the `PROXY_FIX` config applied: what `app.handler` and
 * `listen` serve.
 */
export function nodeHandler(app: App): (req: IncomingMessage, res: ServerResponse) => void {
  return createNodeHandler(app, { adjust: createProxyFix(app) });
}

/** Options of `app.listen`. */
export interface ListenOptions {
  /** Interface to bind; default 127.0.0.1 (loopback only). Use '0.0.0.0' to listen on all interfaces. */
  host?: string;
  /** Port; default 5000; 0 picks a free one. */
  port?: number;
  /** Milliseconds to receive the request headers (slowloris guard). Default 20 000. */
  headersTimeout?: number;
  /** Milliseconds to receive a whole request. Default 120 000. */
  requestTimeout?: number;
  /** Milliseconds an idle keep-alive connection stays open. Default 5 000. */
  keepAliveTimeout?: number;
  /**
   * No start-up banner and, in debug mode, no request lines on stderr. Default: false, except under
   * `node --test`.
   */
  quiet?: boolean;
}

/** A running server: its address and a way to stop it. */
export interface RunningServer {
  readonly server: Server;
  readonly host: string;
  readonly port: number;
  /** `http://127.0.0.1:5000` */
  readonly url: string;
  /** Stops accepting connections and resolves once in-flight requests are done. */
  close(): Promise<void>;
}

/**
 * Starts a node:http server for the app with sane timeouts (checked every 500 ms), a `clientError` handler
 * that answers a malformed request only after the responses owed before it, and a `checkContinue` handler
 * that answers 413 to an `Expect: 100-continue` body over MAX_CONTENT_LENGTH. Resolves once listening.
 *
 * Like `flagon run`, it writes the URL banner to stderr and, in debug mode, one line per request; a port that
 * is taken rejects with the message `flagon run` gives (the system error is its `cause`).
 */
export function listen(app: App, options: ListenOptions = {}): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  // Under `node --test` the banner and request lines would only clutter the test report.
  const quiet = options.quiet ?? process.env.NODE_TEST_CONTEXT !== undefined;
  const log = (text: string): void => void process.stderr.write(text);
  // A subclass's own `handler` (Flagon's is this module's nodeHandler) is served as it is.
  const appHandler = (app as { handler?: ReturnType<typeof nodeHandler> }).handler ?? nodeHandler(app);
  const handler = app.debug && !quiet ? withRequestLog(appHandler, log) : appHandler;
  const server = createServer(
    hardenedServerOptions({
      headersTimeout: options.headersTimeout ?? 20_000,
      requestTimeout: options.requestTimeout ?? 120_000,
      keepAliveTimeout: options.keepAliveTimeout ?? 5_000,
    }),
    handler,
  );
  hardenServer(server, app, handler);
  return new Promise((resolve, reject) => {
    const failed = (error: Error): void => reject(explainListenError(error, host, options.port ?? 5000));
    server.once('error', failed);
    server.listen(options.port ?? 5000, host, () => {
      server.off('error', failed);
      const address = server.address() as AddressInfo;
      const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      if (!quiet) log(listenBanner(app.name, app.debug, host, address.port));
      resolve({
        server,
        host: address.address,
        port: address.port,
        url: `http://${shownHost}:${address.port}`,
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((error) => (error ? fail(error) : done()));
            server.closeIdleConnections();
          }),
      });
    });
  });
}
