import type { Readable } from 'node:stream';
import type { HTTPException } from '../http/exceptions.ts';
import type { Headers, HeadersInit } from '../http/headers.ts';
import type { Request } from '../wrappers/request.ts';
import type { Response, ResponseBody } from '../wrappers/response.ts';

/** A JSON-serializable value a view may return. */
export type JsonValue =
  | string
  | number
  | boolean
  | null
  | JsonValue[]
  | { [key: string]: JsonValue }
  | object;

/** The body part of a view's return value. */
export type BodyValue = Response | ResponseBody | JsonValue | HTTPException;

/** Extra headers in a return tuple. */
export type HeadersValue = Headers | HeadersInit;

/**
 * What a view may return, converted like Flask: text → HTML, object/array → JSON, `[body, status]`,
 * `[body, status, headers]`, `[body, headers]`, a `Response`, or a stream/iterable (sent chunked).
 */
export type ResponseValue =
  | BodyValue
  | readonly [BodyValue, number]
  | readonly [BodyValue, number, HeadersValue]
  | readonly [BodyValue, HeadersValue]
  | Readable;

/** A view: receives the converted URL params and the request. May be async. */
export type View<P = Record<string, unknown>> = (
  params: P,
  request: Request,
) => ResponseValue | Promise<ResponseValue>;
/** A view function (exported under this name, because `View` is the class-based view). */
export type ViewFunction<P = Record<string, unknown>> = View<P>;

/** A `beforeRequest` hook: returning anything but undefined/null stops the request with that response. */
export type BeforeRequestHook = (
  request: Request,
) => ResponseValue | undefined | null | void | Promise<ResponseValue | undefined | null | void>;
/** An `afterRequest` hook: receives the response and returns it (or a replacement). */
export type AfterRequestHook = (
  response: Response,
  request: Request,
) => Response | void | Promise<Response | void>;
/** A `teardownRequest` hook: runs last, always, with the unhandled error if there was one. */
export type TeardownHook = (error: unknown) => void | Promise<void>;
/** An error handler: turns an exception into a response value. */
export type ErrorHandler<E = unknown> = (
  error: E,
  request: Request | null,
) => ResponseValue | Promise<ResponseValue>;
/** Edits URL params before the view sees them (`urlValuePreprocessor`). */
export type UrlValuePreprocessor = (endpoint: string | null, values: Record<string, unknown> | null) => void;
/** Fills in URL values when building (`urlDefaults`). */
export type UrlDefaultsHook = (endpoint: string, values: Record<string, unknown>) => void;
/** Adds variables to every template's context. */
export type ContextProcessor = () => Record<string, unknown> | Promise<Record<string, unknown>>;

/** Returns names to put in scope in `flagon shell` (Flask's `shell_context_processor`). May be async. */
export type ShellContextProcessor = () => Record<string, unknown> | Promise<Record<string, unknown>>;
