/** Blueprints (Flask 2.2's `flask.blueprints`): routes and hooks recorded now and registered on an app later. */
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CoreApp } from '../context/storage.ts';
import { sendFromDirectory } from '../helpers/send-file.ts';
import type { RouteParams } from '../routing/params.ts';
import type { Response } from '../wrappers/response.ts';
import { AppGroup } from './app-group.ts';
import { SetupError } from './errors.ts';
import {
  expectedMethods,
  joinUrlPrefix,
  localEndpoint,
  mergeBlueprintHooks,
  nestedSubdomain,
  nestedUrlPrefix,
} from './internal/blueprint-merge.ts';
import {
  type ErrorKey,
  type HookMap,
  type Route,
  type RouteOptions,
  resolveErrorKey,
  Scaffold,
} from './scaffold.ts';
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

/** Options of `new Blueprint(name, import.meta.url, options)`, as Flask's keyword arguments. */
export interface BlueprintOptions {
  /** Prepended to every rule of the blueprint (`'/admin'`). */
  urlPrefix?: string;
  /** Subdomain every rule of the blueprint matches on, unless a rule gives its own. */
  subdomain?: string;
  /** Static files folder, relative to the root path. Default: none (no static route). */
  staticFolder?: string | null;
  /** URL path of the static route, under the prefix. Default: `/` + the static folder's base name. */
  staticUrlPath?: string;
  /** Templates folder, relative to the root path, searched after the app's. Default: none. */
  templateFolder?: string | null;
  /** Default URL values every rule of the blueprint gets (Werkzeug rule `defaults`). */
  urlDefaults?: Record<string, unknown>;
  /** The folder the blueprint's files are relative to. Default: the folder of the module URL. */
  rootPath?: string;
  /** Name of the CLI group for the blueprint's commands; null to add them to the app's top level. */
  cliGroup?: string | null;
}

/** Options of `app.registerBlueprint(bp, options)` and `bp.registerBlueprint(child, options)`; they win over the blueprint's. */
export interface BlueprintRegisterOptions {
  urlPrefix?: string;
  subdomain?: string;
  urlDefaults?: Record<string, unknown>;
  /** Register under this name instead of the blueprint's, so one blueprint can be registered twice. */
  name?: string;
}

/**
 * One registration of a blueprint on an app (Flask's `BlueprintSetupState`): passed to every `record` callback. Its `addUrlRule`
 * adds a rule to the app with the blueprint's prefix, subdomain, defaults and dotted endpoint name.
 */
export class BlueprintSetupState {
  readonly app: CoreApp;
  readonly blueprint: Blueprint;
  readonly options: Readonly<BlueprintRegisterOptions>;
  /** False when this blueprint object was already registered on the app (under another name). */
  readonly firstRegistration: boolean;
  readonly subdomain: string | null;
  readonly urlPrefix: string | null;
  /** The name this registration uses, without the parents' names. */
  readonly name: string;
  /** The dotted name of the parent blueprint, or `''` at the top level. */
  readonly namePrefix: string;
  /** The blueprint's `urlDefaults` updated with the registration's. */
  readonly urlDefaults: Readonly<Record<string, unknown>>;

  constructor(
    blueprint: Blueprint,
    app: CoreApp,
    options: BlueprintRegisterOptions,
    firstRegistration: boolean,
    namePrefix = '',
  ) {
    this.app = app;
    this.blueprint = blueprint;
    this.options = options;
    this.firstRegistration = firstRegistration;
    this.subdomain = options.subdomain ?? blueprint.subdomain;
    this.urlPrefix = options.urlPrefix ?? blueprint.urlPrefix;
    this.name = options.name ?? blueprint.name;
    this.namePrefix = namePrefix;
    this.urlDefaults = { ...blueprint.urlValuesDefaults, ...options.urlDefaults };
  }

  /** The full dotted name of this registration (`parent.child`). */
  get fullName(): string {
    return this.namePrefix === '' ? this.name : `${this.namePrefix}.${this.name}`;
  }

