import { Readable } from 'node:stream';
import type { App } from '../app/app.ts';
import { Headers } from '../http/headers.ts';

/**
 * A web-standard `(Request) => Promise<Response>` handler, so Flagon runs where fetch handlers are the norm.
 * Errors that escape the app become a plain 500.
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
  try {
    const response = await app.handleRequest(request);
    const outHeaders = new globalThis.Headers();
    for (const [name, value] of response.headers) outHeaders.append(name, value);
    const body = response.body;
    const noBody = webRequest.method === 'HEAD' || response.status === 204 || response.status === 304;
    let webBody: BodyInit | null = null;
    if (!noBody && body !== null) {
      if (typeof body === 'string' || body instanceof Uint8Array) webBody = body as BodyInit;
      else {
        const stream = body instanceof Readable ? body : Readable.from(body as AsyncIterable<unknown>);
        webBody = Readable.toWeb(stream) as unknown as BodyInit;
      }
    }
    const result = new globalThis.Response(webBody, { status: response.status, headers: outHeaders });
    void response.close();
    return result;
  } catch (error) {
    app.logger.exception(`Exception on ${url.pathname} [${webRequest.method}]`, error);
    return new globalThis.Response('Internal Server Error', { status: 500 });
  } finally {
    void request.close();
  }
}
