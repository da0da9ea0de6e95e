import { existsSync } from 'node:fs';
import { basename, dirname, extname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppCtxGlobals, type G } from '../context/globals.ts';
import { type ContextFrame, contextStorage } from '../context/storage.ts';
import { registerStaticRoute } from '../helpers/send-file.ts';
import { UrlMap } from '../routing/map.ts';
import type { ConverterClass } from '../routing/map-settings.ts';
import type { RouteParams } from '../routing/params.ts';
import { Rule, type RuleOptions } from '../routing/rule.ts';
import { SecureCookieSessionInterface } from '../sessions/secure-cookie-session-interface.ts';
import type { SessionInterface } from '../sessions/session-interface.ts';
import {
  checkJinjaOptions,
  type JinjaOptions,
  jinjaOptionsInUse,
  refuseLateChange,
} from '../templating/jinja-options.ts';
import { Request, type RequestInit, type RequestLimits } from '../wrappers/request.ts';
import type { Response } from '../wrappers/response.ts';
import { AppGroup } from './app-group.ts';
import {
  type Blueprint,
  type BlueprintRegisterOptions,
  registerBlueprint,
  type TemplateHelper,
} from './blueprint.ts';
import { type AppConfig, Config, type ConfigValues } from './config.ts';
import { SetupError } from './errors.ts';
import { JsonProvider } from './json-provider.ts';
import { Logger } from './logging.ts';
import { makeResponseFrom } from './make-response.ts';
import { RequestCycle } from './request-cycle.ts';
import { type Route, type RouteOptions, Scaffold } from './scaffold.ts';
import type { ShellContextProcessor, View } from './types.ts';

declare module '../context/storage.ts' {
  interface AppTypes {
    readonly core: App;
  }
}

/** Options for `new Flagon(importMetaUrl, options)`. */
export interface FlagonOptions {
  /** The folder the app's files are relative to. Default: the folder of the module URL passed first. */
  rootPath?: string;
  /** Static files folder, relative to the root path; null for none. Default `'static'`. */
  staticFolder?: string | null;
  /** URL prefix of static files. Default `'/static'`. */
  staticUrlPath?: string;
  /** Templates folder, relative to the root path. Default `'templates'`. */
  templateFolder?: string | null;
  /** The instance folder (config and data kept out of version control). Default `<root>/instance`. */
  instancePath?: string;
  /** Resolve `config.fromFile` paths against the instance folder. */
  instanceRelativeConfig?: boolean;
  /** Match rules on the full host rather than the path only. */
  hostMatching?: boolean;
  /**
   * The host static files are served from (`'static.example.com'`), Flask's `static_host`. Required with
   * `hostMatching` when there is a static folder, and only then: every rule has a host under host matching.
   */
  staticHost?: string;
  /** Match `subdomain` options of rules against SERVER_NAME. */
  subdomainMatching?: boolean;
  /** Initial config keys. */
  config?: Partial<ConfigValues> & Record<string, unknown>;
}

function nameAndRoot(importName: string): { name: string; root: string } {
  if (importName.startsWith('file:')) {
    const file = fileURLToPath(importName);
    return { name: basename(file, extname(file)), root: dirname(file) };
  }
  if (isAbsolute(importName) && existsSync(importName)) {
    return { name: basename(importName, extname(importName)), root: dirname(importName) };
  }
  return { name: importName, root: process.cwd() };
}

/**
 * The core application: config, the URL map, views, hooks, error handling and the request pipeline that ties
 * them together, with no server, CLI, test client or bridge. `Flagon` (what users make) adds those on top.
 * Extensions and the outer layers (adapters, server, CLI, testing) take an `App`, so they work with any
 * subclass.
 */