  /** Adds a rule to the app: prefixed path, the blueprint's subdomain and defaults, endpoint `<fullName>.<endpoint>`. */
  addUrlRule(rule: string, options: RouteOptions = {}, view?: View<never>): Route {
    const methods = options.methods?.map((m) => m.toUpperCase()) ?? expectedMethods(undefined, view, false);
    const endpoint = localEndpoint(this.blueprint.name, rule, options.endpoint, view, methods);
    const defaults = { ...this.urlDefaults, ...options.defaults };
    const subdomain = options.subdomain ?? this.subdomain ?? undefined;
    return this.app.addUrlRule(
      joinUrlPrefix(this.urlPrefix, rule),
      {
        ...options,
        endpoint: `${this.fullName}.${endpoint}`,
        defaults: Object.keys(defaults).length > 0 ? defaults : options.defaults,
        subdomain,
      },
      view as View<RouteParams<string>> | undefined,
    );
  }
}

/** A function recorded with `record`, called with the setup state each time the blueprint is registered. */
export type DeferredSetupFunction = (state: BlueprintSetupState) => void;

/** A template filter, test or global function. */
export type TemplateHelper = (...args: never[]) => unknown;

function rootOf(importName: string): string {
  if (importName.startsWith('file:')) return dirname(fileURLToPath(importName));
  if (isAbsolute(importName) && existsSync(importName)) {
    return statSync(importName).isDirectory() ? importName : dirname(importName);
  }
  return process.cwd();
}

/**
 * A set of routes, hooks, error handlers, templates and static files that is registered on an app later,
 * possibly several times or nested in another blueprint. Endpoints get the blueprint's name in front
 * (`admin.users`), and hooks declared here only run for the blueprint's requests; the `app*` variants
 * (`beforeAppRequest`, `appErrorHandler`, …) apply to the whole app.
 *
 * Differs from Flask 2.2: setup methods called after the blueprint was registered throw a SetupError (Flask
 * 2.2 warns; Flask 2.3 raises), and nested blueprints join their subdomains as in Flask 2.3.
 *
 * @example
 * const admin = new Blueprint('admin', import.meta.url, { urlPrefix: '/admin' });
 * admin.get('/', function index() { return 'admin home'; }); // endpoint 'admin.index', URL '/admin/'
 * app.registerBlueprint(admin);
 * @throws SetupError when the name is empty or contains a dot.
 */
export class Blueprint extends Scaffold {
  readonly importName: string;
  readonly rootPath: string;
  readonly urlPrefix: string | null;
  readonly subdomain: string | null;
  /** Absolute path of the static folder, or null (no static route). */
  readonly staticFolder: string | null;
  /** URL path of the static route (without the prefix), or null without a static folder. */
  readonly staticUrlPath: string | null;
  /** Absolute path of the templates folder, or null. */
  readonly templateFolder: string | null;
  /** Default URL values of every rule (the `urlDefaults` option; Flask's `url_values_defaults`). */
  readonly urlValuesDefaults: Readonly<Record<string, unknown>>;
  /**
   * Where `flagon` lists the commands of `cli`: undefined, a group named after the blueprint; a string, a
   * group of that name; null, the app's top level.
   */
  readonly cliGroup: string | null | undefined;
  /** The blueprint's custom commands (Flask's `bp.cli`), e.g. `bp.cli.command('seed', {}, seed)`. */
  readonly cli: AppGroup;
  /** Filters this blueprint adds to the app's template environment (`appTemplateFilter`). */
  readonly templateFilters: Map<string, TemplateHelper> = new Map();
  /** Globals this blueprint adds to the app's template environment (`appTemplateGlobal`). */
  readonly templateGlobals: Map<string, TemplateHelper> = new Map();
  /** Tests this blueprint adds to the app's template environment (`appTemplateTest`). */
  readonly templateTests: Map<string, TemplateHelper> = new Map();
  readonly #deferred: DeferredSetupFunction[] = [];
  readonly #children: Array<[Blueprint, BlueprintRegisterOptions]> = [];
  #gotRegisteredOnce = false;

