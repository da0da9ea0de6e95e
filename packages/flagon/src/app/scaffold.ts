import { exceptionsByCode, HTTPException } from '../http/exceptions.ts';
import type { CheckedRule, RouteParams } from '../routing/params.ts';
import { SetupError } from './errors.ts';
import type {
  AfterRequestHook,
  BeforeRequestHook,
  ContextProcessor,
  ErrorHandler,
  TeardownHook,
  UrlDefaultsHook,
  UrlValuePreprocessor,
  View,
} from './types.ts';

/** Options of `route`/`addUrlRule`, as Flask's `add_url_rule` takes them. */
export interface RouteOptions {
  /** The name `urlFor` uses. Defaults to the view function's name. */
  endpoint?: string;
  /** Allowed methods; default `['GET']` (HEAD and OPTIONS are added automatically). */
  methods?: readonly string[];
  defaults?: Record<string, unknown>;
  strictSlashes?: boolean;
  mergeSlashes?: boolean;
  redirectTo?: string | ((params: Record<string, unknown>) => string);
  subdomain?: string;
  host?: string;
  buildOnly?: boolean;
  /** Answer OPTIONS automatically (default true). */
  provideAutomaticOptions?: boolean;
}

/** A registered route, returned by `route`/`get`/…; pass it to `urlFor` for a fully typed URL. */
export interface Route<P = Record<string, unknown>> {
  readonly rule: string;
  readonly endpoint: string;
  readonly methods: readonly string[];
  /** Phantom field carrying the params type; never set at run time. */
  readonly __params?: P;
}

/** An error handler key: a status code or an Error class. */
export type ErrorKey = number | (abstract new (...args: never[]) => unknown);

/** Hook lists keyed by blueprint name; `null` is the application itself (Flask's `*_funcs[None]`). */
export type HookMap<F> = Map<string | null, F[]>;

function pushHook<F>(map: HookMap<F>, scope: string | null, fn: F): void {
  const list = map.get(scope);
  if (list) list.push(fn);
  else map.set(scope, [fn]);
}

/**
 * What Flagon and Blueprint share (Flask's `Scaffold`): route registration, request hooks, error handlers,
 * URL processors, context processors. Hooks are stored per scope so a blueprint's land under its name.
 */
export abstract class Scaffold {
  readonly name: string;
  readonly beforeRequestFuncs: HookMap<BeforeRequestHook> = new Map();
  readonly afterRequestFuncs: HookMap<AfterRequestHook> = new Map();
  readonly teardownRequestFuncs: HookMap<TeardownHook> = new Map();
  readonly urlValuePreprocessors: HookMap<UrlValuePreprocessor> = new Map();
  readonly urlDefaultFunctions: HookMap<UrlDefaultsHook> = new Map();
  readonly templateContextProcessors: HookMap<ContextProcessor> = new Map();
  /** scope → code (or null for class-only handlers) → class → handler, as Flask's `error_handler_spec`. */
  readonly errorHandlerSpec: Map<string | null, Map<number | null, Map<Function, ErrorHandler>>> = new Map();
  /** endpoint → view */
  readonly viewFunctions: Map<string, View<never>> = new Map();

  constructor(name: string) {
    this.name = name;
  }

  /** Throws when setup is no longer allowed (the app has handled a request). */
  protected abstract checkSetupFinished(method: string): void;

  /** Registers the rule. Flagon adds it to its URL map; Blueprint records it for registration. */
  abstract addUrlRule<R extends string>(
    rule: R,
    options?: RouteOptions,
    view?: View<RouteParams<R>>,
  ): Route<RouteParams<R>>;