export class App extends Scaffold {
  /** The folder the app's files (templates, static, instance) are relative to. */
  readonly rootPath: string;
  readonly instancePath: string;
  readonly staticFolder: string | null;
  readonly staticUrlPath: string;
  readonly templateFolder: string | null;
  readonly config: AppConfig;
  readonly urlMap: UrlMap;
  readonly logger: Logger;
  /** Per-extension state, keyed by the extension's name (Flask's `app.extensions`). */
  readonly extensions: Map<string, unknown> = new Map();
  /** Registered blueprints by name, in registration order. */
  readonly blueprints: Map<string, unknown> = new Map();
  /** Template filters added with `templateFilter` (and blueprints' `appTemplateFilter`). */
  readonly templateFilters: Map<string, TemplateHelper> = new Map();
  /** Template tests added with `templateTest`. */
  readonly templateTests: Map<string, TemplateHelper> = new Map();
  /** Template globals added with `templateGlobal`. */
  readonly templateGlobals: Map<string, TemplateHelper> = new Map();
  /** How `jsonify` and JSON returns are serialized. */
  json: JsonProvider = new JsonProvider();
  /** Where sessions are loaded and saved; signed cookies by default. */
  sessionInterface: SessionInterface = new SecureCookieSessionInterface();
  /** Called by `urlFor` when a URL cannot be built; may return a URL instead of letting the error through. */
  readonly urlBuildErrorHandlers: Array<
    (error: Error, endpoint: string, values: Record<string, unknown>) => string | undefined
  > = [];
  readonly subdomainMatching: boolean;
  /** The host of the static route under host matching; null without host matching. */
  readonly staticHost: string | null;
  /** Rules whose OPTIONS requests Flagon answers itself (the user did not list OPTIONS). */
  readonly automaticOptionsRules: WeakSet<object> = new WeakSet();
  /** Functions whose names `flagon shell` puts in scope (Flask's `shell_context_processors`). */
  readonly shellContextProcessors: ShellContextProcessor[] = [];
  readonly #cycle: RequestCycle;
  #cli: AppGroup | undefined;
  #gotFirstRequest = false;
  #limits: RequestLimits | undefined;
  #jinjaOptions: JinjaOptions = {};

