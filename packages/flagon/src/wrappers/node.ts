import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { TLSSocket } from 'node:tls';
import type { Flagon } from '../app/flagon.ts';
import { Headers } from '../http/headers.ts';
import type { Request } from './request.ts';
import type { Response } from './response.ts';

/** Adjusts a request built from node:http before the app sees it (ProxyFix, debug tooling). */
export type RequestAdjuster = (request: Request, raw: IncomingMessage) => Request;

/** Builds a Flagon Request from a node:http request. Headers are parsed only when first read. */
export function requestFromNode(app: Flagon, req: IncomingMessage): Request {
  const socket = req.socket as TLSSocket;
  const hasBody =
    req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] !== undefined;
  return app.createRequest({
    method: req.method ?? 'GET',
    target: req.url ?? '/',
    headers: () => Headers.fromNodeHeaders(req.rawHeaders),
    body: hasBody ? req : null,
    remoteAddr: socket.remoteAddress ?? null,
    // Node already parsed Host; reading it here spares building the Headers object on most requests.
    host: req.headers.host,
    contentType: req.headers['content-type'] ?? null,
    contentLength: req.headers['content-length'] ?? null,
    scheme: socket.encrypted ? 'https' : 'http',
    serverHost: socket.localAddress ? `${socket.localAddress}:${socket.localPort}` : undefined,
  });
}

/**
 * Writes a Flagon Response to a node:http response: status, headers (repeated ones kept), and the body —
 * text and bytes with Content-Length, streams and iterables chunked. HEAD requests get headers only.
 */
export function writeNodeResponse(
  res: ServerResponse,
  response: Response,
  isHead: boolean,
  closeConnection = false,
): Promise<void> | undefined {
  const body = response.body;
  const headers = response.headers.toFlat();
  // A body the app did not read (e.g. rejected as too large) is not drained: the connection closes instead.
  if (closeConnection) headers.push('Connection', 'close');
  if (typeof body === 'string' || body instanceof Uint8Array || body === null) {
    const data = body ?? '';
    if (!response.headers.has('content-length') && !bodylessStatus(response.status)) {
      headers.push(
        'Content-Length',
        String(typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength),
      );
    }
    res.writeHead(response.status, headers);
    res.end(isHead || bodylessStatus(response.status) ? undefined : data);
    return undefined;
  }
  res.writeHead(response.status, headers);
  if (isHead) {
    res.end();
    if (body instanceof Readable) body.destroy();
    return undefined;
  }
  const stream =
    body instanceof Readable ? body : Readable.from(body as Iterable<unknown> | AsyncIterable<unknown>);
  // Text and bytes are written synchronously; only streamed bodies give back a promise to wait for.
  return pipeline(stream, res);
}

function bodylessStatus(status: number): boolean {
  return status === 204 || status === 304 || (status >= 100 && status < 200);
}

const PLAIN_500 =
  '<!doctype html>\n<html lang=en>\n<title>500 Internal Server Error</title>\n<h1>Internal Server Error</h1>\n' +
  '<p>The server encountered an internal error and was unable to complete your request. Either the server is ' +
  'overloaded or there is an error in the application.</p>\n';

/** What the node handler does with an error that escaped the app (propagated in debug/testing mode). */
export type EscapedErrorHandler = (error: unknown, req: IncomingMessage, res: ServerResponse) => void;

/**
 * A `(req, res)` handler for node:http: `http.createServer(app.handler)` or mounting in an existing server.
 * Errors never crash the process: anything that escapes the app is logged and answered with a plain 500.
 */
export function createNodeHandler(
  app: Flagon,
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
    const cleanUp = async (response: Response) => {
      if (response.hasCloseCallbacks) {
        await response.close((e) => app.logger.exception('A response close callback failed', e));
      }
      if (request.needsClose) await request.close();
    };
    const onWriteError = (error: unknown, response: Response) => {
      if (res.headersSent) res.destroy(error as Error);
      else {
        app.logger.exception('Sending the response failed', error);
        res.writeHead(500, { 'Content-Type': 'text/html; charset=utf-8' });
        res.end(PLAIN_500);
      }
      return cleanUp(response);
    };
    app.handleRequest(request).then(
      (response) => {
        let writing: Promise<void> | undefined;
        try {
          const hasBody =
            req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] !== undefined;
          writing = writeNodeResponse(res, response, request.method === 'HEAD', hasBody && !req.complete);
        } catch (error) {
          return onWriteError(error, response);
        }
        if (writing === undefined) {
          return response.hasCloseCallbacks || request.needsClose ? cleanUp(response) : undefined;
        }
        return writing.then(
          () => cleanUp(response),
          (error) => onWriteError(error, response),
        );
      },
      async (error: unknown) => {
        if (request.needsClose) await request.close();
        if (onEscapedError) return onEscapedError(error, req, res);
        app.logger.exception(`Exception on ${req.url ?? '/'} [${req.method ?? 'GET'}]`, error);
        if (res.headersSent) return res.destroy();
        res.writeHead(500, { 'Content-Type': 'text/html; charset=utf-8' });
        res.end(PLAIN_500);
      },
    );
  };
}
