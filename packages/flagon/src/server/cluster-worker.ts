import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { App } from '../app/app.ts';
import { describeError } from '../cli/errors.ts';
import { combinedLogLine } from './access-log.ts';
import { createAppHandler } from './internal/app-handler.ts';
import { receiveConnections } from './internal/handoff.ts';
import { hardenedServerOptions, hardenServer } from './internal/harden-server.ts';
import { BOOT_FAILED, MESSAGES, type ServeOptions, serverLogLine } from './serve-options.ts';

/**
 * One worker of `flagon serve`: imports the app, serves the connections the master hands over, sends a
 * heartbeat, and drains on request (every response then closes its connection; the process exits once the
 * last connection is gone, or after the graceful timeout).
 */
export async function runWorker(options: ServeOptions): Promise<number> {
  // Only the master reacts to Ctrl-C (the terminal signals the whole process group) and SIGHUP.
  process.on('SIGINT', () => {});
  process.on('SIGHUP', () => {});
  process.on('disconnect', () => process.exit(0));
  let app: App;
  try {
    app = await options.loadApp();
  } catch (error) {
    options.stderr.write(serverLogLine('ERROR', `Worker failed to boot: ${describeError(error)}`));
    process.exit(BOOT_FAILED);
  }

  const sockets = new Set<Socket>();
  const active = new Set<ServerResponse>();
  let served = 0;
  let draining = false;
  let retireAsked = false;

  const appHandler = createAppHandler(app, {
    onResponse: options.accessLog
      ? (req, res, request, bytes) => {
          options.stdout.write(
            `${combinedLogLine(req, res, request?.remoteAddr ?? req.socket.remoteAddress ?? null, bytes)}\n`,
          );
        }
      : undefined,
  });
  const serve = (req: IncomingMessage, res: ServerResponse): void => {
    served++;
    if (draining) res.setHeader('Connection', 'close');
    active.add(res);
    res.once('close', () => active.delete(res));
    if (options.maxRequests > 0 && served >= options.maxRequests && !retireAsked) {
      retireAsked = true;
      process.send?.({ type: MESSAGES.retire, reason: 'max-requests' });
    }
    appHandler(req, res);
  };
  const server = createServer(
    hardenedServerOptions({
      keepAliveTimeout: options.keepAlive * 1000,
      headersTimeout: 20_000,
      requestTimeout: 120_000,
    }),
    serve,
  );
  hardenServer(server, app, serve);

  let exitTimer: NodeJS.Timeout | undefined;
  const exitWhenIdle = (): void => {
    if (draining && sockets.size === 0) {
      clearTimeout(exitTimer);
      process.exit(0);
    }
  };
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => {
      sockets.delete(socket);
      exitWhenIdle();
    });
  });
  const drain = (): void => {
    if (draining) return;
    draining = true;
    for (const res of active) if (!res.headersSent) res.setHeader('Connection', 'close');
    // Idle keep-alive connections stay open until their next request (answered with Connection: close) or
    // their keep-alive timeout: closing them now would race a request the client is sending.
    exitTimer = setTimeout(() => {
      for (const socket of sockets) socket.destroy();
      process.exit(0);
    }, options.gracefulTimeout * 1000);
    exitWhenIdle();
  };
  process.on('message', (message: { type?: unknown } | null) => {
    if (message?.type === MESSAGES.drain) drain();
  });
  // A worker told to stop by its own SIGTERM asks the master to stop sending it connections first.
  process.on('SIGTERM', () => {
    process.send?.({ type: MESSAGES.retire, reason: 'sigterm' });
  });

  receiveConnections(server);
  const beat = setInterval(
    () => process.send?.({ type: MESSAGES.beat }),
    Math.min(1000, (options.timeout * 1000) / 4),
  );
  beat.unref();
  process.send?.({ type: MESSAGES.ready });
  return new Promise<number>(() => {});
}
