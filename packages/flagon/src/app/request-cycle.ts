import { Readable } from 'node:stream';
import { type CoreApp, type CurrentApp, contextStorage, runInFrame } from '../context/storage.ts';
import {
  BadRequest,
  HTTPException,
  InternalServerError,
  MethodNotAllowed,
  NotFound,
  RequestRedirect,
} from '../http/exceptions.ts';
import { Headers } from '../http/headers.ts';
import { isValidHost } from '../http/host.ts';
import {
  appcontextPopped,
  appcontextPushed,
  appcontextTearingDown,
  gotRequestException,
  requestFinished,
  requestStarted,
  requestTearingDown,
} from '../signals/builtin-signals.ts';
import type { Signal } from '../signals/signal.ts';
import type { Request } from '../wrappers/request.ts';
import { Response } from '../wrappers/response.ts';
import { isHostTrusted } from './internal/trusted-hosts.ts';
import { RequestFrame } from './request-frame.ts';
import type { ErrorHandler } from './types.ts';
import { urlAdapterFor } from './url-adapter.ts';

/** The request's blueprint chain, innermost first: endpoint `admin.users.list` → `['admin.users', 'admin']`. */
export function blueprintsOf(endpoint: string | null): string[] {
  if (endpoint === null || !endpoint.includes('.')) return [];
  const parts = endpoint.split('.').slice(0, -1);
  const names: string[] = [];
  for (let i = parts.length; i > 0; i--) names.push(parts.slice(0, i).join('.'));
  return names;
}

/**
 * The app's pipeline steps, as the request cycle calls them: the app's own methods (`App.dispatchRequest`, …),
 * so that a subclass's overrides take effect. `overridden` names the steps a subclass replaced, read once from
 * its prototype: a step that is the default is called directly, which spares an indirection per request.
 */
export interface PipelineSteps {
  preprocessRequest(request: Request): unknown;
  dispatchRequest(request: Request): unknown;
  handleUserException(request: Request, error: unknown): unknown;
  handleException(request: Request, error: unknown): Response | Promise<Response>;
  finalizeRequest(request: Request, rv: unknown, fromErrorHandler: boolean): Response | Promise<Response>;
  processResponse(request: Request, response: Response): Response | Promise<Response>;
  readonly overridden: ReadonlySet<
    'preprocessRequest' | 'dispatchRequest' | 'finalizeRequest' | 'processResponse'
  >;
}

/**
 * The request cycle: Flask's `full_dispatch_request` as one path of named steps, in Flask's order. Match the
 * URL, `preprocessRequest` (URL value preprocessors, `beforeRequest` hooks), `dispatchRequest` (the view),
 * `handleUserException` for what they raise, `finalizeRequest` (`makeResponse`, `processResponse`: the
 * `afterRequest` hooks and the session), `handleException` for anything unhandled (a logged 500), then the
 * teardown. Every step returns a value or a promise: a synchronous view with nothing asynchronous on the way is
 * answered without a promise. Each step skips its own work when its data says there is none (an empty hook
 * list, a signal without receivers, no session opened); no separate condition decides which path to take.
 */
export class RequestCycle {
  readonly #app: CoreApp;
  readonly #steps: PipelineSteps;
  // Read on every request: booleans rather than set lookups, and the default steps called directly.
  readonly #replacesDispatch: boolean;
  readonly #replacesPreprocess: boolean;
  readonly #replacesFinalize: boolean;
  readonly #replacesProcess: boolean;

  constructor(app: CoreApp, steps: PipelineSteps) {
    this.#app = app;
    this.#steps = steps;
    this.#replacesDispatch = steps.overridden.has('dispatchRequest');
    this.#replacesPreprocess = steps.overridden.has('preprocessRequest');
    this.#replacesFinalize = steps.overridden.has('finalizeRequest');
    this.#replacesProcess = steps.overridden.has('processResponse');
  }

  /** Runs a whole request inside its own context and returns the final response. */
  run(request: Request): Promise<Response> {
    const response = this.respond(request);
    return response instanceof Promise ? response : Promise.resolve(response);
  }

