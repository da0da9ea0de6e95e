// Error pages: styled HTML with a way home for people, JSON for /api clients.
import { CSRFError } from '@flagon/forms';
import { type Flagon, HTTPException, InternalServerError, Response, renderTemplate, request } from 'flagon';
import { jsonResponse } from './api.ts';

const TITLES: Record<number, string> = {
  400: 'That request could not be read',
  401: 'Please log in',
  403: 'Not allowed',
  404: 'Page not found',
  405: 'Not allowed this way',
  413: 'Too large',
  429: 'Too many attempts',
  500: 'Something went wrong',
  503: 'Briefly unavailable',
};

async function errorPage(error: HTTPException) {
  // A guard that built its own response (the API's 401 with a challenge) keeps it.
  if (error.response instanceof Response) return error.response;
  const code = error.code ?? 500;
  // Allow (405), Retry-After (429, 503), WWW-Authenticate (401): kept; the page's type is ours.
  const headers = error.getHeaders().filter(([name]) => name.toLowerCase() !== 'content-type');
  if (request.path === '/api' || request.path.startsWith('/api/')) {
    const response = jsonResponse({ error: error.description, status: code }, code);
    for (const [name, value] of headers) response.headers.set(name, value);
    return response;
  }
  const description =
    error instanceof CSRFError
      ? `The form was not accepted: ${error.description} Go back, reload the page and send it again.`
      : error.description;
  const body = await renderTemplate('error.html', { code, title: TITLES[code] ?? error.name, description });
  return new Response(body, { status: code, headers });
}

/** Registers the pages for every HTTP error, and for unexpected errors (a 500 without details). */
export function registerErrorPages(app: Flagon): void {
  app.errorHandler(HTTPException, errorPage);
  app.errorHandler(InternalServerError, errorPage);
}
