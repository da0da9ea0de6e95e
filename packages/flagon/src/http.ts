// flagon/http: Werkzeug's data structures and HTTP helpers: Request, Response, Headers, MultiDict, the
// HTTP exceptions, and the parsers for Accept, Authorization, cookies, dates, ETags and ranges.
// Named re-exports only.

export { Accept, CharsetAccept, LanguageAccept, MIMEAccept } from './http/accept.ts';
export type {
  Authorization,
  BasicAuthorization,
  BearerAuthorization,
  KnownScheme,
  OtherAuthorization,
} from './http/authorization.ts';
export { contentDisposition } from './http/content-disposition.ts';
export { CookieError, type CookieOptions } from './http/cookies.ts';
export { formatHttpDate, parseHttpDate } from './http/dates.ts';
export { ETags, generateEtag, parseEtags } from './http/etag.ts';
export {
  abort,
  BadGateway,
  BadRequest,
  BadRequestKeyError,
  Conflict,
  ExpectationFailed,
  exceptionsByCode,
  FailedDependency,
  Forbidden,
  GatewayTimeout,
  Gone,
  HTTPException,
  HTTPVersionNotSupported,
  ImATeapot,
  InternalServerError,
  LengthRequired,
  Locked,
  MethodNotAllowed,
  NoSuchStatusError,
  NotAcceptable,
  NotFound,
  NotImplemented,
  PreconditionFailed,
  PreconditionRequired,
  RequestEntityTooLarge,
  RequestedRangeNotSatisfiable,
  RequestHeaderFieldsTooLarge,
  RequestRedirect,
  RequestTimeout,
  RequestURITooLarge,
  ServiceUnavailable,
  TooManyRequests,
  Unauthorized,
  UnavailableForLegalReasons,
  UnprocessableEntity,
  UnsupportedMediaType,
} from './http/exceptions.ts';
export { Headers, HeaderValueError } from './http/headers.ts';
export { MultiDict } from './http/multi-dict.ts';
export { type ByteRange, parseRange } from './http/range.ts';
export { secureFilename } from './http/secure-filename.ts';
export { UserAgent } from './http/user-agent.ts';
export { FileStorage } from './wrappers/file-storage.ts';
export { type GetJsonOptions, Request } from './wrappers/request.ts';
export { Response, type ResponseBody, type ResponseInit, StatusCodeError } from './wrappers/response.ts';