  /**
   * Runs a whole request inside its own context. The answer is synchronous when nothing on the way is
   * asynchronous: a server bridge then writes it without a promise or a microtask.
   */
  respond(request: Request): Response | Promise<Response> {
    const frame = new RequestFrame(this.#app, request);
    return runInFrame(frame, respondInContext, this);
  }

  /**
   * Flask's `full_dispatch_request` with its context: the request's steps, `handleException` for what they
   * leave unhandled, then the teardown, which runs whatever happened.
   */
  fullDispatchRequest(frame: RequestFrame): Response | Promise<Response> {
    let response: Response | Promise<Response>;
    try {
      response = this.#startRequest(frame);
    } catch (error) {
      return this.#failed(frame, error);
    }
    if (response instanceof Promise) {
      return response.then(
        (r) => this.#tearDownThenAnswer(frame, r, null),
        (error: unknown) => this.#failed(frame, error),
      );
    }
    return this.#tearDownThenAnswer(frame, response, null);
  }

  /** The app context's start: the `appcontextPushed` signal and an asynchronous session, when there are any. */
  #startRequest(frame: RequestFrame): Response | Promise<Response> {
    const app = this.#app;
    if (appcontextPushed.hasReceivers || isSessionAsync(app)) return this.#startAsync(frame);
    this.#matchRequest(frame, frame.request);
    return this.#dispatchAndFinalize(frame.request);
  }

