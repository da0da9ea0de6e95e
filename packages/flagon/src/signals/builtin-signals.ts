/**
 * The signals Flagon sends, as Flask's `flask.signals`. The sender is always the application, and receivers
 * run inside the request (or application) context, so `request`, `session` and `g` work in them.
 */
import type { CurrentApp } from '../context/storage.ts';
import type { Response } from '../wrappers/response.ts';
import { Signal } from './signal.ts';

/** Sent when a request starts, before URL value preprocessors and `beforeRequest` hooks. */
export const requestStarted: Signal<[], CurrentApp> = new Signal(
  'request-started',
  'Sent when a request starts, before the beforeRequest hooks run.',
);

/** Sent with the response after the `afterRequest` hooks and session saving, before it goes to the client. */
export const requestFinished: Signal<[response: Response], CurrentApp> = new Signal(
  'request-finished',
  'Sent with the final response, before it is sent to the client.',
);

/** Sent after the `teardownRequest` hooks, with the unhandled error of the request or null. */
export const requestTearingDown: Signal<[error: unknown], CurrentApp> = new Signal(
  'request-tearing-down',
  'Sent after the teardownRequest hooks ran, with the unhandled error or null.',
);

/**
 * Sent with an error no error handler took, before it is logged and becomes a 500 (or propagates in testing).
 * HTTP errors such as 404 are answers, not exceptions, and do not send it.
 */
export const gotRequestException: Signal<[exception: unknown], CurrentApp> = new Signal(
  'got-request-exception',
  'Sent when an unhandled error occurs during a request, before the 500 response is made.',
);

/** Sent when an application context starts (also the one each request brings). */
export const appcontextPushed: Signal<[], CurrentApp> = new Signal(
  'appcontext-pushed',
  'Sent when an application context is pushed.',
);

/** Sent when an application context ends, after `appcontextTearingDown`. */
export const appcontextPopped: Signal<[], CurrentApp> = new Signal(
  'appcontext-popped',
  'Sent when an application context is popped.',
);

/** Sent when an application context is being torn down, with the unhandled error or null. */
export const appcontextTearingDown: Signal<[error: unknown], CurrentApp> = new Signal(
  'appcontext-tearing-down',
  'Sent when an application context is torn down, with the unhandled error or null.',
);

/** Sent by `flash()` after the message was stored in the session. */
export const messageFlashed: Signal<[message: string, category: string], CurrentApp> = new Signal(
  'message-flashed',
  'Sent when a message is flashed.',
);

/**
 * Sent after a template rendered, with the template and the context it got.
 * The template is the engine's template object; `unknown` here because flagon's core does not import the engine.
 */
export const templateRendered: Signal<[template: unknown, context: Record<string, unknown>], CurrentApp> =
  new Signal('template-rendered', 'Sent after a template was rendered, with the template and its context.');

/** Sent before a template renders, with the template and the context (receivers may add to it). */
export const beforeRenderTemplate: Signal<[template: unknown, context: Record<string, unknown>], CurrentApp> =
  new Signal(
    'before-render-template',
    'Sent before a template is rendered, with the template and its context.',
  );