  constructor(name: string, importName: string, options: BlueprintOptions = {}) {
    if (typeof name !== 'string' || name === '' || name.includes('.')) {
      throw new SetupError(
        `Blueprint name ${JSON.stringify(name)} is empty or contains a dot '.'. Dots separate nested blueprint ` +
          "names in endpoints; pick a plain name such as 'admin'.",
      );
    }
    super(name);
    this.importName = importName;
    this.rootPath = options.rootPath ? resolve(options.rootPath) : rootOf(importName);
    this.urlPrefix = options.urlPrefix ?? null;
    this.subdomain = options.subdomain ?? null;
    this.staticFolder = options.staticFolder ? resolve(this.rootPath, options.staticFolder) : null;
    const staticUrlPath =
      options.staticUrlPath ?? (this.staticFolder ? `/${basename(this.staticFolder)}` : null);
    this.staticUrlPath = staticUrlPath === null ? null : staticUrlPath.replace(/\/+$/, '');
    this.templateFolder = options.templateFolder ? resolve(this.rootPath, options.templateFolder) : null;
    this.urlValuesDefaults = Object.freeze({ ...options.urlDefaults });
    this.cliGroup = options.cliGroup;
    this.cli = new AppGroup(name);
  }

  /** True when the blueprint serves static files (it has a `staticFolder`). */
  get hasStaticFolder(): boolean {
    return this.staticFolder !== null;
  }

  /** The functions recorded with `record` (and by `route`, the `app*` hooks, …), in order. */
  get deferredFunctions(): readonly DeferredSetupFunction[] {
    return this.#deferred;
  }

  protected override checkSetupFinished(method: string): void {
    if (this.#gotRegisteredOnce) {
      throw new SetupError(
        `The setup method '${method}' can no longer be called on the blueprint '${this.name}'. It has already ` +
          'been registered at least once, and changes would not be applied consistently. Make sure all imports, ' +
          'decorators, functions, etc. needed to set up the blueprint are done before registering it.',
      );
    }
  }

  /** Records a function to call with the setup state every time the blueprint is registered. */
  record(fn: DeferredSetupFunction): void {
    this.checkSetupFinished('record');
    this.#deferred.push(fn);
  }

  /** Like `record`, but only for the first registration of this blueprint on each app. */
  recordOnce(fn: DeferredSetupFunction): void {
    this.record((state) => {
      if (state.firstRegistration) fn(state);
    });
  }

  /**
   * Records a rule; it is added to the app, prefixed, when the blueprint is registered. The returned route
   * names the endpoint of the first registration (`<name>.<endpoint>` until then).
   *
   * @throws SetupError when the endpoint (or the view's name) contains a dot.
   */
  override addUrlRule<R extends string>(
    rule: R,
    options: RouteOptions = {},
    view?: View<RouteParams<R>>,
  ): Route<RouteParams<R>> {
    this.checkSetupFinished('addUrlRule');
    const methods = expectedMethods(options.methods, view, options.provideAutomaticOptions);
    const endpoint = localEndpoint(this.name, rule, options.endpoint, view, methods);
    let registered: Route | undefined;
    this.record((state) => {
      const route = state.addUrlRule(rule, { ...options, endpoint }, view as View<never> | undefined);
      registered ??= route;
    });
    const name = this.name;
    return {
      get rule() {
        return registered?.rule ?? rule;
      },
      get endpoint() {
        return registered?.endpoint ?? `${name}.${endpoint}`;
      },
      get methods() {
        return registered?.methods ?? methods;
      },
    };
  }

  /**
   * Registers `blueprint` inside this one: its endpoints become `<this>.<child>.<endpoint>`, its URL prefix
   * goes after this one's, and this blueprint's scoped hooks run for its requests too.
   *
   * @throws SetupError when registering a blueprint on itself.
   */
  registerBlueprint(blueprint: Blueprint, options: BlueprintRegisterOptions = {}): void {
    this.checkSetupFinished('registerBlueprint');
    if (blueprint === this) {
      throw new SetupError(`Cannot register the blueprint '${this.name}' on itself.`);
    }
    if (!(blueprint instanceof Blueprint)) {
      throw new SetupError(`registerBlueprint() takes a Blueprint, got ${describe(blueprint)}.`);
    }
    this.#children.push([blueprint, { ...options }]);
  }

