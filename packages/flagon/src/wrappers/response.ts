import type { Readable } from 'node:stream';
import { type CookieOptions, serializeCookie } from '../http/cookies.ts';
import { Headers, type HeadersInit, validateHeader, withTrustedHeader } from '../http/headers.ts';
import { HTTPException } from '../http/http-exception.ts';
import { statusPhrase } from '../http/status.ts';

declare module '../http/http-exception.ts' {
  interface HTTPException {
    /**
     * The response to send: the one given to the constructor, else the error page with `code` and the headers
     * of `getHeaders()`. A subclass may override it.
     */
    getResponse(): Response;
  }
}

/** What a response body may be: text, bytes, a Node stream, or a (async) iterable of chunks that is streamed. */
export type ResponseBody =
  | string
  | Uint8Array
  | Readable
  | Iterable<string | Uint8Array>
  | AsyncIterable<string | Uint8Array>
  | null;

/** Options for `new Response(body, init)`. */
export interface ResponseInit {
  status?: number;
  headers?: HeadersInit;
  /** Sets Content-Type; text types get `; charset=utf-8`. */
  mimetype?: string;
  /** Sets Content-Type verbatim (wins over `mimetype`). */
  contentType?: string;
}

/** Thrown for a status outside 100–999 or a non-integer status. */
export class StatusCodeError extends RangeError {
  override get name(): string {
    return 'StatusCodeError';
  }
}

// Werkzeug's get_content_type: a charset goes on text/*, *+xml and the few application types it lists, and
// not on JSON (RFC 8259 defines no charset parameter), so JSON responses read `application/json` as in Flask.
const TEXT_TYPES =
  /^(text\/|application\/(ecmascript|javascript|sql|xml|xml-dtd|xml-external-parsed-entity)$|.*\+xml$)/;

// Responses reuse a handful of mimetypes; their full Content-Type is worked out and checked once (bounded
// cache: mimetypes can come from user code).
const contentTypes = new Map<string, string>();

/**
 * Adds `; charset=utf-8` to text types, as Werkzeug's `get_content_type` does. The result is a valid header
 * value, so callers may store it without checking it again.
 *
 * @throws HeaderValueError when the mimetype holds a character a header cannot carry (CR, LF, …).
 */
export function contentTypeFor(mimetype: string): string {
  let contentType = contentTypes.get(mimetype);
  if (contentType === undefined) {
    contentType =
      TEXT_TYPES.test(mimetype) && !mimetype.includes('charset') ? `${mimetype}; charset=utf-8` : mimetype;
    validateHeader('Content-Type', contentType);
    if (contentTypes.size < 256) contentTypes.set(mimetype, contentType);
  }
  return contentType;
}

const NO_INIT: ResponseInit = Object.freeze({});

/**
 * An HTTP response: status, headers and a body that may be text, bytes, a stream or an iterable.
 *
 * The default Content-Type is `text/html; charset=utf-8`, as in Flask. Content-Length is set when the body
 * is text or bytes; other bodies are streamed with chunked encoding.
 *
 * @example
 * const res = new Response('created', { status: 201, mimetype: 'text/plain' });
 * res.setCookie('theme', 'dark', { maxAge: 3600 });
 */
export class Response {
  /** The Content-Type used when none is given. */
  static defaultMimetype = 'text/html';

  headers: Headers;
  body: ResponseBody;
  #status = 200;
  /**
   * Work to run once the body has been sent or the response discarded (temp files, open handles). Made on the
   * first `callOnClose`: most responses have none, and an empty array per response is garbage.
   */
  #onClose: Array<() => void | Promise<void>> | undefined;

  constructor(body: ResponseBody = null, init: ResponseInit = NO_INIT) {
    this.body = body;
    if (init.headers === undefined && init.contentType === undefined && init.status === undefined) {
      // The common case: a body and a mimetype at most, with a Content-Type contentTypeFor has checked.
      const contentType = contentTypeFor(
        init.mimetype ?? (this.constructor as typeof Response).defaultMimetype,
      );
      this.headers = Headers[withTrustedHeader]('Content-Type', 'content-type', contentType);
      return;
    }
    this.headers = init.headers instanceof Headers ? init.headers : new Headers(init.headers);
    if (init.status !== undefined) this.status = init.status;
    if (init.contentType !== undefined) this.headers.set('Content-Type', init.contentType);
    else if (init.mimetype !== undefined) this.headers.set('Content-Type', contentTypeFor(init.mimetype));
    else if (!this.headers.has('Content-Type'))
      this.headers.set('Content-Type', contentTypeFor((this.constructor as typeof Response).defaultMimetype));
  }

