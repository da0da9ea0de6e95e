import { formatHttpDate } from './dates.ts';
import { HTTPException, type HTTPExceptionOptions, type ResponseLike } from './http-exception.ts';
import { escapeHtml } from './internal/token.ts';

// The base class lives in its own file; re-exported so one import brings the whole family.
export { HTTPException, type HTTPExceptionOptions, type ResponseLike } from './http-exception.ts';

/** 400: the request is malformed or missing something the view needs. */
export class BadRequest extends HTTPException {
  static override readonly code: number = 400;
  static override readonly description: string =
    'The browser (or proxy) sent a request that this server could not understand.';
}

/**
 * 400 raised when a form or query key the view asked for is missing. The key is in `key` and in the
 * message (for logs) but not on the page, which stays the generic Bad Request text.
 */
export class BadRequestKeyError extends BadRequest {
  /** The missing key, when known. */
  readonly key: string | undefined;

  constructor(key?: string, description?: string, options?: HTTPExceptionOptions) {
    super(description, options);
    this.key = key;
    if (key !== undefined) {
      this.message = `The key ${JSON.stringify(key)} is missing from the submitted form or query data.`;
    }
  }
}

/** Options for `Unauthorized`. */
export type UnauthorizedOptions = HTTPExceptionOptions & {
  /** One or more `WWW-Authenticate` challenges, e.g. `'Basic realm="admin"'`; each becomes its own header. */
  wwwAuthenticate?: string | readonly string[];
};

/** 401: the request needs (valid) credentials. Pass `wwwAuthenticate` to say which scheme to use. */
export class Unauthorized extends HTTPException {
  static override readonly code: number = 401;
  static override readonly description: string =
    'The server could not verify that you are authorized to access the URL requested. You either ' +
    "supplied the wrong credentials (e.g. a bad password), or your browser doesn't understand how to " +
    'supply the credentials required.';
  readonly wwwAuthenticate: readonly string[];

  constructor(description?: string, options?: UnauthorizedOptions) {
    super(description, options);
    const challenges = options?.wwwAuthenticate ?? [];
    this.wwwAuthenticate = typeof challenges === 'string' ? [challenges] : [...challenges];
  }

  override getHeaders(): [string, string][] {
    return [
      ...super.getHeaders(),
      ...this.wwwAuthenticate.map((c): [string, string] => ['WWW-Authenticate', c]),
    ];
  }
}

/** 403: the client is known but may not access this resource. */
export class Forbidden extends HTTPException {
  static override readonly code: number = 403;
  static override readonly description: string =
    "You don't have the permission to access the requested resource. It is either read-protected or not " +
    'readable by the server.';
}

/** 404: nothing is served at this URL. */
export class NotFound extends HTTPException {
  static override readonly code: number = 404;
  static override readonly description: string =
    'The requested URL was not found on the server. If you entered the URL manually please check your ' +
    'spelling and try again.';
}

/** Options for `MethodNotAllowed`. */
export type MethodNotAllowedOptions = HTTPExceptionOptions & {
  /** The methods the URL does accept; sent as the `Allow` header. */
  validMethods?: readonly string[];
};

/** 405: the URL exists but not for this method. `validMethods` fills the `Allow` header. */
export class MethodNotAllowed extends HTTPException {
  static override readonly code: number = 405;
  static override readonly description: string = 'The method is not allowed for the requested URL.';
  readonly validMethods: readonly string[];

  constructor(description?: string, options?: MethodNotAllowedOptions) {
    super(description, options);
    this.validMethods = [...(options?.validMethods ?? [])];
  }

  override getHeaders(): [string, string][] {
    const headers = super.getHeaders();
    if (this.validMethods.length > 0) headers.push(['Allow', this.validMethods.join(', ')]);
    return headers;
  }
}

/** 406: no representation matches the request's Accept headers. */
export class NotAcceptable extends HTTPException {
  static override readonly code: number = 406;
  static override readonly description: string =
    'The resource identified by the request is only capable of generating response entities which have ' +
    'content characteristics not acceptable according to the accept headers sent in the request.';
}

