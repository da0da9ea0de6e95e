import type { HTTPException } from '../http/exceptions.ts';
import { Response } from './response.ts';

/** The response for an HTTP error: the response it carries, else Werkzeug's small HTML page. */
export function responseForException(error: HTTPException): Response {
  if (error.response instanceof Response) return error.response;
  return new Response(error.getBody(), { status: error.code ?? 500, headers: error.getHeaders() });
}