  /** The status code. */
  get status(): number {
    return this.#status;
  }

  /** @throws StatusCodeError for a status that is not an integer in 100–999. */
  set status(code: number) {
    if (!Number.isInteger(code) || code < 100 || code > 999) {
      throw new StatusCodeError(
        `Invalid status code ${String(code)}: a status must be an integer from 100 to 999.`,
      );
    }
    this.#status = code;
  }

  /** The reason phrase for the status (`'Not Found'`), or `'Unknown'`. */
  get statusText(): string {
    return statusPhrase(this.#status);
  }

  /** Status line text as Werkzeug shows it: `'404 NOT FOUND'`. */
  get statusLine(): string {
    return `${this.#status} ${this.statusText.toUpperCase()}`;
  }

  /** The media type without parameters (`'text/html'`), lower-cased. */
  get mimetype(): string | null {
    const value = this.headers.get('Content-Type');
    if (value === null) return null;
    return (value.split(';', 1)[0] as string).trim().toLowerCase();
  }

  set mimetype(value: string) {
    this.headers.set('Content-Type', contentTypeFor(value));
  }

  /** The full Content-Type header. */
  get contentType(): string | null {
    return this.headers.get('Content-Type');
  }

  set contentType(value: string) {
    this.headers.set('Content-Type', value);
  }

  /** The Location header, for redirects. */
  get location(): string | null {
    return this.headers.get('Location');
  }

  set location(value: string) {
    this.headers.set('Location', value);
  }

  /** True when the body is a stream or iterable rather than text or bytes. */
  get isStreamed(): boolean {
    return this.body !== null && typeof this.body !== 'string' && !(this.body instanceof Uint8Array);
  }

  /**
   * Adds a Set-Cookie header. Names and values are validated, so user input cannot inject attributes or headers.
   *
   * @throws CookieError when the name, value, path or domain holds a forbidden character.
   */
  setCookie(name: string, value = '', options: CookieOptions = {}): void {
    this.headers.append('Set-Cookie', serializeCookie(name, value, options));
  }

  /** Tells the browser to drop a cookie (empty value, expired). Pass the same path and domain it was set with. */
  deleteCookie(
    name: string,
    options: Pick<CookieOptions, 'path' | 'domain' | 'secure' | 'httpOnly' | 'sameSite' | 'partitioned'> = {},
  ): void {
    this.setCookie(name, '', { ...options, maxAge: 0, expires: 0 });
  }

  /** Registers work to run after the response is sent (or dropped). */
  callOnClose(fn: () => void | Promise<void>): void {
    this.#onClose ??= [];
    this.#onClose.push(fn);
  }

  /** True when `callOnClose` callbacks are waiting to run. */
  get hasCloseCallbacks(): boolean {
    return this.#onClose !== undefined && this.#onClose.length > 0;
  }

  /** Runs the `callOnClose` callbacks once; errors are reported to `onError`, never thrown. */
  async close(onError: (error: unknown) => void = () => {}): Promise<void> {
    const callbacks = this.#onClose?.splice(0) ?? [];
    for (const fn of callbacks) {
      try {
        await fn();
      } catch (error) {
        onError(error);
      }
    }
  }

  /** Reads the whole body into bytes (consumes a streamed body). Meant for tests and small bodies. */
  async getData(): Promise<Buffer> {
    const body = this.body;
    if (body === null) return Buffer.alloc(0);
    if (typeof body === 'string') return Buffer.from(body, 'utf8');
    if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
    const chunks: Buffer[] = [];
    for await (const chunk of body as AsyncIterable<string | Uint8Array>) {
      chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk));
    }
    const data = Buffer.concat(chunks);
    this.body = data;
    return data;
  }

  /** The body as UTF-8 text (see `getData`). */
  async getText(): Promise<string> {
    return (await this.getData()).toString('utf8');
  }
}

// Defined here rather than in http/http-exception.ts: http/ is a leaf below the wrappers and cannot import
// Response. Every module that sends a response loads this one first.
HTTPException.prototype.getResponse = function getResponse(this: HTTPException): Response {
  if (this.response instanceof Response) return this.response;
  return new Response(this.getBody(), { status: this.code ?? 500, headers: this.getHeaders() });
};