/** 408: the client took too long to send the request. */
export class RequestTimeout extends HTTPException {
  static override readonly code: number = 408;
  static override readonly description: string =
    "The server closed the network connection because the browser didn't finish the request within the " +
    'specified time.';
}

/** 409: the request conflicts with the resource's current state. */
export class Conflict extends HTTPException {
  static override readonly code: number = 409;
  static override readonly description: string =
    'A conflict happened while processing the request. The resource might have been modified while the ' +
    'request was being processed.';
}

/** 410: the resource existed but is gone for good. */
export class Gone extends HTTPException {
  static override readonly code: number = 410;
  static override readonly description: string =
    'The requested URL is no longer available on this server and there is no forwarding address. If you ' +
    'followed a link from a foreign page, please contact the author of this page.';
}

/** 411: the request needs a Content-Length header. */
export class LengthRequired extends HTTPException {
  static override readonly code: number = 411;
  static override readonly description: string =
    'A request with this method requires a valid Content-Length header.';
}

/** 412: an If-Match / If-Unmodified-Since precondition failed. */
export class PreconditionFailed extends HTTPException {
  static override readonly code: number = 412;
  static override readonly description: string =
    'The precondition on the request for the URL failed positive evaluation.';
}

/** 413: the body (or a form part) is larger than the configured limit. */
export class RequestEntityTooLarge extends HTTPException {
  static override readonly code: number = 413;
  static override readonly description: string = 'The data value transmitted exceeds the capacity limit.';
}

/** 414: the URL is longer than the server accepts. */
export class RequestURITooLarge extends HTTPException {
  static override readonly code: number = 414;
  static override readonly description: string =
    'The length of the requested URL exceeds the capacity limit for this server. The request cannot be ' +
    'processed.';
}

/** 415: the body's content type is not one the view handles. */
export class UnsupportedMediaType extends HTTPException {
  static override readonly code: number = 415;
  static override readonly description: string =
    'The server does not support the media type transmitted in the request.';
}

/** Options for `RequestedRangeNotSatisfiable`. */
export type RangeNotSatisfiableOptions = HTTPExceptionOptions & {
  /** The full length of the resource; sent as `Content-Range: <units> *\/<length>`. */
  length?: number;
  /** The range unit; `'bytes'` unless given. */
  units?: string;
};

/** 416: no part of the requested Range exists. `length` fills `Content-Range: bytes *\/<length>`. */
export class RequestedRangeNotSatisfiable extends HTTPException {
  static override readonly code: number = 416;
  static override readonly description: string = 'The server cannot provide the requested range.';
  readonly length: number | undefined;
  readonly units: string;

  constructor(description?: string, options?: RangeNotSatisfiableOptions) {
    super(description, options);
    this.length = options?.length;
    this.units = options?.units ?? 'bytes';
  }

  override getHeaders(): [string, string][] {
    const headers = super.getHeaders();
    if (this.length !== undefined) headers.push(['Content-Range', `${this.units} */${this.length}`]);
    return headers;
  }
}

/** 417: the server cannot meet the request's Expect header. */
export class ExpectationFailed extends HTTPException {
  static override readonly code: number = 417;
  static override readonly description: string =
    'The server could not meet the requirements of the Expect header';
}

/** 418: the server is a teapot (RFC 2324). */
export class ImATeapot extends HTTPException {
  static override readonly code: number = 418;
  static override readonly description: string = 'This server is a teapot, not a coffee machine';
}

/** 422: the body is well-formed but its content is invalid. */
export class UnprocessableEntity extends HTTPException {
  static override readonly code: number = 422;
  static override readonly description: string =
    'The request was well-formed but was unable to be followed due to semantic errors.';
}

/** 423: the resource is locked (WebDAV). */
export class Locked extends HTTPException {
  static override readonly code: number = 423;
  static override readonly description: string = 'The resource that is being accessed is locked.';
}

