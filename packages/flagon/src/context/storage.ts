import { AsyncLocalStorage } from 'node:async_hooks';
import type { Flagon } from '../app/flagon.ts';
import type { Request } from '../wrappers/request.ts';
import type { G } from './globals.ts';

/** What a request (or a bare application context) makes available to the context locals. */
export interface ContextFrame {
  readonly app: Flagon;
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

/** The active frame, or undefined outside any context. */
export function currentFrame(): ContextFrame | undefined {
  return contextStorage.getStore();
}
