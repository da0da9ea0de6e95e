import { escapeHtml } from './internal/token.ts';
import { statusPhrase } from './status.ts';

/** Anything with a status: the structural stand-in for Response, so http/ need not import wrappers/. */
export type ResponseLike = { status: number };

/** Options every HTTPException accepts. */
export type HTTPExceptionOptions = {
  /** A ready response to send instead of the generated error page (as Werkzeug's `response=`). */
  response?: ResponseLike;
  /** The error that led to this one; shown in logs and the debugger, never on the page. */
  cause?: unknown;
};

/**
 * The base of every HTTP error. Raise a subclass (or call `abort`) in a view to answer with that status.
 *
 * Each subclass sets `static code` and `static description`; instances read them, and a description passed
 * to the constructor replaces the default. `getBody()` and `getHeaders()` are the source of truth for the
 * error page; `response`, when set, is sent instead. `getResponse()` builds the Response (it is defined in
 * wrappers/response.ts, since http/ sits below the wrappers).
 *
 * Differs from Flask: subclasses declare `static readonly code` / `static readonly description`, because a
 * class field would run after the constructor and overwrite a custom description.
 *
 * @example
 * export class PaymentRequired extends HTTPException {
 *   static override readonly code = 402;
 *   static override readonly description = 'Your plan does not include this feature.';
 * }
 */
export class HTTPException extends Error {
  static readonly code: number | undefined = undefined;
  static readonly description: string = '';

  /** The response to send instead of the generated page, if one was given. */
  response?: ResponseLike;
  readonly #description: string | undefined;

  constructor(description?: string, options?: HTTPExceptionOptions) {
    super(
      description ?? new.target.description,
      options?.cause === undefined ? undefined : { cause: options.cause },
    );
    this.#description = description;
    if (options?.response !== undefined) this.response = options.response;
  }

  /** The HTTP status, from the subclass's `static code`; undefined on the bare base class. */
  get code(): number | undefined {
    return (this.constructor as typeof HTTPException).code;
  }

  /** The plain-text explanation shown on the error page. */
  get description(): string {
    return this.#description ?? (this.constructor as typeof HTTPException).description;
  }

  /** The status phrase, e.g. `'Not Found'`; `'Unknown Error'` without a known code. */
  override get name(): string {
    return this.code === undefined ? 'Unknown Error' : statusPhrase(this.code);
  }

  /** The description as an HTML paragraph: escaped, with line breaks turned into `<br>`. */
  getDescription(): string {
    return `<p>${escapeHtml(this.description).replaceAll('\n', '<br>')}</p>`;
  }

  /** The small HTML error page Werkzeug sends. */
  getBody(): string {
    const name = escapeHtml(this.name);
    return (
      '<!doctype html>\n<html lang=en>\n' +
      `<title>${this.code ?? '???'} ${name}</title>\n<h1>${name}</h1>\n${this.getDescription()}\n`
    );
  }

  /** The headers of the error page: the content type, plus whatever the subclass needs (Allow, …). */
  getHeaders(): [string, string][] {
    return [['Content-Type', 'text/html; charset=utf-8']];
  }

  /** `'404 Not Found: <description>'`, as Werkzeug's `str(e)`. */
  override toString(): string {
    return `${this.code ?? '???'} ${this.name}: ${this.description}`;
  }
}
