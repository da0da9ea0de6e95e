import type { App } from '../app/app.ts';
import { currentFrame } from '../context/storage.ts';
import { TemplateRequest } from './template-request.ts';

/**
 * The variables every template sees, as Flask's default context processor: `config`, `request`, `session`,
 * `g` (the last three only inside a request or app context). Made without waiting unless the request has a
 * form or JSON body to read first.
 */
export function defaultContext(app: App): Record<string, unknown> | Promise<Record<string, unknown>> {
  const context: Record<string, unknown> = Object.create(null);
  context.config = app.config;
  const frame = currentFrame();
  if (frame === undefined) return context;
  context.g = frame.g;
  if (frame.request === undefined) return context;
  const { request, getSession } = frame;
  const wrapped = TemplateRequest.of(request);
  if (wrapped instanceof Promise) {
    return wrapped.then((read) => {
      context.request = read;
      if (getSession !== undefined) context.session = getSession.call(frame);
      return context;
    });
  }
  context.request = wrapped;
  if (getSession !== undefined) context.session = getSession.call(frame);
  return context;
}