  /**
   * Registers a view for a rule. The view's params are typed from the rule string.
   *
   * @example
   * app.route('/user/<int:id>', { methods: ['GET', 'POST'] }, function user({ id }) { return `user ${id}`; });
   */
  route<R extends string>(rule: CheckedRule<R>, view: View<RouteParams<R>>): Route<RouteParams<R>>;
  route<R extends string>(
    rule: CheckedRule<R>,
    options: RouteOptions,
    view: View<RouteParams<R>>,
  ): Route<RouteParams<R>>;
  route<R extends string>(
    rule: R,
    optionsOrView: RouteOptions | View<RouteParams<R>>,
    maybeView?: View<RouteParams<R>>,
  ): Route<RouteParams<R>> {
    const [options, view] =
      typeof optionsOrView === 'function' ? [{}, optionsOrView] : [optionsOrView, maybeView];
    if (typeof view !== 'function') {
      throw new SetupError(`route(${JSON.stringify(rule)}) needs a view function as its last argument.`);
    }
    return this.addUrlRule(rule, options, view);
  }

  /** `route` with `methods: ['GET']`. */
  get<R extends string>(rule: CheckedRule<R>, view: View<RouteParams<R>>): Route<RouteParams<R>>;
  get<R extends string>(
    rule: CheckedRule<R>,
    options: Omit<RouteOptions, 'methods'>,
    view: View<RouteParams<R>>,
  ): Route<RouteParams<R>>;
  get<R extends string>(
    rule: R,
    a: Omit<RouteOptions, 'methods'> | View<RouteParams<R>>,
    b?: View<RouteParams<R>>,
  ) {
    return this.#methodRoute('GET', rule, a, b);
  }

  /** `route` with `methods: ['POST']`. */
  post<R extends string>(rule: CheckedRule<R>, view: View<RouteParams<R>>): Route<RouteParams<R>>;
  post<R extends string>(
    rule: CheckedRule<R>,
    options: Omit<RouteOptions, 'methods'>,
    view: View<RouteParams<R>>,
  ): Route<RouteParams<R>>;
  post<R extends string>(
    rule: R,
    a: Omit<RouteOptions, 'methods'> | View<RouteParams<R>>,
    b?: View<RouteParams<R>>,
  ) {
    return this.#methodRoute('POST', rule, a, b);
  }

  /** `route` with `methods: ['PUT']`. */
  put<R extends string>(rule: CheckedRule<R>, view: View<RouteParams<R>>): Route<RouteParams<R>>;
  put<R extends string>(
    rule: CheckedRule<R>,
    options: Omit<RouteOptions, 'methods'>,
    view: View<RouteParams<R>>,
  ): Route<RouteParams<R>>;
  put<R extends string>(
    rule: R,
    a: Omit<RouteOptions, 'methods'> | View<RouteParams<R>>,
    b?: View<RouteParams<R>>,
  ) {
    return this.#methodRoute('PUT', rule, a, b);
  }

  /** `route` with `methods: ['PATCH']`. */
  patch<R extends string>(rule: CheckedRule<R>, view: View<RouteParams<R>>): Route<RouteParams<R>>;
  patch<R extends string>(
    rule: CheckedRule<R>,
    options: Omit<RouteOptions, 'methods'>,
    view: View<RouteParams<R>>,
  ): Route<RouteParams<R>>;
  patch<R extends string>(
    rule: R,
    a: Omit<RouteOptions, 'methods'> | View<RouteParams<R>>,
    b?: View<RouteParams<R>>,
  ) {
    return this.#methodRoute('PATCH', rule, a, b);
  }

  /** `route` with `methods: ['DELETE']`. */
  delete<R extends string>(rule: CheckedRule<R>, view: View<RouteParams<R>>): Route<RouteParams<R>>;
  delete<R extends string>(
    rule: CheckedRule<R>,
    options: Omit<RouteOptions, 'methods'>,
    view: View<RouteParams<R>>,
  ): Route<RouteParams<R>>;
  delete<R extends string>(
    rule: R,
    a: Omit<RouteOptions, 'methods'> | View<RouteParams<R>>,
    b?: View<RouteParams<R>>,
  ) {
    return this.#methodRoute('DELETE', rule, a, b);
  }

