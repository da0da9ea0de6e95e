import type { Session } from '../sessions/session.ts';
import type { Request } from '../wrappers/request.ts';
import { ContextError } from './errors.ts';
import type { G } from './globals.ts';
import { type ContextFrame, type CurrentApp, currentFrame } from './storage.ts';

const OUTSIDE_REQUEST =
  'Working outside of request context. This means you used `request` or `session` where no request is being ' +
  'handled. Use it inside a view or hook, or make a context for it with `app.testRequestContext(...)`.';
const OUTSIDE_APP =
  'Working outside of application context. This means you used `currentApp` or `g` outside a request. ' +
  'Wrap the code in `app.appContext().run(() => ...)` (or use it inside a view, hook or CLI command).';

function requestFrame(name: string): ContextFrame & { request: Request } {
  const frame = currentFrame();
  if (frame?.request === undefined) throw new ContextError(`${OUTSIDE_REQUEST} (accessed: ${name})`);
  return frame as ContextFrame & { request: Request };
}

function appFrame(name: string): ContextFrame {
  const frame = currentFrame();
  if (frame === undefined) throw new ContextError(`${OUTSIDE_APP} (accessed: ${name})`);
  return frame;
}

/**
 * A stand-in object that forwards every operation to the value current in this async context, the way
 * Werkzeug's LocalProxy does. Methods are bound to the real object so `#private` fields work.
 */
function localProxy<T extends object>(resolve: () => T): T {
  return new Proxy(Object.create(null) as T, {
    get(_target, property) {
      const target = resolve();
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
    set(_target, property, value) {
      return Reflect.set(resolve(), property, value);
    },
    has(_target, property) {
      return Reflect.has(resolve(), property);
    },
    deleteProperty(_target, property) {
      return Reflect.deleteProperty(resolve(), property);
    },
    ownKeys() {
      return Reflect.ownKeys(resolve());
    },
    getOwnPropertyDescriptor(_target, property) {
      const descriptor = Reflect.getOwnPropertyDescriptor(resolve(), property);
      // A proxy may only report configurable descriptors for properties its own target lacks.
      if (descriptor) descriptor.configurable = true;
      return descriptor;
    },
    getPrototypeOf() {
      return Reflect.getPrototypeOf(resolve());
    },
  });
}

/**
 * The request being handled in this async context.
 *
 * @throws ContextError outside a request.
 */
export const request: Request = localProxy(() => requestFrame('request').request);

/**
 * The session of the request being handled.
 *
 * @throws ContextError outside a request.
 */
export const session: Session = localProxy(() => {
  const frame = requestFrame('session');
  return frame.getSession?.() as Session;
});

/**
 * Data for the length of the application context: `g.user = await loadUser()`.
 *
 * @throws ContextError outside an application context.
 */
export const g: G = localProxy(() => appFrame('g').g);

/**
 * The application handling the current request or application context.
 *
 * @throws ContextError outside an application context.
 */
export const currentApp: CurrentApp = localProxy(() => appFrame('currentApp').app as CurrentApp);

/** True inside a request context (a view, a hook, or `app.testRequestContext`). */
export function hasRequestContext(): boolean {
  return currentFrame()?.request !== undefined;
}

/** True inside an application context (which every request context also is). */
export function hasAppContext(): boolean {
  return currentFrame() !== undefined;
}
