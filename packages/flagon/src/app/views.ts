/** Class-based views, as Flask's `flask.views`: `View` and `MethodView`, turned into view functions by `asView`. */
import { MethodNotAllowed } from '../http/exceptions.ts';
import type { Request } from '../wrappers/request.ts';
import { SetupError } from './errors.ts';
import type { ResponseValue, View as ViewFunction } from './types.ts';

/** What a class-based view's handlers may return. */
export type ViewResult = ResponseValue | Promise<ResponseValue>;

/** A decorator for the view function `asView` makes: takes a view function, returns one. */
// `any` params: a decorator must accept views of every params type, and View<P> is contravariant in P.
// biome-ignore lint/suspicious/noExplicitAny: see above
export type ViewDecorator = (view: ViewFunction<any>) => ViewFunction<any>;

/**
 * The view function `asView` returns. `addUrlRule` reads `methods` and `provideAutomaticOptions` from it when
 * its options do not say, as Flask does.
 */
export interface ClassBasedView<P = Record<string, unknown>> extends ViewFunction<P> {
  /** The class the view was made from. */
  readonly viewClass: ViewClass<P>;
  /** The methods of the class (`static methods`), or undefined for the default `['GET']`. */
  readonly methods: readonly string[] | undefined;
  /** The class's `static provideAutomaticOptions`, or undefined for the default. */
  readonly provideAutomaticOptions: boolean | undefined;
}

/** The static side of a view class: what `asView` reads. */
export interface ViewClass<P = Record<string, unknown>, A extends unknown[] = never[]> {
  new (...args: A): View<P>;
  readonly name: string;
  readonly methods: readonly string[] | null;
  readonly provideAutomaticOptions: boolean | null;
  readonly decorators: readonly ViewDecorator[];
  readonly initEveryRequest: boolean;
}

/**
 * A class-based view. Subclass it, implement `dispatchRequest`, and register `MyView.asView('name')`.
 *
 * @example
 * class Hello extends View<{ name: string }> {
 *   static override initEveryRequest = false;
 *   dispatchRequest({ name }: { name: string }) { return `Hello, ${name}!`; }
 * }
 * app.addUrlRule('/hello/<name>', { endpoint: 'hello' }, Hello.asView('hello'));
 */
export abstract class View<P = Record<string, unknown>> {
  /** Methods the view accepts; null means the default (`['GET']`), or the route's own `methods`. */
  static methods: readonly string[] | null = null;
  /** Whether Flagon answers OPTIONS for the view; null means the default (yes, unless OPTIONS is listed). */
  static provideAutomaticOptions: boolean | null = null;
  /**
   * Decorators applied to the generated view function, first one innermost. Decorating the class itself does
   * not decorate the view function.
   */
  static decorators: readonly ViewDecorator[] = [];
  /**
   * Make a new instance for every request (default). Set false to build one instance in `asView` and reuse it,
   * which is faster but shares state between requests.
   */
  static initEveryRequest = true;

  /** Handles a request with the URL params; returns what a view function would. */
  abstract dispatchRequest(params: P, request: Request): ViewResult;

  /**
   * Turns the class into a view function named `name` (the endpoint `addUrlRule` will use when none is given).
   * `args` go to the constructor: per request, or once when `initEveryRequest` is false.
   *
   * @throws SetupError when `name` is empty.
   * @example
   * app.addUrlRule('/users/<int:id>', { endpoint: 'user' }, UserAPI.asView('user', db));
   */
  static asView<P, A extends unknown[]>(this: ViewClass<P, A>, name: string, ...args: A): ClassBasedView<P> {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the subclass asView is called on, as Flask's cls.
    return makeClassView(this, name, args);
  }
}

function makeClassView<P, A extends unknown[]>(
  cls: ViewClass<P, A>,
  name: string,
  args: A,
): ClassBasedView<P> {
  if (typeof name !== 'string' || name === '') {
    throw new SetupError(`${cls.name}.asView() needs a name for the view function, such as asView('users').`);
  }
  let view: ViewFunction<P>;
  if (cls.initEveryRequest) {
    view = (params, request) => new cls(...args).dispatchRequest(params, request);
  } else {
    const instance = new cls(...args);
    view = (params, request) => instance.dispatchRequest(params, request);
  }
  for (const decorate of cls.decorators) {
    setName(view, name);
    view = decorate(view);
    if (typeof view !== 'function') {
      throw new SetupError(
        `A decorator of ${cls.name} returned ${typeof view}; decorators must return a view function.`,
      );
    }
  }
  setName(view, name);
  Object.defineProperties(view, {
    viewClass: { value: cls, configurable: true },
    methods: { value: cls.methods ?? undefined, configurable: true, writable: true },
    provideAutomaticOptions: {
      value: cls.provideAutomaticOptions ?? undefined,
      configurable: true,
      writable: true,
    },
  });
  return view as ClassBasedView<P>;
}

function setName(fn: Function, name: string): void {
  Object.defineProperty(fn, 'name', { value: name, configurable: true });
}

/** The method handlers a MethodView may define, named after HTTP methods in lower case. */
const HTTP_METHOD_HANDLERS = ['get', 'post', 'head', 'options', 'delete', 'put', 'trace', 'patch'] as const;

type Handler<P> = (params: P, request: Request) => ViewResult;

/** The upper-cased methods whose handlers `prototype` has (own or inherited), sorted; null for none. */
function handlerMethods(prototype: object): string[] | null {
  const found = HTTP_METHOD_HANDLERS.filter(
    (name) => typeof (prototype as Record<string, unknown>)[name] === 'function',
  ).map((name) => name.toUpperCase());
  return found.length === 0 ? null : found.sort();
}

/**
 * A view that dispatches to the instance method named after the request method (`get`, `post`, …).
 * `methods` is the set of handlers the class defines, inherited ones included, unless the class sets
 * `static methods` itself. HEAD falls back to `get`.
 *
 * Differs from Flask: a request whose method the rule allows but the class does not handle gets 405 with an
 * Allow header, not an assertion error. A subclass of a class that sets `static methods` inherits that list
 * as it is (JavaScript has no `__init_subclass__` to recompute it); set `methods` again if the subclass adds
 * handlers.
 *
 * @example
 * class UserAPI extends MethodView<{ id: number }> {
 *   get({ id }: { id: number }) { return { id }; }
 *   delete({ id }: { id: number }) { return ['', 204]; }
 * }
 * app.addUrlRule('/users/<int:id>', { endpoint: 'user' }, UserAPI.asView('user'));
 */
export class MethodView<P = Record<string, unknown>> extends View<P> {
  /** Derived from the handlers the class defines (with inherited ones), as Flask's `__init_subclass__` does. */
  static override get methods(): readonly string[] | null {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the subclass whose handlers are listed.
    return handlerMethods(this.prototype);
  }

  /** Calls the handler for the request's method; HEAD uses `get` when there is no `head`. */
  dispatchRequest(params: P, request: Request): ViewResult {
    const self = this as unknown as Record<string, unknown>;
    const method = request.method.toLowerCase();
    let handler = (HTTP_METHOD_HANDLERS as readonly string[]).includes(method) ? self[method] : undefined;
    if (handler === undefined && method === 'head') handler = self.get;
    if (typeof handler !== 'function') {
      const allowed = handlerMethods(this) ?? [];
      if (allowed.includes('GET') && !allowed.includes('HEAD')) allowed.push('HEAD');
      throw new MethodNotAllowed(undefined, { validMethods: allowed });
    }
    return (handler as Handler<P>).call(this, params, request);
  }
}
