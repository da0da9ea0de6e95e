import { Readable } from 'node:stream';
import { prepareResponse, type WireResponse } from '../adapters/wire-policy.ts';
import type { App } from '../app/app.ts';
import { Headers } from '../http/headers.ts';
import { SessionUnavailableError } from '../sessions/errors.ts';
import type { Session } from '../sessions/session.ts';
import type { Request } from '../wrappers/request.ts';
import { Response } from '../wrappers/response.ts';
import { CookieJar } from './cookie-jar.ts';
import { encodeMultipart, encodeUrlencoded, type FormInput, type TestFile } from './encode-body.ts';

/** Options of one test-client request. */
export interface TestRequestOptions {
  method?: string;
  /** Query-string arguments, added to any in the path. */
  query?: Record<string, string | number | boolean | readonly (string | number)[]> | URLSearchParams;
  headers?: Record<string, string> | Headers | Iterable<readonly [string, string]>;
  /** A JSON body (sets Content-Type: application/json). */
  json?: unknown;
  /** Form fields (urlencoded, or multipart when `files` is given). */
  data?: FormInput;
  /** Files to upload (multipart). */
  files?: Record<string, TestFile | readonly TestFile[]>;
  /** A raw body. */
  body?: string | Uint8Array | Iterable<Uint8Array> | AsyncIterable<Uint8Array>;
  contentType?: string;
  /** Follow redirects, recording each step in `history`. */
  followRedirects?: boolean;
  /** Request scheme (`https` makes `request.isSecure` true). */
  scheme?: string;
  /** The client address `request.remoteAddr` reports. */
  remoteAddr?: string;
}

/** A finished response as a test sees it: everything read, nothing left to await. */
export interface TestResponse {
  readonly status: number;
  readonly statusText: string;
  readonly headers: Headers;
  /** The body bytes. */
  readonly body: Buffer;
  /** The body as UTF-8 text. */
  readonly text: string;
  /** The body parsed as JSON (throws if it is not JSON). */
  readonly json: unknown;
  readonly mimetype: string | null;
  /** The Location header of a redirect. */
  readonly location: string | null;
  /** The responses of redirects followed on the way here, oldest first. */
  readonly history: readonly TestResponse[];
  /** The request that produced this response. */
  readonly request: Request;
}

const REDIRECT_CODES = new Set([301, 302, 303, 305, 307, 308]);

/**
 * Sends requests straight into the app, with no socket, and keeps cookies between them.
 * Exceptions in views propagate to the test when the app is in TESTING mode, as with Flask's client.
 *
 * @example
 * const client = app.testClient();
 * const res = await client.post('/login', { data: { username: 'ada' }, followRedirects: true });
 * assert.equal(res.status, 200);
 */
export class TestClient {
  readonly app: App;
  /** Cookies kept between requests. */
  readonly cookies = new CookieJar();
  readonly #host: string;

  constructor(app: App, options: { host?: string } = {}) {
    this.app = app;
    this.#host = options.host ?? (app.config.SERVER_NAME as string | null) ?? 'localhost';
  }

  get(path: string, options: Omit<TestRequestOptions, 'method'> = {}): Promise<TestResponse> {
    return this.open(path, { ...options, method: 'GET' });
  }

  post(path: string, options: Omit<TestRequestOptions, 'method'> = {}): Promise<TestResponse> {
    return this.open(path, { ...options, method: 'POST' });
  }

  put(path: string, options: Omit<TestRequestOptions, 'method'> = {}): Promise<TestResponse> {
    return this.open(path, { ...options, method: 'PUT' });
  }

  patch(path: string, options: Omit<TestRequestOptions, 'method'> = {}): Promise<TestResponse> {
    return this.open(path, { ...options, method: 'PATCH' });
  }

  delete(path: string, options: Omit<TestRequestOptions, 'method'> = {}): Promise<TestResponse> {
    return this.open(path, { ...options, method: 'DELETE' });
  }

  head(path: string, options: Omit<TestRequestOptions, 'method'> = {}): Promise<TestResponse> {
    return this.open(path, { ...options, method: 'HEAD' });
  }

  options(path: string, options: Omit<TestRequestOptions, 'method'> = {}): Promise<TestResponse> {
    return this.open(path, { ...options, method: 'OPTIONS' });
  }

  /**
   * Opens the session this client's cookies carry, hands it to `fn` to read or change, then saves it and keeps
   * the cookie the session interface sets, as Flask's `session_transaction()`. Works with any session
   * interface (signed cookies, server-side stores): it calls the app's `openSession` and `saveSession`.
   *
   * @example
   * await client.sessionTransaction((session) => {
   *   session.set('userId', 1);
   * });
   * const res = await client.get('/profile'); // logged in
   * @throws SessionUnavailableError when the interface opens no session (no `SECRET_KEY`, say).
   */
  async sessionTransaction<T>(
    fn: (session: Session) => T | Promise<T>,
    options: { path?: string; headers?: Record<string, string>; scheme?: string } = {},
  ): Promise<T> {
    const path = options.path ?? '/';
    const host = options.headers?.host ?? options.headers?.Host ?? this.#host;
    const headers: Record<string, string> = { ...options.headers, Host: host };
    const cookie = this.cookies.headerFor(path.split('?')[0] ?? '/', host);
    if (cookie !== null) headers.Cookie = cookie;
    const context = this.app.testRequestContext(path, { headers, scheme: options.scheme });
    const iface = this.app.sessionInterface;
    const session = await context.run(() => iface.openSession(this.app, context.request));
    if (session === null || iface.isNullSession(session)) {
      throw new SessionUnavailableError(
        'sessionTransaction: the session interface opened no session, so there is nothing to set up. Set ' +
          'SECRET_KEY on the app (or configure its session interface) before the test.',
      );
    }
    const result = await context.run(() => fn(session));
    const response = new Response();
    await context.run(() => iface.saveSession(this.app, session, response));
    this.cookies.update(response.headers.getAll('set-cookie'), host);
    return result;
  }