  /** Serves a file from the static folder (the view of the `<name>.static` endpoint). */
  sendStaticFile(filename: string): Promise<Response> {
    if (this.staticFolder === null) {
      throw new SetupError(`Blueprint '${this.name}' has no staticFolder, so it cannot send static files.`);
    }
    return sendFromDirectory(this.staticFolder, filename);
  }

  // App-wide variants: recorded once per app, they apply to every request, not only this blueprint's.

  /** `beforeRequest` for every request of the app, not only this blueprint's. */
  beforeAppRequest<F extends BeforeRequestHook>(fn: F): F {
    this.recordOnce((state) => pushHook(state.app.beforeRequestFuncs, fn));
    return fn;
  }

  /** `afterRequest` for every request of the app. */
  afterAppRequest<F extends AfterRequestHook>(fn: F): F {
    this.recordOnce((state) => pushHook(state.app.afterRequestFuncs, fn));
    return fn;
  }

  /** `teardownRequest` for every request of the app. */
  teardownAppRequest<F extends TeardownHook>(fn: F): F {
    this.recordOnce((state) => pushHook(state.app.teardownRequestFuncs, fn));
    return fn;
  }

  /** `contextProcessor` for every template of the app. */
  appContextProcessor<F extends ContextProcessor>(fn: F): F {
    this.recordOnce((state) => pushHook(state.app.templateContextProcessors, fn));
    return fn;
  }

  /** `urlValuePreprocessor` for every request of the app. */
  appUrlValuePreprocessor<F extends UrlValuePreprocessor>(fn: F): F {
    this.recordOnce((state) => pushHook(state.app.urlValuePreprocessors, fn));
    return fn;
  }

  /** `urlDefaults` for every `urlFor` call of the app. */
  appUrlDefaults<F extends UrlDefaultsHook>(fn: F): F {
    this.recordOnce((state) => pushHook(state.app.urlDefaultFunctions, fn));
    return fn;
  }

  /**
   * `errorHandler` for errors of every request of the app.
   *
   * @throws SetupError for a status code that is not an HTTP error code Flagon knows (checked now).
   */
  appErrorHandler<E extends Error = Error>(key: ErrorKey, handler: ErrorHandler<E>): ErrorHandler<E> {
    resolveErrorKey(key);
    this.recordOnce((state) => state.app.errorHandler(key, handler));
    return handler;
  }

  /** Adds a template filter to the app, named `name` or after the function. */
  appTemplateFilter<F extends TemplateHelper>(fn: F, name?: string): F {
    return this.#addTemplateHelper(this.templateFilters, 'appTemplateFilter', fn, name);
  }

  /** Adds a template global to the app, named `name` or after the function. */
  appTemplateGlobal<F extends TemplateHelper>(fn: F, name?: string): F {
    return this.#addTemplateHelper(this.templateGlobals, 'appTemplateGlobal', fn, name);
  }

  /** Adds a template test to the app, named `name` or after the function. */
  appTemplateTest<F extends TemplateHelper>(fn: F, name?: string): F {
    return this.#addTemplateHelper(this.templateTests, 'appTemplateTest', fn, name);
  }

