import { ContextError } from '../context/errors.ts';
import { currentFrame } from '../context/storage.ts';
import type { Response } from '../wrappers/response.ts';

function appOrThrow(helper: string) {
  const frame = currentFrame();
  if (frame === undefined) {
    throw new ContextError(
      `${helper}() needs an application context; call it in a view, hook or appContext().run().`,
    );
  }
  return frame.app;
}

/**
 * A JSON response through the app's JSON provider (dates as HTTP dates), as Flask's `jsonify`.
 * Several arguments become an array, as in Flask.
 *
 * @example
 * return jsonify({ id: 1, name: 'Ada' });
 */
export function jsonify(...values: unknown[]): Response {
  const app = appOrThrow('jsonify');
  return app.json.response(values.length === 1 ? values[0] : values);
}

/**
 * Turns any view return value into a Response you can edit before returning it, as Flask's `make_response`.
 *
 * @example
 * const res = makeResponse(['Created', 201]);
 * res.headers.set('X-Id', '7');
 * return res;
 */
export function makeResponse(rv: unknown = ''): Response {
  return appOrThrow('makeResponse').makeResponse(rv);
}
