import type { MultiDict } from '../http/multi-dict.ts';
import type { FileStorage } from '../wrappers/file-storage.ts';
import type { Request } from '../wrappers/request.ts';

const FORM_TYPES = new Set(['application/x-www-form-urlencoded', 'multipart/form-data']);

/**
 * The request as templates see it. `form`, `files`, `values` and `json` are the parsed values rather than
 * promises, so Flask templates such as `{{ request.form['title'] }}` keep working; everything else reads
 * through to the request.
 */
export class TemplateRequest {
  readonly #request: Request;
  readonly #form: MultiDict | null;
  readonly #files: MultiDict<FileStorage> | null;
  readonly #values: MultiDict;
  readonly #json: unknown;

  private constructor(
    request: Request,
    form: MultiDict | null,
    files: MultiDict<FileStorage> | null,
    values: MultiDict,
    json: unknown,
  ) {
    this.#request = request;
    this.#form = form;
    this.#files = files;
    this.#values = values;
    this.#json = json;
  }

  /** Reads the body when it is a form (or JSON, silently), so the template can show it. */
  static async of(request: Request): Promise<TemplateRequest> {
    const isForm = FORM_TYPES.has(request.mimetype);
    return new TemplateRequest(
      request,
      isForm ? await request.form : null,
      isForm ? await request.files : null,
      await request.values,
      request.isJson ? await request.getJson({ silent: true }) : null,
    );
  }

  get form(): MultiDict | null {
    return this.#form;
  }
  get files(): MultiDict<FileStorage> | null {
    return this.#files;
  }
  get values(): MultiDict {
    return this.#values;
  }
  get json(): unknown {
    return this.#json;
  }
  get method(): string {
    return this.#request.method;
  }
  get path(): string {
    return this.#request.path;
  }
  get fullPath(): string {
    return this.#request.fullPath;
  }
  get url(): string {
    return this.#request.url;
  }
  get baseUrl(): string {
    return this.#request.baseUrl;
  }
  get urlRoot(): string {
    return this.#request.urlRoot;
  }
  get hostUrl(): string {
    return this.#request.hostUrl;
  }
  get host(): string {
    return this.#request.host;
  }
  get scheme(): string {
    return this.#request.scheme;
  }
  get isSecure(): boolean {
    return this.#request.isSecure;
  }
  get remoteAddr(): string | null {
    return this.#request.remoteAddr;
  }
  get args(): MultiDict {
    return this.#request.args;
  }
  get cookies(): Map<string, string> {
    return this.#request.cookies;
  }
  get headers(): Request['headers'] {
    return this.#request.headers;
  }
  get mimetype(): string {
    return this.#request.mimetype;
  }
  get endpoint(): string | null {
    return this.#request.endpoint;
  }
  get viewArgs(): Record<string, unknown> | null {
    return this.#request.viewArgs;
  }
  get userAgent(): Request['userAgent'] {
    return this.#request.userAgent;
  }
  get acceptMimetypes(): Request['acceptMimetypes'] {
    return this.#request.acceptMimetypes;
  }
  get isXhr(): boolean {
    return this.#request.isXhr;
  }
}
