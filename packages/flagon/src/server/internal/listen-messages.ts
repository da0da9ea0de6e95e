import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { escapeLogValue } from '../access-log.ts';
import { serverUrls } from './banner.ts';

/**
 * What to do about a failed listen, in words, for `flagon run`, `flagon serve` and `app.listen` alike; null
 * for an error with no better message than its own.
 */
export function listenErrorMessage(error: unknown, host: string, port: number): string | null {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'EADDRINUSE') {
    return (
      `Address already in use: port ${port} on ${host} is taken by another program. Stop that program, or ` +
      'start the server with a different port (--port).'
    );
  }
  if (code === 'EACCES') return `Permission denied to listen on ${host}:${port}. Use a port above 1023.`;
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') {
    return `Cannot listen on ${host}: this machine has no such address.`;
  }
  return null;
}

/** Werkzeug's request line: `127.0.0.1 - - [23/Mar/2024 10:00:00] "GET / HTTP/1.1" 200 -`. */
export function devLogLine(req: IncomingMessage, res: ServerResponse, remoteAddr: string | null): string {
  const now = new Date();
  const stamp = `${String(now.getDate()).padStart(2, '0')}/${now.toLocaleString('en', { month: 'short' })}/${now.getFullYear()} ${now.toTimeString().slice(0, 8)}`;
  const line = escapeLogValue(`${req.method ?? '-'} ${req.url ?? '-'} HTTP/${req.httpVersion}`);
  const status = res.writableFinished ? String(res.statusCode) : `${res.statusCode} (aborted)`;
  return `${escapeLogValue(remoteAddr ?? '-')} - - [${stamp}] "${line}" ${status} -`;
}

/** `handler`, writing one `devLogLine` per request once its response is finished or abandoned. */
export function withRequestLog(handler: RequestListener, write: (line: string) => void): RequestListener {
  return (req, res) => {
    res.once('close', () => write(`${devLogLine(req, res, req.socket.remoteAddress ?? null)}\n`));
    return handler(req, res);
  };
}

/** The failed listen's error, with a message that says what to do (the original is its `cause`). */
export function explainListenError(error: Error, host: string, port: number): Error {
  const message = listenErrorMessage(error, host, port);
  if (message === null) return error;
  return Object.assign(new Error(message, { cause: error }), { code: (error as { code?: unknown }).code });
}

/** `app.listen`'s start-up lines, as `flagon run` writes them: the app, debug mode, the URLs. */
export function listenBanner(appName: string, debug: boolean, host: string, port: number): string {
  const lines = [
    ` * Serving Flagon app '${appName}'`,
    ` * Debug mode: ${debug ? 'on' : 'off'}`,
    ...serverUrls(host, port, 'http').map((line) => ` * ${line}`),
    'Press CTRL+C to quit',
  ];
  return `${lines.join('\n')}\n`;
}
