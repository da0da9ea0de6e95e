import { AppCtxGlobals, type G } from '../context/globals.ts';
import type { ContextFrame, CoreApp } from '../context/storage.ts';
import type { Session } from '../sessions/session.ts';
import type { Request } from '../wrappers/request.ts';

/**
 * What a request makes available to the context locals. `g`, the scratch map and the session are made on
 * first use: most requests never touch them, and each object made is garbage to collect.
 */
export class RequestFrame implements ContextFrame {
  readonly app: CoreApp;
  readonly request: Request;
  /** The session once opened (by the first `session` access, or before dispatch for async interfaces). */
  openedSession: Session | undefined;
  requestTeardowns: Array<(error: unknown) => unknown> | undefined;
  /** For an OPTIONS request, the methods its path allows, found when the URL was matched. */
  allowedMethods: string[] | undefined;
  #g: G | undefined;
  #scratch: Map<symbol, unknown> | undefined;

  constructor(app: CoreApp, request: Request) {
    this.app = app;
    this.request = request;
  }

  get g(): G {
    this.#g ??= new AppCtxGlobals() as G;
    return this.#g;
  }

  get scratch(): Map<symbol, unknown> {
    this.#scratch ??= new Map();
    return this.#scratch;
  }

  getSession(): Session {
    if (this.openedSession === undefined) {
      const { app, request } = this;
      const iface = app.sessionInterface;
      const opened = iface.openSession(app, request) as Session | null | Promise<Session | null>;
      if (opened instanceof Promise) {
        throw new TypeError(
          `${iface.constructor.name}.openSession returned a promise. Set \`isAsync = true\` on the interface ` +
            'so Flagon opens the session before the view runs.',
        );
      }
      this.openedSession = opened ?? iface.makeNullSession(app);
      request.session = this.openedSession;
    }
    return this.openedSession;
  }
}
