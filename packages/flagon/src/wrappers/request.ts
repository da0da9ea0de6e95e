import { Readable } from 'node:stream';
import { MIMEAccept } from '../http/accept.ts';
import { type Authorization, parseAuthorization } from '../http/authorization.ts';
import { parseOptionsHeader } from '../http/content-type.ts';
import { parseCookieHeader } from '../http/cookies.ts';
import { BadRequest, RequestEntityTooLarge, UnsupportedMediaType } from '../http/exceptions.ts';
import { Headers } from '../http/headers.ts';
import { withoutDefaultPort } from '../http/host.ts';
import { toUpperCaseCheap } from '../http/internal/change-case.ts';
import { parseContentLength } from '../http/internal/content-length.ts';
import { MultiDict } from '../http/multi-dict.ts';
import { parseQuery } from '../http/query.ts';
import { UserAgent } from '../http/user-agent.ts';
import type { FileStorage } from './file-storage.ts';
import { DEFAULT_MAX_JSON_DEPTH, parseJsonBody } from './internal/json-body.ts';
import { limitStream } from './internal/limit-stream.ts';
import { readBody } from './internal/read-body.ts';

/**
 * Body limits, read from the app's config (`MAX_CONTENT_LENGTH`, `MAX_FORM_MEMORY_SIZE`, `MAX_FORM_PARTS`,
 * `MAX_JSON_DEPTH`).
 */
export interface RequestLimits {
  maxContentLength: number | null;
  maxFormMemorySize: number | null;
  maxFormParts: number | null;
  /** The deepest JSON body nesting accepted; `DEFAULT_MAX_JSON_DEPTH` when a partial limits object leaves it out. */
  maxJsonDepth?: number | null;
}

/** What a server bridge (node:http, fetch, the test client) knows about an incoming request. */
export interface RequestInit {
  method: string;
  /** The request target as sent: `/path?query`, still percent-encoded. */
  target: string;
  /**
   * The headers, or what to build them from on first use (most requests never read them): a function, or
   * Node's flat `rawHeaders` list `[name, value, name, value, …]`, already checked by Node's parser.
   */
  headers: Headers | (() => Headers) | readonly string[];
  body: Readable | null;
  remoteAddr?: string | null;
  scheme?: string;
  /** Where the app is mounted (`SCRIPT_NAME` in WSGI terms), without a trailing slash. */
  rootPath?: string;
  /** The Host header, when the bridge already has it parsed (saves building `headers` to route). */
  host?: string;
  /** Content-Type and Content-Length as the bridge already parsed them (null: known to be absent). */
  contentType?: string | null;
  contentLength?: string | null;
  /** The host to use when the request has no Host header (the server's own address). */
  serverHost?: string;
  limits?: Partial<RequestLimits>;
}

/** Options for `getJson`. */
export interface GetJsonOptions {
  /** Parse even when the Content-Type is not JSON. */
  force?: boolean;
  /** Return null instead of raising on a wrong type or malformed body. */
  silent?: boolean;
}

/** A request's parsed headers and body, cached on first use. */
class ParsedParts {
  headers: Headers | undefined;
  args: MultiDict | undefined;
  cookies: Map<string, string> | undefined;
  contentType: { value: string; params: Readonly<Record<string, string>> } | undefined;
  accept: MIMEAccept | undefined;
  authorization: Authorization | null | undefined;
  data: Promise<Buffer> | undefined;
  json: Promise<unknown> | undefined;
  parsedJsonBody: Promise<unknown> | undefined;
  form: Promise<{ form: MultiDict; files: MultiDict<FileStorage>; cleanup(): Promise<void> }> | undefined;
  stream: Readable | undefined;
  /** True once the form parser has consumed the body. */
  formReadBody = false;
}

const NO_PARAMS: Readonly<Record<string, string>> = Object.freeze(Object.create(null));
const NO_LIMITS: RequestLimits = {
  maxContentLength: null,
  maxFormMemorySize: null,
  maxFormParts: null,
  maxJsonDepth: DEFAULT_MAX_JSON_DEPTH,
};

