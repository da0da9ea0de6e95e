import { Readable } from 'node:stream';
import type { Response } from '../wrappers/response.ts';

/** What the wire policy needs to know about the request a response answers. */
export interface RequestHead {
  readonly method: string;
  /**
   * True when the request's body was not read to the end (e.g. refused as too large): the connection is closed
   * rather than drained, and the response says so.
   */
  readonly closeConnection?: boolean;
}

/** A response as it goes on the wire, the same for node:http, the fetch handler and the test client. */
export interface WireResponse {
  readonly status: number;
  /** Header lines, flat (name, value, name, value, …), repeated names kept, as node:http's `writeHead` takes them. */
  readonly headers: string[];
  /** What is sent: null for nothing (HEAD, 1xx, 204, 304); text and bytes whole; a stream chunked. */
  readonly body: string | Uint8Array | Readable | null;
  /** A stream the response had but that is not sent (HEAD, or a status without a body): destroy it. */
  readonly unsent: Readable | null;
}

/** True for the statuses that never carry a body: 1xx, 204 No Content and 304 Not Modified. */
export function isBodylessStatus(status: number): boolean {
  return status === 204 || status === 304 || (status >= 100 && status < 200);
}

/**
 * Prepares `response` for the wire as the answer to `head`. Text and bytes get a Content-Length (unless the
 * app set one, or the status has no body); streams and iterables are sent chunked. HEAD gets the headers the
 * GET would have had and no body; 1xx, 204 and 304 get no body and no Content-Length. A connection that
 * cannot be reused gets `Connection: close`. Pure: it reads the response and returns what to send.
 */
export function prepareResponse(response: Response, head: RequestHead): WireResponse {
  const status = response.status;
  const body = response.body;
  const bodyless = isBodylessStatus(status);
  const sendsBody = !bodyless && head.method !== 'HEAD';
  const close = head.closeConnection === true;
  if (typeof body === 'string' || body instanceof Uint8Array || body === null) {
    const data = body ?? '';
    let headers: string[];
    if (bodyless || response.headers.has('content-length')) {
      headers = close ? response.headers.toFlat('Connection', 'close') : response.headers.toFlat();
    } else {
      // The flat array is made at its final size: pushing onto it would copy it.
      const length = String(typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength);
      headers = close
        ? response.headers.toFlat('Content-Length', length, 'Connection', 'close')
        : response.headers.toFlat('Content-Length', length);
    }
    return { status, headers, body: sendsBody ? data : null, unsent: null };
  }
  const headers = close ? response.headers.toFlat('Connection', 'close') : response.headers.toFlat();
  if (!sendsBody) return { status, headers, body: null, unsent: body instanceof Readable ? body : null };
  const stream =
    body instanceof Readable ? body : Readable.from(body as Iterable<unknown> | AsyncIterable<unknown>);
  return { status, headers, body: stream, unsent: null };
}

const FALLBACK_PAGE =
  '<!doctype html>\n<html lang=en>\n<title>500 Internal Server Error</title>\n<h1>Internal Server Error</h1>\n' +
  '<p>The server encountered an internal error and was unable to complete your request. Either the server is ' +
  'overloaded or there is an error in the application.</p>\n';

/**
 * The plain 500 a bridge sends when an error escapes the app (or writing its response failed before any
 * byte went out): Werkzeug's page, made without the app, so it cannot fail in turn.
 */
export function fallbackResponse(head: RequestHead): WireResponse {
  const headers = [
    'Content-Type',
    'text/html; charset=utf-8',
    'Content-Length',
    String(Buffer.byteLength(FALLBACK_PAGE)),
  ];
  if (head.closeConnection === true) headers.push('Connection', 'close');
  return { status: 500, headers, body: head.method === 'HEAD' ? null : FALLBACK_PAGE, unsent: null };
}