  constructor(importName: string, options: FlagonOptions = {}) {
    const { name, root } = nameAndRoot(importName);
    super(name);
    this.rootPath = options.rootPath ? resolve(options.rootPath) : root;
    this.instancePath = options.instancePath ?? join(this.rootPath, 'instance');
    const staticFolder = options.staticFolder === undefined ? 'static' : options.staticFolder;
    this.staticFolder = staticFolder === null ? null : resolve(this.rootPath, staticFolder);
    this.staticUrlPath = (options.staticUrlPath ?? '/static').replace(/\/$/, '');
    const templateFolder = options.templateFolder === undefined ? 'templates' : options.templateFolder;
    this.templateFolder = templateFolder === null ? null : resolve(this.rootPath, templateFolder);
    this.subdomainMatching = options.subdomainMatching ?? false;
    const hostMatching = options.hostMatching ?? false;
    this.staticHost = options.staticHost || null;
    if (this.staticFolder !== null && (this.staticHost !== null) !== hostMatching) {
      throw new SetupError(
        hostMatching
          ? 'With hostMatching, the static route needs a host: pass staticHost (the host static files are served ' +
              "from, e.g. 'static.example.com'), or staticFolder: null for no static files."
          : 'staticHost is only used with hostMatching: pass hostMatching: true, or leave staticHost out.',
      );
    }
    const configRoot = options.instanceRelativeConfig ? this.instancePath : this.rootPath;
    this.config = new Config(configRoot, options.config) as AppConfig;
    this.urlMap = new UrlMap({ hostMatching });
    this.logger = new Logger(name, () => this.debug);
    this.#cycle = new RequestCycle(this, {
      preprocessRequest: (request) => this.preprocessRequest(request),
      dispatchRequest: (request) => this.dispatchRequest(request),
      handleUserException: (request, error) => this.handleUserException(request, error),
      handleException: (request, error) => this.handleException(request, error),
      finalizeRequest: (request, rv, fromErrorHandler) => this.finalizeRequest(request, rv, fromErrorHandler),
      processResponse: (request, response) => this.processResponse(request, response),
      overridden: overriddenSteps(this),
    });
    registerStaticRoute(this);
  }

  /**
   * Registers a blueprint: its routes under its URL prefix, its hooks, error handlers and folders.
   *
   * @example
   * app.registerBlueprint(admin, { urlPrefix: '/admin' });
   * @throws SetupError when the name is already registered or the app has served a request.
   */
  registerBlueprint(blueprint: Blueprint, options: BlueprintRegisterOptions = {}): void {
    registerBlueprint(this, blueprint, options);
  }

  /**
   * Custom commands for the `flagon` CLI (Flask's `app.cli`): `app.cli.command('seed', {}, seed)`. Only a
   * registry here; the `flagon` command reads it.
   */
  get cli(): AppGroup {
    this.#cli ??= new AppGroup(this.name);
    return this.#cli;
  }

  /** Debug mode (`config.DEBUG`): detailed errors, template reloading, verbose logging. */
  get debug(): boolean {
    return this.config.DEBUG === true;
  }

  set debug(value: boolean) {
    this.config.DEBUG = value;
  }

  /** Testing mode (`config.TESTING`): exceptions propagate to the test instead of becoming 500 pages. */
  get testing(): boolean {
    return this.config.TESTING === true;
  }

  set testing(value: boolean) {
    this.config.TESTING = value;
  }

  /**
   * Options for the template environment (Flask's `app.jinja_options`): any `Environment` option of
   * `@flagon/templates`, merged over Flagon's defaults when the environment is made, on the first render. An
   * option given wins over the default (`autoescape`, `autoReload`, even `loader`); `extensions` add to those
   * Flagon enables (Babel's `i18n`). Set or fill it right after creating the app.
   *
   * Differs from Flask: once the environment exists, the options are read-only, and assigning or changing
   * them throws a SetupError (Flask silently ignores the change).
   *
   * @example
   * app.jinjaOptions = { trustedClasses: [URL, URLSearchParams], extensions: ['loopcontrols'] };
   * @throws SetupError when assigned something other than an object of known options, or once the environment
   * exists.
   */
  get jinjaOptions(): JinjaOptions {
    return jinjaOptionsInUse(this) ?? this.#jinjaOptions;
  }

  set jinjaOptions(value: JinjaOptions) {
    if (jinjaOptionsInUse(this) !== undefined) refuseLateChange();
    this.#jinjaOptions = checkJinjaOptions(value);
  }

  /** True once the app has handled a request; setup methods refuse to run after that. */
  get gotFirstRequest(): boolean {
    return this.#gotFirstRequest;
  }

  protected override checkSetupFinished(method: string): void {
    if (this.#gotFirstRequest) {
      throw new SetupError(
        `The setup method '${method}' can no longer be called on the application. It has already handled its ` +
          'first request, and changes would not be applied consistently. Make sure all imports, decorators, ' +
          'functions, etc. needed to set up the application are done before running it.',
      );
    }
  }

  /** Registers a custom URL converter: `app.addConverter('list', ListConverter)` then `/<list:ids>`. */
  addConverter(name: string, converter: ConverterClass): void {
    this.checkSetupFinished('addConverter');
    this.urlMap.converters.set(name, converter);
  }

  /**
   * Adds a rule (Flask's `add_url_rule`). The endpoint defaults to the view's name; an anonymous view gets the
   * rule itself (`'/items'`), or `'POST /items'` when the rule has no GET.
   *
   * @throws SetupError when the endpoint is already taken by a different view, or the rule is malformed.
   */
  override addUrlRule<R extends string>(
    rule: R,
    options: RouteOptions = {},
    view?: View<RouteParams<R>>,
  ): Route<RouteParams<R>> {
    this.checkSetupFinished('addUrlRule');
    // Class-based views (`MethodView.asView`) carry their methods, as Flask reads `view_func.methods`.
    const fromView = view as { methods?: readonly string[]; provideAutomaticOptions?: boolean } | undefined;
    const methods = (options.methods ?? fromView?.methods ?? ['GET']).map((m) => m.toUpperCase());
    const endpoint = options.endpoint ?? endpointFromView(view, rule, methods);
    if (view !== undefined) {
      const existing = this.viewFunctions.get(endpoint);
      if (existing !== undefined && existing !== view) {
        throw new SetupError(
          `View function mapping is overwriting an existing endpoint function: ${JSON.stringify(endpoint)}. ` +
            'Give the view a different name, or pass a unique "endpoint" option.',
        );
      }
      this.viewFunctions.set(endpoint, view as View<never>);
    }
    const allMethods = new Set(methods);
    const automaticOptions =
      options.provideAutomaticOptions ?? fromView?.provideAutomaticOptions ?? !allMethods.has('OPTIONS');
    if (automaticOptions) allMethods.add('OPTIONS');
    const ruleOptions: RuleOptions = {
      endpoint,
      methods: allMethods,
      defaults: options.defaults,
      strictSlashes: options.strictSlashes,
      mergeSlashes: options.mergeSlashes,
      redirectTo: options.redirectTo,
      subdomain: options.subdomain,
      host: options.host,
      buildOnly: options.buildOnly,
    };
    try {
      const compiled = new Rule(rule, ruleOptions);
      this.urlMap.add(compiled);
      if (automaticOptions) this.automaticOptionsRules.add(compiled);
    } catch (error) {
      throw new SetupError(`Cannot add the rule ${JSON.stringify(rule)}: ${(error as Error).message}`, {
        cause: error,
      });
    }
    return { rule, endpoint, methods: [...allMethods] };
  }

  /**
   * Handles one request and returns the response: matching, hooks, the view, error handling, the session.
   * Every server bridge (node:http, fetch, the test client) ends up here.
   */
  handleRequest(request: Request): Promise<Response> {
    this.#gotFirstRequest = true;
    return this.#cycle.run(request);
  }

  /**
   * `handleRequest` without the promise when none is needed: the response itself when no hook, signal or view
   * on the way was asynchronous. For server bridges, which then write the response without a microtask.
   */
  respond(request: Request): Response | Promise<Response> {
    this.#gotFirstRequest = true;
    return this.#cycle.respond(request);
  }

  /**
   * Flask's `preprocess_request`: URL value preprocessors, then the `beforeRequest` hooks (the blueprint's
   * after the app's) until one returns a value, which then answers instead of the view. An override point:
   * a subclass may extend it (call `super.preprocessRequest`). May return a value or a promise.
   */
  protected preprocessRequest(request: Request): unknown {
    return this.#cycle.preprocessRequest(request);
  }

  /**
   * Flask's `dispatch_request`: raises the routing error (404, 405, a redirect), answers an automatic OPTIONS,
   * or calls the view with the URL params and returns what it returns (a value or a promise). An override point.
   */
  protected dispatchRequest(request: Request): unknown {
    return this.#cycle.dispatchRequest(request);
  }

  /**
   * Flask's `handle_user_exception`: an error raised by a hook or the view goes to its registered handler (by
   * status code, then class); HTTP errors without one become their own response. Rethrows what no handler takes.
   */
  protected handleUserException(request: Request, error: unknown): unknown {
    return this.#cycle.handleUserException(request, error);
  }

  /**
   * Flask's `handle_exception`: an error nothing handled is sent to `gotRequestException`, logged, and answered
   * with a 500 (through a 500 handler if there is one); with PROPAGATE_EXCEPTIONS (testing, debug) it is rethrown.
   */
  protected handleException(request: Request, error: unknown): Response | Promise<Response> {
    return this.#cycle.handleException(request, error);
  }

  /**
   * Flask's `finalize_request`: `makeResponse`, then `processResponse`, then the request-finished signal.
   * `fromErrorHandler` is true when `rv` is an error handler's answer: a failure after it is then logged.
   */
  protected finalizeRequest(
    request: Request,
    rv: unknown,
    fromErrorHandler: boolean,
  ): Response | Promise<Response> {
    return this.#cycle.finalizeRequest(request, rv, fromErrorHandler);
  }

  /** Flask's `process_response`: the `afterRequest` hooks (last added first), then the session is saved. */
  protected processResponse(request: Request, response: Response): Response | Promise<Response> {
    return this.#cycle.processResponse(request, response);
  }

  /**
   * Adds a template filter, named `name` or after the function: `app.templateFilter(function reverse(s) {...})`
   * then `{{ title|reverse }}`.
   */
  templateFilter<F extends TemplateHelper>(fn: F, name?: string): F {
    this.checkSetupFinished('templateFilter');
    this.templateFilters.set(helperName(fn, name, 'templateFilter'), fn);
    return fn;
  }

  /** Adds a template test: `{% if n is prime %}`. */
  templateTest<F extends TemplateHelper>(fn: F, name?: string): F {
    this.checkSetupFinished('templateTest');
    this.templateTests.set(helperName(fn, name, 'templateTest'), fn);
    return fn;
  }

  /** Adds a template global: a function or value every template can use. */
  templateGlobal<F extends TemplateHelper>(fn: F, name?: string): F {
    this.checkSetupFinished('templateGlobal');
    this.templateGlobals.set(helperName(fn, name, 'templateGlobal'), fn);
    return fn;
  }

  /** Puts the names `fn` returns in scope in `flagon shell` (Flask's `shell_context_processor`). */
  shellContextProcessor<F extends ShellContextProcessor>(fn: F): F {
    this.shellContextProcessors.push(fn);
    return fn;
  }

  /** Converts a view's return value to a Response (Flask's `make_response`). */
  makeResponse(rv: unknown): Response {
    return makeResponseFrom(rv, this.json, currentEndpoint);
  }

  /** The JSON provider's response for `value`: what `jsonify` uses. */
  jsonify(value: unknown, status?: number): Response {
    return this.json.response(value, { status });
  }

  /** A Request for this app from raw parts, with the config's body limits applied. */
  createRequest(init: Omit<RequestInit, 'limits'>): Request {
    // One limits object serves every request until the config changes.
    const config = this.config;
    let limits = this.#limits;
    if (
      limits === undefined ||
      limits.maxContentLength !== config.MAX_CONTENT_LENGTH ||
      limits.maxFormMemorySize !== config.MAX_FORM_MEMORY_SIZE ||
      limits.maxFormParts !== config.MAX_FORM_PARTS ||
      limits.maxJsonDepth !== config.MAX_JSON_DEPTH
    ) {
      limits = {
        maxContentLength: config.MAX_CONTENT_LENGTH,
        maxFormMemorySize: config.MAX_FORM_MEMORY_SIZE,
        maxFormParts: config.MAX_FORM_PARTS,
        maxJsonDepth: config.MAX_JSON_DEPTH,
      };
      this.#limits = limits;
    }
    return new Request(init, limits);
  }

  /**
   * An application context for work outside a request (scripts, CLI commands, tests): `currentApp` and `g`
   * work inside `run`.
   *
   * @example
   * await app.appContext().run(async () => { await initDb(); });
   */
  appContext(): { run<T>(fn: () => T): T; readonly g: G } {
    const frame: ContextFrame = { app: this, g: new AppCtxGlobals() as G, scratch: new Map() };
    return { g: frame.g, run: (fn) => contextStorage.run(frame, fn) };
  }

  /**
   * A request context for a fake request, so code that reads `request`, `session` or `g` can run in a test.
   *
   * @example
   * app.testRequestContext('/search?q=x').run(() => request.args.get('q')); // 'x'
   */
  testRequestContext(
    path = '/',
    options: {
      method?: string;
      headers?: Record<string, string>;
      body?: string | Uint8Array;
      scheme?: string;
    } = {},
  ): { run<T>(fn: () => T): T; readonly request: Request } {
    return this.#cycle.testRequestContext(path, options);
  }
}

