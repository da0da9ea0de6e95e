import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { TLSSocket } from 'node:tls';
import type { App } from '../app/app.ts';
import type { Request } from '../wrappers/request.ts';
import type { Response } from '../wrappers/response.ts';
import { fallbackResponse, prepareResponse, type RequestHead, type WireResponse } from './wire-policy.ts';

/** Adjusts a request built from node:http before the app sees it (ProxyFix, debug tooling). */
export type RequestAdjuster = (request: Request, raw: IncomingMessage) => Request;

/** Builds a Flagon Request from a node:http request. Headers are parsed only when first read. */
export function requestFromNode(app: App, req: IncomingMessage): Request {
  const socket = req.socket as TLSSocket;
  // Node has already parsed these (it reads Host and Expect of every HTTP/1.1 request itself); reading them here
  // spares building Flagon's Headers on most requests.
  const headers = req.headers;
  let host = headers.host;
  const raw = req.rawHeaders;
  // Node keeps the first of several Host headers; joined, they make a host the app refuses (RFC 9112 §3.2).
  if (raw.length > 2 && host !== undefined) host = repeatedHost(raw) ?? host;
  let target = req.url ?? '/';
  // The absolute form (`GET http://host/path`, RFC 9112 §3.2.2): its authority replaces the Host header.
  if (target.charCodeAt(0) !== 47 /* / */ && target !== '*') {
    const absolute = ABSOLUTE_FORM.exec(target);
    if (absolute !== null) {
      host = absolute[1];
      target =
        absolute[2] === '' ? '/' : absolute[2]!.charCodeAt(0) === 63 ? `/${absolute[2]}` : absolute[2]!;
    }
  }
  const contentLength = headers['content-length'] ?? null;
  return app.createRequest({
    method: req.method ?? 'GET',
    target,
    headers: req.rawHeaders,
    body: contentLength !== null || headers['transfer-encoding'] !== undefined ? req : null,
    remoteAddr: socket.remoteAddress ?? null,
    host,
    contentType: headers['content-type'] ?? null,
    contentLength,
    scheme: socket.encrypted ? 'https' : 'http',
    // Only used when there is no Host header (HTTP/1.0 clients).
    serverHost:
      host === undefined && socket.localAddress ? `${socket.localAddress}:${socket.localPort}` : undefined,
  });
}

const ABSOLUTE_FORM = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/([^/?#]*)([^#]*)/;

/** Every Host value joined by `, ` when the header came more than once, else null. */
function repeatedHost(raw: readonly string[]): string | null {
  let values: string[] | null = null;
  let first: string | null = null;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    // Compared by character codes: lower-casing each name would cost a string per request.
    if (
      name.length !== 4 ||
      (name.charCodeAt(0) | 32) !== 104 ||
      (name.charCodeAt(1) | 32) !== 111 ||
      (name.charCodeAt(2) | 32) !== 115 ||
      (name.charCodeAt(3) | 32) !== 116
    ) {
      continue;
    }
    if (first === null) first = raw[i + 1]!;
    else {
      values ??= [first];
      values.push(raw[i + 1]!);
    }
  }
  return values === null ? null : values.join(', ');
}

/**
 * Writes a Flagon Response to a node:http response as the wire policy prepares it for `head`: status,
 * headers (repeated ones kept), and the body, text and bytes with Content-Length, streams chunked.
 */
export function writeNodeResponse(
  res: ServerResponse,
  response: Response,
  head: RequestHead,
): Promise<void> | undefined {
  return writeWire(res, prepareResponse(response, head));
}

/** Puts a prepared response on the socket. Text and bytes go synchronously; a stream gives back a promise. */
export function writeWire(res: ServerResponse, wire: WireResponse): Promise<void> | undefined {
  res.writeHead(wire.status, wire.headers);
  const body = wire.body;
  if (body instanceof Readable) return pipeline(body, res);
  if (body === null) res.end();
  else res.end(body);
  wire.unsent?.destroy();
  return undefined;
}

/** What the node handler does with an error that escaped the app (propagated in debug/testing mode). */
export type EscapedErrorHandler = (error: unknown, req: IncomingMessage, res: ServerResponse) => void;

/**
 * A `(req, res)` handler for node:http: `http.createServer(app.handler)` or mounting in an existing server.
 * Errors never crash the process: anything that escapes the app is logged and answered with a plain 500.
 */
export function createNodeHandler(
  app: App,
  options: { adjust?: RequestAdjuster; onEscapedError?: EscapedErrorHandler } = {},
): (req: IncomingMessage, res: ServerResponse) => void {
  const { adjust, onEscapedError } = options;
  return (req, res) => {
    let request: Request;
    try {
      request = requestFromNode(app, req);
      if (adjust) request = adjust(request, req);
    } catch (error) {
      app.logger.exception('Could not read the request', error);
      res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' });
      res.end('Bad Request\n');
      return;
    }
    let result: Response | Promise<Response>;
    try {
      result = app.respond(request);
    } catch (error) {
      escaped(app, req, res, request, error, onEscapedError);
      return;
    }
    // Most responses are ready at once: written here, without a promise or a closure.
    if (!(result instanceof Promise)) {
      send(app, req, res, request, result);
      return;
    }
    result.then(
      (response) => send(app, req, res, request, response),
      (error: unknown) => escaped(app, req, res, request, error, onEscapedError),
    );
  };
}

/** Writes the response, then runs the response's and the request's clean-up work. */
function send(
  app: App,
  req: IncomingMessage,
  res: ServerResponse,
  request: Request,
  response: Response,
): Promise<void> | undefined {
  let writing: Promise<void> | undefined;
  try {
    // A body the app did not read (e.g. rejected as too large) is not drained: the connection closes instead.
    writing = writeNodeResponse(res, response, {
      method: request.method,
      closeConnection: request.hasBody && !req.complete,
    });
  } catch (error) {
    return onWriteError(app, res, request, response, error);
  }
  if (writing === undefined) {
    return response.hasCloseCallbacks || request.needsClose ? cleanUp(app, request, response) : undefined;
  }
  return writing.then(
    () => cleanUp(app, request, response),
    (error) => onWriteError(app, res, request, response, error),
  );
}

async function cleanUp(app: App, request: Request, response: Response): Promise<void> {
  if (response.hasCloseCallbacks) {
    await response.close((e) => app.logger.exception('A response close callback failed', e));
  }
  if (request.needsClose) await request.close();
}

function onWriteError(
  app: App,
  res: ServerResponse,
  request: Request,
  response: Response,
  error: unknown,
): Promise<void> {
  if (res.headersSent) res.destroy(error as Error);
  else {
    app.logger.exception('Sending the response failed', error);
    writeWire(res, fallbackResponse({ method: request.method }));
  }
  return cleanUp(app, request, response);
}

/** An error that escaped the app (propagated in debug or testing mode): logged, and a plain 500. */
async function escaped(
  app: App,
  req: IncomingMessage,
  res: ServerResponse,
  request: Request,
  error: unknown,
  onEscapedError: EscapedErrorHandler | undefined,
): Promise<void> {
  if (request.needsClose) await request.close();
  if (onEscapedError) return onEscapedError(error, req, res);
  app.logger.exception(`Exception on ${req.url ?? '/'} [${req.method ?? 'GET'}]`, error);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  writeWire(res, fallbackResponse({ method: request.method }));
}