  async #startAsync(frame: RequestFrame): Promise<Response> {
    const app = this.#app;
    if (appcontextPushed.hasReceivers) await appcontextPushed.send(app as CurrentApp);
    if (isSessionAsync(app)) await this.#loadSessionAsync(frame, frame.request);
    this.#matchRequest(frame, frame.request);
    return this.#dispatchAndFinalize(frame.request);
  }

  /**
   * The inner part of Flask's `full_dispatch_request`: `requestStarted`, `preprocessRequest`, `dispatchRequest`
   * (what they raise goes to `handleUserException`), then `finalizeRequest`.
   */
  #dispatchAndFinalize(request: Request): Response | Promise<Response> {
    let rv: unknown;
    try {
      rv = requestStarted.hasReceivers
        ? this.#startedThenDispatch(request)
        : this.#preprocessThenDispatch(request);
    } catch (error) {
      return this.#handledThenFinalize(request, error);
    }
    if (rv instanceof Promise) {
      return rv.then(
        (value: unknown) => this.#finalize(request, value),
        (error: unknown) => this.#handledThenFinalize(request, error),
      );
    }
    return this.#finalize(request, rv);
  }

  async #startedThenDispatch(request: Request): Promise<unknown> {
    await requestStarted.send(this.#app as CurrentApp);
    return this.#preprocessThenDispatch(request);
  }

  #preprocessThenDispatch(request: Request): unknown {
    const rv = this.#replacesPreprocess
      ? this.#steps.preprocessRequest(request)
      : this.preprocessRequest(request);
    if (rv instanceof Promise) {
      return rv.then((value: unknown) =>
        value === undefined || value === null ? this.#dispatch(request) : value,
      );
    }
    return rv === undefined || rv === null ? this.#dispatch(request) : rv;
  }

  #dispatch(request: Request): unknown {
    return this.#replacesDispatch ? this.#steps.dispatchRequest(request) : this.dispatchRequest(request);
  }

  #handledThenFinalize(request: Request, error: unknown): Response | Promise<Response> {
    const rv = this.#steps.handleUserException(request, error);
    if (rv instanceof Promise) return rv.then((value: unknown) => this.#finalize(request, value));
    return this.#finalize(request, rv);
  }

  #finalize(request: Request, rv: unknown): Response | Promise<Response> {
    return this.#replacesFinalize
      ? this.#steps.finalizeRequest(request, rv, false)
      : this.finalizeRequest(request, rv, false);
  }

  /** An error no step handled: `handleException`, then the teardown; when it propagates, after the teardown. */
  #failed(frame: RequestFrame, error: unknown): Response | Promise<Response> {
    let response: Response | Promise<Response>;
    try {
      response = this.#steps.handleException(frame.request, error);
    } catch (propagated) {
      return this.#tearDownThenThrow(frame, error, propagated);
    }
    if (response instanceof Promise) {
      return response.then(
        (r) => this.#tearDownThenAnswer(frame, r, error),
        (propagated: unknown) => this.#tearDownThenThrow(frame, error, propagated),
      );
    }
    return this.#tearDownThenAnswer(frame, response, error);
  }

  #tearDownThenAnswer(frame: RequestFrame, response: Response, error: unknown): Response | Promise<Response> {
    const done = this.#tearDown(frame, error);
    return done === undefined ? response : done.then(() => response);
  }

  #tearDownThenThrow(frame: RequestFrame, error: unknown, propagated: unknown): Promise<never> {
    const done = this.#tearDown(frame, error) ?? Promise.resolve();
    return done.then(() => {
      throw propagated;
    });
  }

  /**
   * The request's and the app context's teardown: `callOnTeardown` callbacks, `teardownRequest` hooks, and the
   * teardown signals. Nothing (no promise) when none of them exists.
   */
  #tearDown(frame: RequestFrame, error: unknown): Promise<void> | undefined {
    if (
      this.#app.teardownRequestFuncs.size === 0 &&
      frame.requestTeardowns === undefined &&
      !requestTearingDown.hasReceivers &&
      !appcontextTearingDown.hasReceivers &&
      !appcontextPopped.hasReceivers
    ) {
      return undefined;
    }
    return this.#tearDownAsync(frame, error);
  }

  async #tearDownAsync(frame: RequestFrame, error: unknown): Promise<void> {
    await this.#teardownRequest(frame, frame.request, error);
    await this.#sendQuietly(appcontextTearingDown, error);
    await this.#sendQuietly(appcontextPopped);
  }

  async #loadSessionAsync(frame: RequestFrame, request: Request): Promise<void> {
    const iface = this.#app.sessionInterface;
    frame.openedSession = (await iface.openSession(this.#app, request)) ?? iface.makeNullSession(this.#app);
    request.session = frame.openedSession;
  }

  #matchRequest(frame: RequestFrame, request: Request): void {
    const app = this.#app;
    // Checked before routing, so no redirect or external URL is ever built from a malformed host.
    if (!isValidHost(request.host)) {
      request.routingException = new BadRequest(
        `The Host header ${JSON.stringify(request.host)} is malformed or was sent more than once.`,
      );
      return;
    }
    const trusted = app.config.TRUSTED_HOSTS;
    if (trusted !== null && trusted !== undefined && !isHostTrusted(request.host, trusted)) {
      request.routingException = new BadRequest(`Host ${JSON.stringify(request.host)} is not trusted.`);
      return;
    }
    // Routing gets the still-encoded path: it splits on '/' before decoding, so '%2F' stays inside a value.
    const result = urlAdapterFor(frame).match(request.rawPath, request.method, request.queryString);
    switch (result.kind) {
      case 'match':
        request.urlRule = result.rule;
        request.endpoint = result.endpoint;
        request.viewArgs = result.params;
        if (result.allowed !== undefined) frame.allowedMethods = result.allowed;
        return;
      case 'redirect':
        request.routingException = new RequestRedirect(result.location);
        return;
      case 'method-not-allowed':
        request.routingException = new MethodNotAllowed(undefined, { validMethods: result.allowed });
        return;
      case 'not-found':
        request.routingException = new NotFound();
        return;
    }
  }

  /**
   * Flask's `preprocess_request`: URL value preprocessors, then `beforeRequest` hooks until one answers.
   * Nothing to wait for (no promise) when the app has neither.
   */
  preprocessRequest(request: Request): unknown {
    const app = this.#app;
    if (app.urlValuePreprocessors.size === 0 && app.beforeRequestFuncs.size === 0) return undefined;
    return this.#preprocessAsync(request);
  }

  async #preprocessAsync(request: Request): Promise<unknown> {
    const app = this.#app;
    const scopes = [null, ...blueprintsOf(request.endpoint).reverse()];
    for (const scope of scopes) {
      const funcs = app.urlValuePreprocessors.get(scope);
      if (funcs) for (const fn of funcs) fn(request.endpoint, request.viewArgs);
    }
    for (const scope of scopes) {
      const funcs = app.beforeRequestFuncs.get(scope);
      if (!funcs) continue;
      for (const fn of funcs) {
        const rv = await fn(request);
        if (rv !== undefined && rv !== null) return rv;
      }
    }
    return undefined;
  }

  /** Flask's `dispatch_request`: the routing error, the automatic OPTIONS answer, or the view's value. */
  dispatchRequest(request: Request): unknown {
    if (request.routingException !== null) throw request.routingException;
    const endpoint = request.endpoint as string;
    if (request.method === 'OPTIONS' && this.#app.automaticOptionsRules.has(request.urlRule as object)) {
      return this.#automaticOptions();
    }
    const view = this.#app.viewFunctions.get(endpoint);
    if (view === undefined) {
      throw new InternalServerError(
        `No view function is registered for the endpoint ${JSON.stringify(endpoint)}.`,
      );
    }
    return (view as (params: unknown, request: Request) => unknown)(request.viewArgs, request);
  }

  /** Flask's `make_default_options_response`, with the methods found when the URL was matched. */
  #automaticOptions(): Response {
    // An OPTIONS match always gathers them (routing/internal/matcher.ts), so nothing is matched again here.
    const allowed = (contextStorage.getStore() as RequestFrame).allowedMethods ?? [];
    return new Response('', { headers: { Allow: allowed.join(', ') } });
  }

  /** Flask's `handle_user_exception`: HTTP errors and registered error classes go to their handlers. */
  async handleUserException(request: Request, error: unknown): Promise<unknown> {
    if (error instanceof HTTPException && !this.#trapsHttpException(error))
      return this.#handleHttpException(request, error);
    const handler = this.findErrorHandler(error, blueprintsOf(request.endpoint));
    if (handler === undefined) throw error;
    return handler(error, request);
  }

  #trapsHttpException(error: HTTPException): boolean {
    const config = this.#app.config;
    if (config.TRAP_HTTP_EXCEPTIONS) return true;
    const trapBadRequest =
      config.TRAP_BAD_REQUEST_ERRORS ?? (this.#app.debug && error.constructor.name === 'BadRequestKeyError');
    return trapBadRequest === true && error instanceof BadRequest;
  }

  async #handleHttpException(request: Request, error: HTTPException): Promise<unknown> {
    // Routing redirects are not errors; they pass through untouched, as in Flask.
    if (error.code === undefined || error instanceof RequestRedirect) return error;
    const handler = this.findErrorHandler(error, blueprintsOf(request.endpoint));
    if (handler === undefined) return error;
    return handler(error, request);
  }

  /**
   * The registered handler for `error`: by status code first, then by class; blueprint handlers before the
   * app's; the closest class in the error's prototype chain wins.
   */
  findErrorHandler(error: unknown, blueprints: readonly string[]): ErrorHandler | undefined {
    if (error === null || typeof error !== 'object') return undefined;
    const code = error instanceof HTTPException ? (error.code ?? null) : null;
    const codes = code === null ? [null] : [code, null];
    const spec = this.#app.errorHandlerSpec;
    for (const c of codes) {
      for (const scope of [...blueprints, null]) {
        const byClass = spec.get(scope)?.get(c);
        if (!byClass) continue;
        for (let proto = Object.getPrototypeOf(error); proto !== null; proto = Object.getPrototypeOf(proto)) {
          const handler = byClass.get(proto.constructor);
          if (handler !== undefined) return handler;
        }
      }
    }
    return undefined;
  }

  /** Flask's `handle_exception`: an unhandled error becomes a logged 500 (or propagates when testing). */
  async handleException(request: Request, error: unknown): Promise<Response> {
    const app = this.#app;
    if (gotRequestException.hasReceivers) await gotRequestException.send(app as CurrentApp, error);
    const propagate = app.config.PROPAGATE_EXCEPTIONS ?? (app.testing || app.debug);
    if (propagate && !(error instanceof HTTPException)) throw error;
    app.logger.exception(`Exception on ${request.path} [${request.method}]`, error);
    const serverError = new InternalServerError(undefined, {
      originalException: error,
      cause: error,
    } as never);
    const handler = this.findErrorHandler(serverError, blueprintsOf(request.endpoint));
    let rv: unknown = serverError;
    if (handler !== undefined) {
      try {
        rv = await handler(serverError, request);
      } catch (handlerError) {
        app.logger.exception('The 500 error handler itself failed', handlerError);
        rv = serverError;
      }
    }
    return this.#steps.finalizeRequest(request, rv, true);
  }

  /**
   * Flask's `finalize_request`: the value as a response, `processResponse`, the request-finished signal. An
   * error after the response was made propagates, unless this finalizes an error handler's answer.
   */
  finalizeRequest(request: Request, rv: unknown, fromErrorHandler: boolean): Response | Promise<Response> {
    const response = this.#app.makeResponse(rv);
    let processed: Response | Promise<Response>;
    try {
      processed = this.#replacesProcess
        ? this.#steps.processResponse(request, response)
        : this.processResponse(request, response);
    } catch (error) {
      return this.#finalizingFailed(error, response, fromErrorHandler);
    }
    if (processed instanceof Promise) {
      return processed.then(
        (r) => this.#sendFinished(r, fromErrorHandler),
        (error: unknown) => this.#finalizingFailed(error, response, fromErrorHandler),
      );
    }
    return this.#sendFinished(processed, fromErrorHandler);
  }

  #sendFinished(response: Response, fromErrorHandler: boolean): Response | Promise<Response> {
    if (!requestFinished.hasReceivers) return response;
    return requestFinished.send(this.#app as CurrentApp, response).then(
      () => response,
      (error: unknown) => this.#finalizingFailed(error, response, fromErrorHandler),
    );
  }

  #finalizingFailed(error: unknown, response: Response, fromErrorHandler: boolean): Response {
    if (!fromErrorHandler) throw error;
    this.#app.logger.exception('Request finalizing failed with an error while handling an error', error);
    return response;
  }

  /**
   * Flask's `process_response`: `afterRequest` hooks, innermost blueprint first, then the session saved. The
   * response itself (no promise) when there are no hooks and no session was opened.
   */
  processResponse(request: Request, response: Response): Response | Promise<Response> {
    const frame = contextStorage.getStore() as RequestFrame;
    if (this.#app.afterRequestFuncs.size === 0 && frame.openedSession === undefined) return response;
    return this.#processAsync(frame, request, response);
  }

  async #processAsync(frame: RequestFrame, request: Request, response: Response): Promise<Response> {
    const app = this.#app;
    for (const scope of [...blueprintsOf(request.endpoint), null]) {
      const funcs = app.afterRequestFuncs.get(scope);
      if (!funcs) continue;
      for (let i = funcs.length - 1; i >= 0; i--) {
        const replaced = await (funcs[i] as (r: Response, q: Request) => unknown)(response, request);
        if (replaced instanceof Response) response = replaced;
      }
    }
    const session = frame.openedSession;
    if (session !== undefined && !app.sessionInterface.isNullSession(session)) {
      await app.sessionInterface.saveSession(app, session, response);
    }
    return response;
  }

  /** Flask's `do_teardown_request`: `callOnTeardown` callbacks, `teardownRequest` hooks, `requestTearingDown`. */
  async #teardownRequest(frame: RequestFrame, request: Request, error: unknown): Promise<void> {
    const app = this.#app;
    // This request's own callbacks first, last added first, as the hooks below.
    const own = frame.requestTeardowns ?? [];
    frame.requestTeardowns = undefined;
    for (let i = own.length - 1; i >= 0; i--) {
      try {
        await (own[i] as (e: unknown) => unknown)(error);
      } catch (teardownError) {
        app.logger.exception('A callOnTeardown callback failed', teardownError);
      }
    }
    for (const scope of [...blueprintsOf(request.endpoint), null]) {
      const funcs = app.teardownRequestFuncs.get(scope);
      if (!funcs) continue;
      for (let i = funcs.length - 1; i >= 0; i--) {
        try {
          await (funcs[i] as (e: unknown) => unknown)(error);
        } catch (teardownError) {
          app.logger.exception('A teardownRequest hook failed', teardownError);
        }
      }
    }
    await this.#sendQuietly(requestTearingDown, error);
  }

  /** Sends a teardown-time signal; a failing receiver is logged like a failing teardown hook. */
  async #sendQuietly<A extends unknown[]>(signal: Signal<A, CurrentApp>, ...args: A): Promise<void> {
    if (!signal.hasReceivers) return;
    try {
      await signal.send(this.#app as CurrentApp, ...args);
    } catch (error) {
      this.#app.logger.exception(`A receiver of the ${signal.name} signal failed`, error);
    }
  }

  /** See `Flagon.testRequestContext`. */
  testRequestContext(
    path: string,
    options: {
      method?: string;
      headers?: Record<string, string>;
      body?: string | Uint8Array;
      scheme?: string;
    },
  ): { run<T>(fn: () => T): T; readonly request: Request } {
    const body = options.body === undefined ? null : Readable.from([Buffer.from(options.body)]);
    const request = this.#app.createRequest({
      method: options.method ?? 'GET',
      target: path,
      headers: new Headers({ Host: 'localhost', ...options.headers }),
      body,
      remoteAddr: '127.0.0.1',
      scheme: options.scheme ?? 'http',
    });
    const frame = new RequestFrame(this.#app, request);
    contextStorage.run(frame, () => this.#matchRequest(frame, request));
    return { request, run: (fn) => contextStorage.run(frame, fn) };
  }
}

// A module function rather than a closure, so `runInFrame` needs no new function per request.
function respondInContext(cycle: RequestCycle, frame: RequestFrame): Response | Promise<Response> {
  return cycle.fullDispatchRequest(frame);
}

function isSessionAsync(app: CoreApp): boolean {
  return (app.sessionInterface as { isAsync?: boolean }).isAsync === true;
}
