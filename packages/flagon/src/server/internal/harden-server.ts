import type { IncomingMessage, Server, ServerOptions, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { App } from '../../app/app.ts';

/**
 * How often Node looks for connections past `headersTimeout` or `requestTimeout`. Node's default (30 s)
 * let a slow client hold a connection up to 30 s past its timeout; at 500 ms each timeout acts within half
 * a second of its value, for one timer per server.
 */
export const CONNECTIONS_CHECKING_INTERVAL = 500;

/** The timeouts every Flagon server sets, in milliseconds. */
export interface ServerTimeouts {
  headersTimeout: number;
  requestTimeout: number;
  keepAliveTimeout: number;
}

/** node:http options for a Flagon server: the timeouts, a 16 KiB header block, a short checking interval. */
export function hardenedServerOptions(timeouts: ServerTimeouts): ServerOptions {
  return {
    headersTimeout: timeouts.headersTimeout,
    requestTimeout: timeouts.requestTimeout,
    keepAliveTimeout: timeouts.keepAliveTimeout,
    // Reject over-long header blocks early (Node's default is 16 KiB).
    maxHeaderSize: 16 * 1024,
    connectionsCheckingInterval: CONNECTIONS_CHECKING_INTERVAL,
  };
}

/**
 * Adds what Node leaves at defaults unfit for a server on the open network:
 *
 * - `clientError`: a malformed request answers 400 (431 for an oversized header block, 408 on a timeout)
 *   only once the responses already owed on the connection are sent. Node's own handler writes its 400 at
 *   once, so a bad request pipelined behind a good one replaced the good one's answer. An error inside the
 *   body of the request being served still answers and closes at once, as Node does.
 * - `checkContinue`: a request sending `Expect: 100-continue` with a Content-Length over the app's
 *   MAX_CONTENT_LENGTH answers 413 without inviting the body; others get `100 Continue` and are served.
 *   Any other expectation answers 417 (Node's `checkExpectation` default).
 */
export function hardenServer(
  server: Server,
  app: App,
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): void {
  server.on('clientError', onClientError);
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
    const max = app.config.MAX_CONTENT_LENGTH;
    const declared = req.headers['content-length'];
    if (max !== null && declared !== undefined && Number(declared) > max) {
      const body = `Request Entity Too Large: the body would be ${declared} bytes, more than the ${max} this server accepts.\n`;
      res.writeHead(413, {
        'Content-Type': 'text/plain; charset=utf-8',
        'Content-Length': Buffer.byteLength(body),
        Connection: 'close',
      });
      res.end(body);
      return;
    }
    res.writeContinue();
    handler(req, res);
  });
}

const CLIENT_ERROR_STATUS: Record<string, string> = {
  HPE_HEADER_OVERFLOW: '431 Request Header Fields Too Large',
  ERR_HTTP_REQUEST_TIMEOUT: '408 Request Timeout',
};

function onClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const status = CLIENT_ERROR_STATUS[error.code ?? ''] ?? '400 Bad Request';
  const reply = `HTTP/1.1 ${status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`;
  const inFlight = (socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage;
  if (inFlight && !inFlight.req.complete) {
    // The error is in the body of the request being served (cut short, malformed chunks): as Node does,
    // answer now if nothing was sent yet, and close, which ends the app's wait for the rest of the body.
    if (!inFlight.headersSent) socket.write(reply);
    socket.destroy();
    return;
  }
  const answer = (): void => {
    // A response owed to an earlier request on this connection goes out first, whole.
    const owed = (socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage;
    if (owed && !owed.writableFinished && !owed.destroyed) {
      owed.once('finish', answer);
      owed.once('close', answer);
      return;
    }
    if (socket.writable) socket.end(reply);
  };
  answer();
}