  #addTemplateHelper<F extends TemplateHelper>(
    map: Map<string, TemplateHelper>,
    method: string,
    fn: F,
    name?: string,
  ): F {
    this.checkSetupFinished(method);
    const key = name ?? fn.name;
    if (typeof fn !== 'function' || key === '') {
      throw new SetupError(`${method}() needs a named function, or a name as its second argument.`);
    }
    map.set(key, fn);
    return fn;
  }

  /**
   * Registers the blueprint on `app` (what `registerBlueprint(app, bp)` calls): its static route, its hooks
   * under its dotted name, its recorded functions, then its nested blueprints.
   *
   * @throws SetupError when the name is already registered on the app.
   */
  register(app: CoreApp, options: BlueprintRegisterOptions = {}): void {
    this.#register(app, options, '');
  }

  /** Makes the state passed to recorded functions; override to pass a subclass. */
  protected makeSetupState(
    app: CoreApp,
    options: BlueprintRegisterOptions,
    firstRegistration: boolean,
    namePrefix: string,
  ): BlueprintSetupState {
    return new BlueprintSetupState(this, app, options, firstRegistration, namePrefix);
  }

  #register(app: CoreApp, options: BlueprintRegisterOptions, namePrefix: string): void {
    const selfName = options.name ?? this.name;
    if (typeof selfName !== 'string' || selfName === '' || selfName.includes('.')) {
      throw new SetupError(
        `The "name" option ${JSON.stringify(selfName)} for blueprint '${this.name}' is empty or contains a dot '.'. ` +
          'Pick a plain name such as "admin2".',
      );
    }
    const name = namePrefix === '' ? selfName : `${namePrefix}.${selfName}`;
    const existing = app.blueprints.get(name);
    if (existing !== undefined) {
      const which = existing === this ? 'this' : 'a different';
      const where = name === selfName ? '' : ` ('${name}')`;
      throw new SetupError(
        `The name '${selfName}' is already registered for ${which} blueprint${where}. Pass a unique "name" ` +
          `option to register it again: registerBlueprint(bp, { name: '${selfName}2' }).`,
      );
    }
    const firstRegistration = ![...app.blueprints.values()].includes(this);
    app.blueprints.set(name, this);
    this.#gotRegisteredOnce = true;
    const state = this.makeSetupState(app, options, firstRegistration, namePrefix);

    if (this.staticFolder !== null && this.staticUrlPath !== null) {
      const blueprint = this;
      state.addUrlRule(
        `${this.staticUrlPath}/<path:filename>`,
        { endpoint: 'static' },
        function sendStaticFile(params) {
          return blueprint.sendStaticFile(String((params as { filename: unknown }).filename));
        } as View<never>,
      );
    }
    mergeBlueprintHooks(app, this, name);
    if (firstRegistration) this.#copyTemplateHelpers(app);
    for (const deferred of this.#deferred) deferred(state);

    for (const [child, childOptions] of this.#children) {
      child.#register(
        app,
        {
          ...childOptions,
          urlPrefix: nestedUrlPrefix(state.urlPrefix, childOptions.urlPrefix ?? child.urlPrefix) ?? undefined,
          subdomain: nestedSubdomain(state.subdomain, childOptions.subdomain ?? child.subdomain) ?? undefined,
        },
        name,
      );
    }
  }

  #copyTemplateHelpers(app: CoreApp): void {
    for (const [key, fn] of this.templateFilters) app.templateFilters.set(key, fn);
    for (const [key, fn] of this.templateGlobals) app.templateGlobals.set(key, fn);
    for (const [key, fn] of this.templateTests) app.templateTests.set(key, fn);
  }
}

function pushHook<F>(map: HookMap<F>, fn: F): void {
  const list = map.get(null);
  if (list) list.push(fn);
  else map.set(null, [fn]);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'function') return `the function ${value.name || '(anonymous)'}`;
  if (typeof value === 'object') return `an instance of ${value.constructor?.name ?? 'Object'}`;
  return typeof value;
}

/**
 * Registers `blueprint` on `app` (Flask's `app.register_blueprint`): adds its rules with the prefix and
 * dotted endpoint names, merges its hooks and error handlers under its name, registers nested blueprints,
 * and stores it in `app.blueprints` under its dotted name, in registration order.
 *
 * @example
 * registerBlueprint(app, admin, { urlPrefix: '/admin' });
 * registerBlueprint(app, admin, { urlPrefix: '/backstage', name: 'backstage' }); // a second copy
 * @throws SetupError when the app has already handled a request, when `blueprint` is not a Blueprint, or
 *   when its name (or the `name` option) is already registered.
 */
export function registerBlueprint(
  app: CoreApp,
  blueprint: Blueprint,
  options: BlueprintRegisterOptions = {},
): void {
  if (app.gotFirstRequest) {
    throw new SetupError(
      "The setup method 'registerBlueprint' can no longer be called on the application. It has already handled " +
        'its first request, and changes would not be applied consistently. Register blueprints before serving.',
    );
  }
  if (!(blueprint instanceof Blueprint)) {
    throw new SetupError(`registerBlueprint() takes a Blueprint, got ${describe(blueprint)}.`);
  }
  blueprint.register(app, options);
}