/** 424: the request depended on another action that failed (WebDAV). */
export class FailedDependency extends HTTPException {
  static override readonly code: number = 424;
  static override readonly description: string =
    'The method could not be performed on the resource because the requested action depended on another ' +
    'action and that action failed.';
}

/** 428: the request must be conditional (If-Match / If-Unmodified-Since). */
export class PreconditionRequired extends HTTPException {
  static override readonly code: number = 428;
  static override readonly description: string =
    'This request is required to be conditional; try using "If-Match" or "If-Unmodified-Since".';
}

/** Options for the exceptions that can carry `Retry-After`. */
export type RetryAfterOptions = HTTPExceptionOptions & {
  /** Seconds to wait, or the moment to retry at; sent as the `Retry-After` header. */
  retryAfter?: number | Date;
};

function retryAfterHeader(retryAfter: number | Date | undefined): [string, string][] {
  if (retryAfter === undefined) return [];
  const value =
    retryAfter instanceof Date ? formatHttpDate(retryAfter) : String(Math.max(0, Math.ceil(retryAfter)));
  return [['Retry-After', value]];
}

/** 429: the client sent too many requests; `retryAfter` says when to try again. */
export class TooManyRequests extends HTTPException {
  static override readonly code: number = 429;
  static override readonly description: string =
    'This user has exceeded an allotted request count. Try again later.';
  readonly retryAfter: number | Date | undefined;

  constructor(description?: string, options?: RetryAfterOptions) {
    super(description, options);
    this.retryAfter = options?.retryAfter;
  }

  override getHeaders(): [string, string][] {
    return [...super.getHeaders(), ...retryAfterHeader(this.retryAfter)];
  }
}

/** 431: a header, or all headers together, are larger than the server accepts. */
export class RequestHeaderFieldsTooLarge extends HTTPException {
  static override readonly code: number = 431;
  static override readonly description: string = 'One or more header fields exceeds the maximum size.';
}

/** 451: the resource is withheld for legal reasons. */
export class UnavailableForLegalReasons extends HTTPException {
  static override readonly code: number = 451;
  static override readonly description: string = 'Unavailable for legal reasons.';
}

/** Options for `InternalServerError`. */
export type InternalServerErrorOptions = HTTPExceptionOptions & {
  /** The unhandled error that caused this 500; also used as `cause` when none is given. */
  originalException?: unknown;
};

/** 500: something failed in the application. `originalException` holds the error that caused it. */
export class InternalServerError extends HTTPException {
  static override readonly code: number = 500;
  static override readonly description: string =
    'The server encountered an internal error and was unable to complete your request. Either the server ' +
    'is overloaded or there is an error in the application.';
  readonly originalException: unknown;

  constructor(description?: string, options?: InternalServerErrorOptions) {
    super(description, { ...options, cause: options?.cause ?? options?.originalException });
    this.originalException = options?.originalException;
  }
}

/** 501: the server does not support the requested action. */
export class NotImplemented extends HTTPException {
  static override readonly code: number = 501;
  static override readonly description: string =
    'The server does not support the action requested by the browser.';
}

/** 502: an upstream server sent an invalid response. */
export class BadGateway extends HTTPException {
  static override readonly code: number = 502;
  static override readonly description: string =
    'The proxy server received an invalid response from an upstream server.';
}

/** 503: the server cannot answer right now; `retryAfter` says when to try again. */
export class ServiceUnavailable extends HTTPException {
  static override readonly code: number = 503;
  static override readonly description: string =
    'The server is temporarily unable to service your request due to maintenance downtime or capacity ' +
    'problems. Please try again later.';
  readonly retryAfter: number | Date | undefined;

  constructor(description?: string, options?: RetryAfterOptions) {
    super(description, options);
    this.retryAfter = options?.retryAfter;
  }

  override getHeaders(): [string, string][] {
    return [...super.getHeaders(), ...retryAfterHeader(this.retryAfter)];
  }
}

