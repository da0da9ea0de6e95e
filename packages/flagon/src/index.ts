// Flagon's public API. Named re-exports only; every concept lives in its own module.

export { type AppConfig, Config, ConfigError, type ConfigValues, type ProxyFixConfig } from './app/config.ts';
export { ContextError, ResponseValueError, SetupError } from './app/errors.ts';
export { Flagon, type FlagonOptions } from './app/flagon.ts';
export { JsonProvider, JsonSerializationError } from './app/json-provider.ts';
export { Logger, type LogLevel } from './app/logging.ts';
export type { Route, RouteOptions } from './app/scaffold.ts';
export type {
  AfterRequestHook,
  BeforeRequestHook,
  ErrorHandler,
  ResponseValue,
  TeardownHook,
  View,
} from './app/types.ts';
export { AppCtxGlobals, type AppGlobals, type G } from './context/globals.ts';
export { currentApp, g, hasAppContext, hasRequestContext, request, session } from './context/locals.ts';
export { type FlashOptions, flash, getFlashedMessages } from './helpers/flash.ts';
export { redirect } from './helpers/redirect.ts';
export { jsonify, makeResponse } from './helpers/responses.ts';
export { type Endpoints, type UrlForOptions, urlFor } from './helpers/url-for.ts';
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
export { secureFilename } from './http/secure-filename.ts';
export { UserAgent } from './http/user-agent.ts';
export type { Converter, ConverterClass } from './routing/converters.ts';
export { BuildError, RuleSyntaxError, ValidationError } from './routing/errors.ts';
export type { RouteParams } from './routing/params.ts';
export type { ListenOptions, RunningServer } from './server/listen.ts';
export { TestClient, type TestRequestOptions, type TestResponse } from './testing/test-client.ts';
export { type GetJsonOptions, Request } from './wrappers/request.ts';
export { Response, type ResponseBody, type ResponseInit } from './wrappers/response.ts';