function helperName(fn: Function, name: string | undefined, method: string): string {
  const resolved = name ?? fn.name;
  if (!resolved)
    throw new SetupError(
      `${method}() needs a name for an anonymous function: pass it as the second argument.`,
    );
  return resolved;
}

function endpointFromView(view: Function | undefined, rule: string, methods: readonly string[]): string {
  const name = view?.name;
  if (name && name !== 'anonymous' && !name.startsWith('bound ')) return name;
  return methods.includes('GET') ? rule : `${methods.join(',')} ${rule}`;
}

/** The endpoint of the current request, for error messages (looked up only when there is an error). */
function currentEndpoint(): string | null {
  return contextStorage.getStore()?.request?.endpoint ?? null;
}

/**
 * The pipeline steps a subclass replaced, read once per app from its prototype chain: the request cycle calls a
 * replaced step through the app, and a default one directly.
 */
function overriddenSteps(
  app: App,
): ReadonlySet<'preprocessRequest' | 'dispatchRequest' | 'finalizeRequest' | 'processResponse'> {
  const steps = ['preprocessRequest', 'dispatchRequest', 'finalizeRequest', 'processResponse'] as const;
  const own = App.prototype as unknown as Record<string, unknown>;
  const actual = app as unknown as Record<string, unknown>;
  return new Set(steps.filter((step) => actual[step] !== own[step]));
}