/** 504: an upstream server timed out. */
export class GatewayTimeout extends HTTPException {
  static override readonly code: number = 504;
  static override readonly description: string = 'The connection to an upstream server timed out.';
}

/** 505: the HTTP version of the request is not supported. */
export class HTTPVersionNotSupported extends HTTPException {
  static override readonly code: number = 505;
  static override readonly description: string =
    'The server does not support the HTTP protocol version used in the request.';
}

/**
 * 308 raised by routing to send the client to `newUrl` (e.g. to add a missing trailing slash).
 * Its page and `Location` header are those of a redirect.
 */
export class RequestRedirect extends HTTPException {
  static override readonly code: number = 308;
  readonly newUrl: string;

  constructor(newUrl: string, options?: HTTPExceptionOptions) {
    super(newUrl, options);
    this.newUrl = newUrl;
  }

  override getBody(): string {
    const url = escapeHtml(this.newUrl);
    return (
      '<!doctype html>\n<html lang=en>\n<title>Redirecting...</title>\n<h1>Redirecting...</h1>\n' +
      `<p>You should be redirected automatically to the target URL: <a href="${url}">${url}</a>. ` +
      'If not, click the link.\n'
    );
  }

  override getHeaders(): [string, string][] {
    return [...super.getHeaders(), ['Location', this.newUrl]];
  }
}

/** Constructor type of the classes in `exceptionsByCode`. */
export type HTTPExceptionClass = (new (
  description?: string,
  options?: HTTPExceptionOptions,
) => HTTPException) &
  Pick<typeof HTTPException, 'code' | 'description'>;

// The one list of default exceptions; the table is derived from each class's own static code.
const DEFAULT_EXCEPTIONS: readonly HTTPExceptionClass[] = [
  BadRequest,
  Unauthorized,
  Forbidden,
  NotFound,
  MethodNotAllowed,
  NotAcceptable,
  RequestTimeout,
  Conflict,
  Gone,
  LengthRequired,
  PreconditionFailed,
  RequestEntityTooLarge,
  RequestURITooLarge,
  UnsupportedMediaType,
  RequestedRangeNotSatisfiable,
  ExpectationFailed,
  ImATeapot,
  UnprocessableEntity,
  Locked,
  FailedDependency,
  PreconditionRequired,
  TooManyRequests,
  RequestHeaderFieldsTooLarge,
  UnavailableForLegalReasons,
  InternalServerError,
  NotImplemented,
  BadGateway,
  ServiceUnavailable,
  GatewayTimeout,
  HTTPVersionNotSupported,
];

/** The exception class for each error status, as used by `abort`. Built from the classes' static `code`. */
export const exceptionsByCode: ReadonlyMap<number, HTTPExceptionClass> = new Map(
  DEFAULT_EXCEPTIONS.map((cls) => [cls.code!, cls]),
);

/** Thrown by `abort` for a status that has no HTTPException class (Werkzeug raises LookupError). */
export class NoSuchStatusError extends Error {
  override get name(): string {
    return 'NoSuchStatusError';
  }
}

/**
 * Stops the request by throwing the HTTPException for `status`, or an HTTPException that carries the given
 * response.
 *
 * @example
 * if (post === undefined) abort(404);
 * @throws HTTPException always: the subclass for `status` (e.g. NotFound for 404).
 * @throws NoSuchStatusError when no exception class exists for `status` (e.g. 200 or 299).
 */
export function abort(status: number | ResponseLike, description?: string): never {
  if (typeof status === 'object' && status !== null) {
    throw new HTTPException(description, { response: status });
  }
  const cls = exceptionsByCode.get(status);
  if (cls === undefined) {
    throw new NoSuchStatusError(
      `abort(${String(status)}) has no HTTPException class for that status. Use an error status listed ` +
        'in exceptionsByCode (400-431, 451, 500-505), or pass a response to send it as-is.',
    );
  }
  throw new cls(description);
}