  /** Sends a request with any method; follows redirects when asked. */
  async open(path: string, options: TestRequestOptions = {}): Promise<TestResponse> {
    const history: TestResponse[] = [];
    let response = await this.#send(path, options, history);
    const seen = new Set<string>();
    while (options.followRedirects && REDIRECT_CODES.has(response.status) && response.location) {
      const next = new URL(response.location, `${options.scheme ?? 'http'}://${this.#host}${path}`);
      const key = `${next.pathname}${next.search}`;
      if (seen.has(key) && seen.size > 20) throw new Error(`Redirect loop detected at ${key}.`);
      seen.add(key);
      history.push(response);
      // 307/308 repeat the method and body; the others turn into a GET, as browsers do.
      const keep = response.status === 307 || response.status === 308;
      const nextOptions: TestRequestOptions = keep
        ? { ...options, query: undefined }
        : { headers: options.headers, scheme: next.protocol.replace(':', ''), method: 'GET' };
      path = `${next.pathname}${next.search}`;
      response = await this.#send(path, nextOptions, history);
    }
    return response;
  }

  async #send(
    pathWithQuery: string,
    options: TestRequestOptions,
    history: TestResponse[],
  ): Promise<TestResponse> {
    const method = (options.method ?? 'GET').toUpperCase();
    const headers = new Headers(options.headers as ConstructorParameters<typeof Headers>[0]);
    if (!headers.has('host')) headers.set('Host', this.#host);
    let target = pathWithQuery.startsWith('/') ? pathWithQuery : `/${pathWithQuery}`;
    if (options.query !== undefined) {
      const params =
        options.query instanceof URLSearchParams
          ? options.query
          : new URLSearchParams(queryPairs(options.query));
      const extra = params.toString();
      if (extra) target += (target.includes('?') ? '&' : '?') + extra;
    }
    const { body, contentType } = encodeBody(options);
    if (contentType !== null && !headers.has('content-type')) headers.set('Content-Type', contentType);
    if (body instanceof Uint8Array && !headers.has('content-length'))
      headers.set('Content-Length', String(body.byteLength));
    if (body !== null && !(body instanceof Uint8Array) && !headers.has('content-length'))
      headers.set('Transfer-Encoding', 'chunked');
    const cookieHeader = this.cookies.headerFor(
      target.split('?')[0] ?? '/',
      headers.get('host') ?? this.#host,
    );
    if (cookieHeader !== null && !headers.has('cookie')) headers.set('Cookie', cookieHeader);

    const request = this.app.createRequest({
      method,
      target,
      headers,
      body: body === null ? null : body instanceof Uint8Array ? Readable.from([body]) : Readable.from(body),
      remoteAddr: options.remoteAddr ?? '127.0.0.1',
      scheme: options.scheme ?? 'http',
    });
    const response = await this.app.handleRequest(request);
    // The wire policy the servers use, so a test sees the status, headers and body a client would.
    const wire = prepareResponse(response, { method });
    let data: Buffer;
    try {
      data = await wireBytes(wire);
    } finally {
      wire.unsent?.destroy();
      await response.close();
      await request.close();
    }
    const responseHeaders = new Headers();
    for (let i = 0; i < wire.headers.length; i += 2) {
      responseHeaders.append(wire.headers[i] as string, wire.headers[i + 1] as string);
    }
    this.cookies.update(responseHeaders.getAll('set-cookie'), headers.get('host') ?? this.#host);
    let parsedJson: unknown;
    let jsonParsed = false;
    return {
      status: response.status,
      statusText: response.statusText,
      headers: responseHeaders,
      body: data,
      get text() {
        return data.toString('utf8');
      },
      get json() {
        if (!jsonParsed) {
          parsedJson = JSON.parse(data.toString('utf8'));
          jsonParsed = true;
        }
        return parsedJson;
      },
      mimetype: response.mimetype,
      location: response.location,
      history: [...history],
      request,
    };
  }
}

async function wireBytes(wire: WireResponse): Promise<Buffer> {
  const body = wire.body;
  if (body === null) return Buffer.alloc(0);
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const chunks: Buffer[] = [];
  for await (const chunk of body as AsyncIterable<string | Uint8Array>) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}

function queryPairs(
  query: Record<string, string | number | boolean | readonly (string | number)[]>,
): string[][] {
  const pairs: string[][] = [];
  for (const [key, value] of Object.entries(query)) {
    if (Array.isArray(value)) for (const item of value) pairs.push([key, String(item)]);
    else pairs.push([key, String(value)]);
  }
  return pairs;
}

function encodeBody(options: TestRequestOptions): {
  body: Uint8Array | Iterable<Uint8Array> | AsyncIterable<Uint8Array> | null;
  contentType: string | null;
} {
  if (options.json !== undefined) {
    return {
      body: Buffer.from(JSON.stringify(options.json)),
      contentType: options.contentType ?? 'application/json',
    };
  }
  if (options.files !== undefined) {
    const { body, contentType } = encodeMultipart(options.data ?? {}, options.files);
    return { body, contentType };
  }
  if (options.data !== undefined) {
    return {
      body: Buffer.from(encodeUrlencoded(options.data)),
      contentType: options.contentType ?? 'application/x-www-form-urlencoded',
    };
  }
  if (options.body !== undefined) {
    const body = typeof options.body === 'string' ? Buffer.from(options.body) : options.body;
    return { body, contentType: options.contentType ?? null };
  }
  return { body: null, contentType: null };
}