// The form and multipart parsers load with the first form a request reads: most apps, and most requests,
// never parse one, and `import 'flagon'` stays lean.
let formParser: Promise<typeof import('./form-parser.ts')> | undefined;
function loadFormParser(): Promise<typeof import('./form-parser.ts')> {
  formParser ??= import('./form-parser.ts');
  return formParser;
}

/**
 * The incoming request. Nothing is parsed until asked for, and each parsed value is cached.
 *
 * Body accessors (`data`, `json`, `form`, `files`, `values`) return promises because the body arrives as a
 * stream. Differs from Flask: write `await request.form` where Flask has `request.form`.
 *
 * @example
 * app.post('/items', async (_params, request) => {
 *   const { name } = (await request.json) as { name: string };
 *   return [{ created: name }, 201];
 * });
 */
export class Request {
  /** The HTTP method, upper-cased. */
  readonly method: string;
  /** The endpoint that matched, or null when routing failed. Set by the app. */
  endpoint: string | null = null;
  /** The converted URL parameters of the matched rule. Set by the app. */
  viewArgs: Record<string, unknown> | null = null;
  /** The rule that matched. Set by the app. */
  urlRule: { readonly rule: string; readonly endpoint: string } | null = null;
  /** The HTTP exception routing raised (404, 405, redirect), if any. Set by the app. */
  routingException: Error | null = null;
  /** The session, once the app has opened it. */
  session: unknown = null;

  readonly #init: RequestInit;
  #limits: RequestLimits | undefined;
  #path: string | undefined;
  #host: string | undefined;
  #queryString: string | undefined;
  /** What is parsed on demand, in one object made on first use: most requests read none of it. */
  #parsedParts: ParsedParts | undefined;

  /**
   * @param init what the server bridge knows of the request.
   * @param limits the body limits, when the caller has them complete already (the app shares one object
   * between requests); by default they come from `init.limits`.
   */
  constructor(init: RequestInit, limits?: RequestLimits) {
    this.#init = init;
    this.method = toUpperCaseCheap(init.method);
    this.#limits = limits;
  }

