import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { App } from '../app/app.ts';
import { describeError } from '../cli/errors.ts';
import {
  CHILD_LOAD_FAILED,
  type DevServerOptions,
  printBanner,
  RELOADER_CHILD_ENV,
} from './dev-server-options.ts';
import { createAppHandler } from './internal/app-handler.ts';
import { receiveConnections } from './internal/handoff.ts';
import { hardenedServerOptions, hardenServer } from './internal/harden-server.ts';
import { devLogLine } from './internal/listen-messages.ts';
import { runReloader } from './reloader.ts';

/** The dev server's node:http (or https) server for an app: debug page, ProxyFix, one log line per request. */
export function createDevServer(
  app: App,
  options: Pick<DevServerOptions, 'cert' | 'key' | 'allowRemoteDebug' | 'stderr'>,
): Server {
  const handler = createAppHandler(app, {
    debugPage: true,
    allowRemoteDebug: options.allowRemoteDebug,
    onResponse: (req, res, request) => {
      options.stderr.write(
        `${devLogLine(req, res, request?.remoteAddr ?? req.socket.remoteAddress ?? null)}\n`,
      );
    },
  });
  const settings = hardenedServerOptions({
    headersTimeout: 20_000,
    requestTimeout: 120_000,
    keepAliveTimeout: 5_000,
  });
  const server =
    options.cert && options.key
      ? createHttpsServer(
          { ...settings, cert: readFileSync(options.cert), key: readFileSync(options.key) },
          handler,
        )
      : createHttpServer(settings, handler);
  hardenServer(server, app, handler);
  return server;
}

function waitForStopSignal(): Promise<void> {
  return new Promise((resolve) => {
    // The first signal starts a clean shutdown; a second one (Ctrl-C again) exits at once, with status 0
    // rather than by the signal's default action.
    let signals = 0;
    const stop = (): void => {
      signals++;
      if (signals > 1) process.exit(0);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/**
 * `flagon run`: with the reloader, this process watches the files and a child process serves (restarted on
 * every change); without it, this process serves. Resolves with the exit status after Ctrl-C or SIGTERM.
 */
export async function runDevServer(options: DevServerOptions): Promise<number> {
  if (options.env[RELOADER_CHILD_ENV] === '1') return runReloaderChild(options);
  if (options.reload) return runReloader(options);
  // Stack traces of compiled JavaScript with source maps then point at the original sources.
  process.setSourceMapsEnabled(true);
  const app = await options.loadApp();
  const server = createDevServer(app, options);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  // Listen for Ctrl-C before saying "Press CTRL+C": a signal sent right after the banner must not find the
  // default handler (which would end the process with a signal instead of exit status 0).
  const stopped = waitForStopSignal();
  printBanner(options, server.address() as AddressInfo);
  if (options.debug) options.stderr.write(' * Debugger is active!\n');
  await stopped;
  server.close();
  server.closeAllConnections();
  return 0;
}

async function runReloaderChild(options: DevServerOptions): Promise<number> {
  process.setSourceMapsEnabled(true);
  // The terminal's Ctrl-C reaches both processes; the parent decides what happens, then sends SIGTERM.
  process.on('SIGINT', () => {});
  process.on('SIGTERM', () => process.exit(0));
  process.on('disconnect', () => process.exit(0));
  let app: App;
  try {
    app = await options.loadApp();
  } catch (error) {
    options.stderr.write(`Error: ${describeError(error)}\n`);
    process.exit(CHILD_LOAD_FAILED);
  }
  const server = createDevServer(app, options);
  receiveConnections(server);
  process.send?.({ type: 'flagon:ready' });
  if (options.debug) options.stderr.write(' * Debugger is active!\n');
  // Served until the parent stops this process.
  return new Promise<number>(() => {});
}
