import { AsyncLocalStorage, AsyncResource } from 'node:async_hooks';
import type { Request } from '../wrappers/request.ts';
import type { G } from './globals.ts';

/**
 * The application classes, as the app layer registers them by declaration merging: `app/app.ts` adds
 * `core: App` and `app/flagon.ts` adds `app: Flagon`. This layer sits below the app and may not import it,
 * not even for a type, yet `currentApp` should be typed as the class the user made.
 */
export interface AppTypes {}

/** The core application class (`App`), for modules below or beside the app layer. */
export type CoreApp = AppTypes extends { readonly core: infer A } ? A : object;

/** The user-facing application class (`Flagon`): the type of `currentApp`. */
export type CurrentApp = AppTypes extends { readonly app: infer A } ? A : CoreApp;

/** What a request (or a bare application context) makes available to the context locals. */
export interface ContextFrame {
  readonly app: CoreApp;
  readonly g: G;
  /** Present inside a request context only. */
  readonly request?: Request;
  /** Opens the session on first use; present inside a request context only. */
  readonly getSession?: () => unknown;
  /** Per-request scratch space for helpers (flash cache, template state). */
  readonly scratch: Map<symbol, unknown>;
  /** Callbacks `callOnTeardown` added for this request only; undefined while there are none. */
  requestTeardowns?: Array<(error: unknown) => unknown>;
}

/**
 * One AsyncLocalStorage carries the active frame through `await`, timers and event emitters, so `request`
 * stays right in every concurrent request without passing it around.
 */
export const contextStorage = new AsyncLocalStorage<ContextFrame>();

/** The async scope of one request: what async_hooks users see as its resource (type `FLAGON_REQUEST`). */
class RequestScope extends AsyncResource {
  constructor() {
    super('FLAGON_REQUEST');
  }
}

function enterThenCall<T, F extends ContextFrame, R>(frame: F, fn: (self: T, frame: F) => R, self: T): R {
  contextStorage.enterWith(frame);
  return fn(self, frame);
}

/**
 * `fn(self, frame)` with `frame` as the active context, as `contextStorage.run` would, but leaving the caller's
 * context exactly as it was. Node 24's `run` restores the caller's stores with a new context frame, one per
 * request, which the timers and ticks Node creates next on the connection (the keep-alive timeout) keep until
 * the connection's next request: four times the objects surviving each young-generation GC, which grows the
 * young generation (bench/README.md). The scope sets the caller's own frame back instead, for a few hundred
 * instructions more per request. Promises and timers made inside `fn` still carry `frame`, as with `run`.
 */
export function runInFrame<T, F extends ContextFrame, R>(frame: F, fn: (self: T, frame: F) => R, self: T): R {
  return new RequestScope().runInAsyncScope(enterThenCall, null, frame, fn, self) as R;
}

/** The active frame, or undefined outside any context. */
export function currentFrame(): ContextFrame | undefined {
  return contextStorage.getStore();
}