  get #parts(): ParsedParts {
    this.#parsedParts ??= new ParsedParts();
    return this.#parsedParts;
  }

  /** The body limits, worked out when a body is first read. */
  get #bodyLimits(): RequestLimits {
    if (this.#limits === undefined) {
      const limits = this.#init.limits;
      this.#limits =
        limits === undefined
          ? NO_LIMITS
          : {
              maxContentLength: limits.maxContentLength ?? null,
              maxFormMemorySize: limits.maxFormMemorySize ?? null,
              maxFormParts: limits.maxFormParts ?? null,
              maxJsonDepth: limits.maxJsonDepth === undefined ? DEFAULT_MAX_JSON_DEPTH : limits.maxJsonDepth,
            };
    }
    return this.#limits;
  }

  /**
   * The registered name of the blueprint whose view handles the request (`'admin'`, or `'parent.child'`
   * for a nested one), or null for an app view or when routing failed. Flask's `request.blueprint`.
   */
  get blueprint(): string | null {
    const endpoint = this.endpoint;
    if (endpoint === null) return null;
    const dot = endpoint.lastIndexOf('.');
    return dot === -1 ? null : endpoint.slice(0, dot);
  }

  /**
   * The blueprint and each of its parents, innermost first (`['parent.child', 'parent']`); empty for an app
   * view. Flask's `request.blueprints`.
   */
  get blueprints(): string[] {
    const name = this.blueprint;
    if (name === null) return [];
    const names = [name];
    for (let dot = name.lastIndexOf('.'); dot !== -1; dot = name.lastIndexOf('.', dot - 1)) {
      names.push(name.slice(0, dot));
    }
    return names;
  }

  // ---- URL parts --------------------------------------------------------------------------------------

  /** The percent-decoded path, relative to where the app is mounted (`/users/3`). */
  get path(): string {
    this.#path ??= decodePath(this.rawPath);
    return this.#path;
  }

  /** The raw (still encoded) path as sent, before decoding. */
  get rawPath(): string {
    const target = this.#init.target;
    const q = target.indexOf('?');
    return q === -1 ? target : target.slice(0, q);
  }

  /** The raw query string without the `?`. */
  get queryString(): string {
    if (this.#queryString === undefined) {
      const target = this.#init.target;
      const q = target.indexOf('?');
      this.#queryString = q === -1 ? '' : target.slice(q + 1);
    }
    return this.#queryString;
  }

  /** Path and query: `/search?q=x` (always with `?`, as Werkzeug). */
  get fullPath(): string {
    return `${this.rootPath}${this.path}?${this.queryString}`;
  }

  /** Where the app is mounted; empty at the root. */
  get rootPath(): string {
    return this.#init.rootPath ?? '';
  }

  /** `'http'` or `'https'`. */
  get scheme(): string {
    return this.#init.scheme ?? 'http';
  }

  /** True over HTTPS. */
  get isSecure(): boolean {
    return this.scheme === 'https' || this.scheme === 'wss';
  }

  /**
   * The Host header (`example.com:8080`), or the server's address when it is missing. The scheme's default
   * port is dropped (`example.com:80` over http is `example.com`), as Werkzeug. A Host header sent more
   * than once reads as its values joined by `, `, which is not a valid host: the app answers 400.
   */
  get host(): string {
    this.#host ??= withoutDefaultPort(
      this.#init.host ?? this.#hostHeader() ?? this.#init.serverHost ?? 'localhost',
      this.scheme,
    );
    return this.#host;
  }

  #hostHeader(): string | null {
    const values = this.headers.getAll('host');
    return values.length === 0 ? null : values.length === 1 ? values[0]! : values.join(', ');
  }

  /** The client's address, or null when unknown. */
  get remoteAddr(): string | null {
    return this.#init.remoteAddr ?? null;
  }

  /** `http://host/` */
  get hostUrl(): string {
    return `${this.scheme}://${this.host}/`;
  }

  /** `http://host/mount/` — the URL of the app's root. */
  get urlRoot(): string {
    return `${this.scheme}://${this.host}${this.rootPath}/`;
  }

  /** The full URL without the query string. */
  get baseUrl(): string {
    return `${this.scheme}://${this.host}${this.rootPath}${encodePathForUrl(this.path)}`;
  }

  /** The full URL, query string included. */
  get url(): string {
    const query = this.queryString;
    return query === '' ? this.baseUrl : `${this.baseUrl}?${query}`;
  }

  // ---- headers ----------------------------------------------------------------------------------------

  /** The request headers: case-insensitive, several values per name. */
  get headers(): Headers {
    if (this.#parts.headers === undefined) {
      const source = this.#init.headers;
      this.#parts.headers =
        typeof source === 'function'
          ? source()
          : Array.isArray(source)
            ? Headers.fromNodeHeaders(source)
            : (source as Headers);
    }
    return this.#parts.headers;
  }

  /** The query-string arguments, parsed on first access. */
  get args(): MultiDict {
    // Most handlers never read the query, so parsing it up front is wasted work.
    this.#parts.args ??= parseQuery(this.queryString);
    return this.#parts.args;
  }

  /**
   * Cookies sent by the client (first value wins for repeated names). Several `Cookie` header lines (as
   * HTTP/2 and some proxies send them) are read as one, joined by `; `.
   */
  get cookies(): Map<string, string> {
    this.#parts.cookies ??= parseCookieHeader(joinedCookieHeader(this.headers.getAll('cookie')));
    return this.#parts.cookies;
  }

  /** The media type of the body, lower-cased and without parameters (`'application/json'`), or `''`. */
  get mimetype(): string {
    return this.#contentTypeParts().value;
  }

  /** Parameters of the Content-Type header (`{ charset: 'utf-8' }`). */
  get mimetypeParams(): Readonly<Record<string, string>> {
    return this.#contentTypeParts().params;
  }

  /** The raw Content-Type header, or null. */
  get contentType(): string | null {
    const known = this.#init.contentType;
    return known !== undefined ? known : this.headers.get('content-type');
  }

  // A method, not a private getter: V8 reads a private getter through a runtime call.
  #contentTypeParts(): { value: string; params: Readonly<Record<string, string>> } {
    if (this.#parts.contentType === undefined) {
      const header = this.contentType ?? '';
      if (header.indexOf(';') === -1) {
        // No parameters (`application/json`): nothing to parse, and no object to make for them.
        const last = header.length - 1;
        // Node's parser has already stripped the header's outer blanks; `trim` is left for other sources.
        const bare =
          last >= 0 && isVisibleAscii(header.charCodeAt(0)) && isVisibleAscii(header.charCodeAt(last))
            ? header
            : header.trim();
        this.#parts.contentType = { value: bare.toLowerCase(), params: NO_PARAMS };
      } else {
        const parsed = parseOptionsHeader(header);
        this.#parts.contentType = { value: parsed.value.toLowerCase(), params: parsed.params };
      }
    }
    return this.#parts.contentType;
  }

  /** The Content-Length header as a number, or null when absent or invalid. */
  get contentLength(): number | null {
    const known = this.#init.contentLength;
    const raw = known !== undefined ? known : this.headers.get('content-length');
    return raw === null ? null : parseContentLength(raw);
  }

  /** True when the body is JSON (`application/json` or `application/*+json`). */
  get isJson(): boolean {
    const mt = this.mimetype;
    return mt === 'application/json' || (mt.startsWith('application/') && mt.endsWith('+json'));
  }

  /** The Accept header, parsed with quality values. `request.acceptMimetypes.bestMatch(['text/html', 'application/json'])`. */
  get acceptMimetypes(): MIMEAccept {
    this.#parts.accept ??= new MIMEAccept(this.headers.get('accept'));
    return this.#parts.accept;
  }

  /** Alias of `acceptMimetypes`. */
  get accept(): MIMEAccept {
    return this.acceptMimetypes;
  }

  /** The Authorization header: Basic credentials, a Bearer token, or other schemes with their params. */
  get authorization(): Authorization | null {
    if (this.#parts.authorization === undefined)
      this.#parts.authorization = parseAuthorization(this.headers.get('authorization'));
    return this.#parts.authorization;
  }

  /** The User-Agent header, wrapped. */
  get userAgent(): UserAgent {
    return new UserAgent(this.headers.get('user-agent') ?? '');
  }

  /** True for requests sent by `fetch`/XHR that say so (`X-Requested-With: XMLHttpRequest`). */
  get isXhr(): boolean {
    return (this.headers.get('x-requested-with') ?? '').toLowerCase() === 'xmlhttprequest';
  }

  // ---- body -------------------------------------------------------------------------------------------

  /**
   * The raw body stream, limited by MAX_CONTENT_LENGTH. Reading it yourself means `data`, `form` and `json`
   * see an empty body.
   *
   * @throws RequestEntityTooLarge when the declared Content-Length is over the limit (the stream errors with
   * it when an undeclared body grows past the limit).
   */
  get stream(): Readable {
    if (this.#parts.stream === undefined) {
      this.#checkDeclaredLength();
      const body = this.#init.body ?? Readable.from([]);
      const max = this.#bodyLimits.maxContentLength;
      this.#parts.stream = max === null ? body : limitStream(body, max);
    }
    return this.#parts.stream;
  }

  #checkDeclaredLength(): void {
    const max = this.#bodyLimits.maxContentLength;
    const length = this.contentLength;
    if (max !== null && length !== null && length > max) {
      throw new RequestEntityTooLarge(
        `The request body is ${length} bytes, more than the ${max} bytes this server accepts (MAX_CONTENT_LENGTH).`,
      );
    }
  }

  /** The whole body as bytes, read once and cached. */
  get data(): Promise<Buffer> {
    this.#parts.data ??= this.#readBody();
    return this.#parts.data;
  }

  /**
   * The body as bytes, or as text with `asText`.
   *
   * @throws RequestEntityTooLarge over MAX_CONTENT_LENGTH.
   */
  getData(options: { asText: true }): Promise<string>;
  getData(options?: { asText?: false }): Promise<Buffer>;
  async getData(options: { asText?: boolean } = {}): Promise<Buffer | string> {
    const data = await this.data;
    return options.asText ? data.toString(charsetOf(this.mimetypeParams)) : data;
  }

  // Not an async function: returning the read's own promise spares the extra ticks an async function takes to
  // adopt a returned promise, on every request with a body.
  #readBody(): Promise<Buffer> {
    // A form body that was already parsed is gone from the stream; Werkzeug also returns b'' then.
    if (this.#parts.formReadBody) return Promise.resolve(Buffer.alloc(0));
    // The caller already took the stream (and its limit); read what is left of it.
    if (this.#parts.stream !== undefined) return readRest(this.#parts.stream);
    try {
      this.#checkDeclaredLength();
    } catch (error) {
      return Promise.reject(error);
    }
    const body = this.#init.body;
    if (body === null || body === undefined) return Promise.resolve(Buffer.alloc(0));
    return readBody(body, this.#bodyLimits.maxContentLength);
  }

  /**
   * The body parsed as JSON.
   *
   * @throws UnsupportedMediaType when the Content-Type is not JSON.
   * @throws BadRequest when the body is not valid JSON (the message says where it broke), is not valid UTF-8,
   *   or nests deeper than MAX_JSON_DEPTH.
   */
  get json(): Promise<unknown> {
    this.#parts.json ??= this.#loadJson();
    return this.#parts.json;
  }

  /** `json` with Flask's options: `force` ignores the Content-Type, `silent` returns null instead of raising. */
  async getJson(options: GetJsonOptions = {}): Promise<unknown> {
    if (!options.force && !this.isJson) {
      if (options.silent) return null;
      throw unsupportedJson(this.mimetype);
    }
    try {
      return await this.#parseJsonBody();
    } catch (error) {
      if (options.silent && error instanceof BadRequest) return null;
      throw error;
    }
  }

  #loadJson(): Promise<unknown> {
    return this.isJson ? this.#parseJsonBody() : Promise.reject(unsupportedJson(this.mimetype));
  }

  #parseJsonBody(): Promise<unknown> {
    this.#parts.parsedJsonBody ??= this.data.then((data) =>
      parseJsonBody(data, charsetOf(this.mimetypeParams), this.#bodyLimits.maxJsonDepth),
    );
    return this.#parts.parsedJsonBody;
  }

  /**
   * Form fields from an urlencoded or multipart body; empty for other bodies.
   *
   * @throws RequestEntityTooLarge over MAX_CONTENT_LENGTH, MAX_FORM_MEMORY_SIZE or MAX_FORM_PARTS.
   * @throws BadRequest for a malformed body.
   */
  get form(): Promise<MultiDict> {
    return this.#loadForm().then((parsed) => parsed.form);
  }

  /** Uploaded files from a multipart body, keyed by field name. Spooled files are removed after the request. */
  get files(): Promise<MultiDict<FileStorage>> {
    return this.#loadForm().then((parsed) => parsed.files);
  }

  /** `args` and `form` together (form only for methods that carry a body, as Werkzeug 2.0+). */
  get values(): Promise<MultiDict> {
    return (async () => {
      const combined = new MultiDict();
      for (const [key, value] of this.args) combined.add(key, value);
      if (this.method !== 'GET' && this.method !== 'HEAD') {
        for (const [key, value] of await this.form) combined.add(key, value);
      }
      return combined;
    })();
  }

  #loadForm(): Promise<{ form: MultiDict; files: MultiDict<FileStorage>; cleanup(): Promise<void> }> {
    if (this.#parts.form === undefined) {
      const mt = this.mimetype;
      if (mt !== 'application/x-www-form-urlencoded' && mt !== 'multipart/form-data') {
        this.#parts.form = Promise.resolve({
          form: new MultiDict(),
          files: new MultiDict<FileStorage>(),
          cleanup: async () => {},
        });
      } else {
        this.#checkDeclaredLength();
        this.#parts.formReadBody = true;
        const body = this.#init.body ?? Readable.from([]);
        const contentType = this.contentType ?? '';
        const options = {
          contentLength: this.contentLength,
          maxContentLength: this.#bodyLimits.maxContentLength,
          maxFormMemorySize: this.#bodyLimits.maxFormMemorySize,
          maxFormParts: this.#bodyLimits.maxFormParts,
          charset: this.mimetypeParams.charset,
        };
        this.#parts.form = loadFormParser().then(({ parseFormData }) =>
          parseFormData(body, contentType, options),
        );
      }
    }
    return this.#parts.form;
  }

  /** True when the body was never read (the server then discards it). */
  get isBodyUnread(): boolean {
    return this.#parsedParts?.stream === undefined && this.#parsedParts?.form === undefined;
  }

  /** True when the request came with a body (its bridge saw Content-Length or Transfer-Encoding). */
  get hasBody(): boolean {
    return this.#init.body !== null;
  }

  /** True when the request holds something `close` must release (parsed uploads). */
  get needsClose(): boolean {
    return this.#parsedParts?.form !== undefined;
  }

  /** Removes temp files of uploads. The app calls this once the response is done. */
  async close(): Promise<void> {
    const form = this.#parsedParts?.form;
    if (form === undefined) return;
    try {
      const parsed = await form;
      await parsed.cleanup();
    } catch {
      // A form that failed to parse has already cleaned up after itself.
    }
  }
}

