import { Readable } from 'node:stream';
import { HTTPException } from '../http/exceptions.ts';
import { Headers } from '../http/headers.ts';
import { Response } from '../wrappers/response.ts';
import { ResponseValueError } from './errors.ts';
import type { JsonProvider } from './json-provider.ts';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function isBodyLike(value: unknown): boolean {
  return (
    typeof value === 'string' ||
    value instanceof Uint8Array ||
    value instanceof Response ||
    value instanceof HTTPException
  );
}

function isHeadersLike(value: unknown): boolean {
  return (
    value instanceof Headers ||
    isPlainObject(value) ||
    (Array.isArray(value) && value.every((p) => Array.isArray(p) && p.length === 2))
  );
}

/**
 * Splits a return tuple. An array is read as a tuple only when its shape is unambiguous:
 * `[body, status]`, `[body, status, headers]`, or `[text|bytes|Response, headers]`. Other arrays are JSON.
 */
function splitTuple(rv: readonly unknown[]): { body: unknown; status?: number; headers?: unknown } | null {
  const [body, second, third] = rv;
  const isStatus = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 100 && v <= 999;
  if (rv.length === 3 && isStatus(second) && isHeadersLike(third))
    return { body, status: second as number, headers: third };
  if (rv.length === 2 && isStatus(second)) return { body, status: second as number };
  if (rv.length === 2 && isBodyLike(body) && isHeadersLike(second)) return { body, headers: second };
  return null;
}

function isIterableBody(
  value: unknown,
): value is Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array> {
  if (value === null || typeof value !== 'object') return false;
  return (
    Symbol.asyncIterator in value ||
    (Symbol.iterator in value && !Array.isArray(value) && !(value instanceof Map) && !(value instanceof Set))
  );
}

/** "The view function for "index"", for error messages (the endpoint is looked up only then). */
function describeView(endpoint: string | null | (() => string | null)): string {
  const name = typeof endpoint === 'function' ? endpoint() : endpoint;
  return name === null ? 'The view' : `The view function for ${JSON.stringify(name)}`;
}

/**
 * Converts a view's return value into a Response, as Flask's `make_response`.
 *
 * @throws ResponseValueError for undefined or values with no response form; the message names the endpoint.
 */
export function makeResponseFrom(
  rv: unknown,
  json: JsonProvider,
  endpoint: string | null | (() => string | null),
): Response {
  let status: number | undefined;
  let headers: unknown;
  let body = rv;
  if (Array.isArray(rv)) {
    const tuple = splitTuple(rv);
    if (tuple) ({ body, status, headers } = tuple);
  }
  if (body === undefined || body === null) {
    throw new ResponseValueError(
      `${describeView(endpoint)} did not return a valid response. The function either returned ${String(body)} or ended without a return statement.`,
    );
  }
  let response: Response;
  if (body instanceof Response) response = body;
  else if (body instanceof HTTPException) response = body.getResponse();
  else if (typeof body === 'string' || body instanceof Uint8Array) response = new Response(body);
  else if (body instanceof Readable) response = new Response(body);
  else if (isIterableBody(body)) response = new Response(body);
  else if (Array.isArray(body) || isPlainObject(body)) response = json.response(body);
  else if (typeof body === 'object' && typeof (body as { toJSON?: unknown }).toJSON === 'function')
    response = json.response(body);
  else if (typeof body === 'number' || typeof body === 'boolean') {
    throw new ResponseValueError(
      `${describeView(endpoint)} returned a ${typeof body} (${String(body)}). Return a string, an object (sent as JSON), a Response, or a [body, status] tuple.`,
    );
  } else {
    throw new ResponseValueError(
      `${describeView(endpoint)} did not return a valid response: it returned a ${(body as object).constructor?.name ?? typeof body}. ` +
        'Return a string, an object or array (sent as JSON), a Response, a stream or iterable, or a [body, status, headers] tuple.',
    );
  }
  if (status !== undefined) response.status = status;
  if (headers !== undefined) {
    const extra =
      headers instanceof Headers ? headers : new Headers(headers as ConstructorParameters<typeof Headers>[0]);
    for (const [name] of extra) {
      // Tuple headers replace the response's, as Werkzeug's `headers.update` does; repeated names in the
      // tuple itself are kept.
      response.headers.delete(name);
    }
    for (const [name, value] of extra) response.headers.append(name, value);
  }
  return response;
}
