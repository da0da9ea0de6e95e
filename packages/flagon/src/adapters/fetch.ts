import { Readable } from 'node:stream';
import type { App } from '../app/app.ts';
import { Headers } from '../http/headers.ts';
import type { Response } from '../wrappers/response.ts';
import { fallbackResponse, prepareResponse, type WireResponse } from './wire-policy.ts';

/**
 * A web-standard `(Request) => Promise<Response>` handler, so Flagon runs where fetch handlers are the norm.
 * The response goes through the same wire policy as node:http's; errors that escape the app become its
 * plain 500.
 */
export async function handleFetch(app: App, webRequest: globalThis.Request): Promise<globalThis.Response> {
  const url = new URL(webRequest.url);
  const headers = new Headers();
  for (const [name, value] of webRequest.headers) headers.append(name, value);
  if (!headers.has('host')) headers.set('Host', url.host);
  const request = app.createRequest({
    method: webRequest.method,
    target: `${url.pathname}${url.search}`,
    headers,
    body: webRequest.body
      ? Readable.fromWeb(webRequest.body as import('node:stream/web').ReadableStream)
      : null,
    scheme: url.protocol.replace(':', ''),
  });
  const head = { method: webRequest.method };
  let wire: WireResponse;
  let response: Response | undefined;
  try {
    response = await app.handleRequest(request);
    wire = prepareResponse(response, head);
  } catch (error) {
    app.logger.exception(`Exception on ${url.pathname} [${webRequest.method}]`, error);
    wire = fallbackResponse(head);
  }
  try {
    return toWebResponse(wire);
  } finally {
    wire.unsent?.destroy();
    if (response !== undefined) void response.close();
    void request.close();
  }
}

function toWebResponse(wire: WireResponse): globalThis.Response {
  const headers = new globalThis.Headers();
  for (let i = 0; i < wire.headers.length; i += 2) {
    headers.append(wire.headers[i] as string, wire.headers[i + 1] as string);
  }
  const body = wire.body;
  const webBody: BodyInit | null =
    body === null ? null : body instanceof Readable ? byteStream(body) : (body as BodyInit);
  return new globalThis.Response(webBody, { status: wire.status, headers });
}

/**
 * A web stream of the body's bytes: a Flagon body may yield text, which a web Response does not take, so
 * each chunk is encoded as it is pulled.
 */
function byteStream(stream: Readable): ReadableStream<Uint8Array> {
  const chunks = stream[Symbol.asyncIterator]() as AsyncIterator<string | Uint8Array>;
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { value, done } = await chunks.next();
      if (done) controller.close();
      else controller.enqueue(typeof value === 'string' ? encoder.encode(value) : new Uint8Array(value));
    },
    cancel(reason) {
      stream.destroy(reason instanceof Error ? reason : undefined);
    },
  });
}