  #methodRoute<R extends string>(
    method: string,
    rule: R,
    a: Omit<RouteOptions, 'methods'> | View<RouteParams<R>>,
    b?: View<RouteParams<R>>,
  ): Route<RouteParams<R>> {
    const [options, view] = typeof a === 'function' ? [{}, a] : [a, b];
    if ('methods' in options) {
      throw new SetupError(
        `${method.toLowerCase()}() sets the method itself; use route() to pass "methods".`,
      );
    }
    if (typeof view !== 'function') {
      throw new SetupError(
        `${method.toLowerCase()}(${JSON.stringify(rule)}) needs a view function as its last argument.`,
      );
    }
    return this.addUrlRule(rule, { ...options, methods: [method] }, view);
  }

  /** Runs before each request (of this scope). Returning a value stops the request with that response. */
  beforeRequest<F extends BeforeRequestHook>(fn: F): F {
    this.checkSetupFinished('beforeRequest');
    pushHook(this.beforeRequestFuncs, null, fn);
    return fn;
  }

  /** Runs after each request with the response; must return it (or a replacement). */
  afterRequest<F extends AfterRequestHook>(fn: F): F {
    this.checkSetupFinished('afterRequest');
    pushHook(this.afterRequestFuncs, null, fn);
    return fn;
  }

  /** Runs at the end of every request, even after an error (which it receives). Errors it throws are logged. */
  teardownRequest<F extends TeardownHook>(fn: F): F {
    this.checkSetupFinished('teardownRequest');
    pushHook(this.teardownRequestFuncs, null, fn);
    return fn;
  }

  /** Edits the matched URL params before views and `beforeRequest` hooks run. */
  urlValuePreprocessor<F extends UrlValuePreprocessor>(fn: F): F {
    this.checkSetupFinished('urlValuePreprocessor');
    pushHook(this.urlValuePreprocessors, null, fn);
    return fn;
  }

  /** Fills in values for `urlFor` (e.g. the current language code). */
  urlDefaults<F extends UrlDefaultsHook>(fn: F): F {
    this.checkSetupFinished('urlDefaults');
    pushHook(this.urlDefaultFunctions, null, fn);
    return fn;
  }

  /** Adds variables to every template rendered in this scope. */
  contextProcessor<F extends ContextProcessor>(fn: F): F {
    this.checkSetupFinished('contextProcessor');
    pushHook(this.templateContextProcessors, null, fn);
    return fn;
  }

  /**
   * Handles an error by status code (`404`) or class (`ValidationError`); the closest class wins.
   *
   * @throws SetupError for a status code that is not an HTTP error code Flagon knows.
   */
  errorHandler<E extends Error = Error>(key: ErrorKey, handler: ErrorHandler<E>): ErrorHandler<E> {
    this.checkSetupFinished('errorHandler');
    const [code, cls] = resolveErrorKey(key);
    const byCode = this.errorHandlerSpec.get(null) ?? new Map<number | null, Map<Function, ErrorHandler>>();
    this.errorHandlerSpec.set(null, byCode);
    const byClass = byCode.get(code) ?? new Map<Function, ErrorHandler>();
    byCode.set(code, byClass);
    byClass.set(cls, handler as ErrorHandler);
    return handler;
  }
}

/** Turns an error-handler key into Flask's `(code, class)` pair. */
export function resolveErrorKey(key: ErrorKey): [number | null, Function] {
  if (typeof key === 'number') {
    const cls = exceptionsByCode.get(key);
    if (cls === undefined) {
      throw new SetupError(
        `errorHandler(${key}): ${key} is not an HTTP error code Flagon knows. Use a 4xx/5xx code such as 404, or an Error class.`,
      );
    }
    return [key, cls];
  }
  if (typeof key !== 'function') {
    throw new SetupError('errorHandler() takes a status code or an Error class as its first argument.');
  }
  if (key === HTTPException || !(key.prototype instanceof HTTPException)) return [null, key];
  return [(key as unknown as typeof HTTPException).code ?? null, key];
}