function joinedCookieHeader(lines: string[]): string | null {
  return lines.length === 0 ? null : lines.length === 1 ? lines[0]! : lines.join('; ');
}

function unsupportedJson(mimetype: string): UnsupportedMediaType {
  return new UnsupportedMediaType(
    `Did not attempt to load JSON data because the request Content-Type was ${mimetype ? `'${mimetype}'` : 'missing'}, not 'application/json'.`,
  );
}

function charsetOf(params: Readonly<Record<string, string>>): BufferEncoding {
  const charset = (params.charset ?? 'utf-8').toLowerCase();
  return charset === 'latin1' || charset === 'iso-8859-1' ? 'latin1' : 'utf8';
}

/** Decodes `%xx` escapes in a path; malformed escapes are kept literally rather than failing. */
export function decodePath(raw: string): string {
  if (!raw.includes('%')) return raw;
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw.replace(/(?:%[0-9a-fA-F]{2})+/g, (run) => {
      try {
        return decodeURIComponent(run);
      } catch {
        return run;
      }
    });
  }
}

// Werkzeug's `get_current_url`: ASCII outside its always-safe set (and `/`, `:`) is percent-encoded, and
// non-ASCII stays as written (an IRI), so `/café/ü x` gives `/café/ü%20x`.
const UNSAFE_ASCII_IN_PATH = /[^A-Za-z0-9\-._~$!'()*+,;/:\u0080-\uffff]/g;

function encodePathForUrl(path: string): string {
  UNSAFE_ASCII_IN_PATH.lastIndex = 0;
  if (!UNSAFE_ASCII_IN_PATH.test(path)) return path;
  return path.replace(
    UNSAFE_ASCII_IN_PATH,
    (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
  );
}

async function readRest(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function isVisibleAscii(code: number): boolean {
  return code > 32 && code < 127;
}
