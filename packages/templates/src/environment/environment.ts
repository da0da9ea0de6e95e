/**
 * The Environment: configuration, filters, tests and globals, the template cache,
 * and the pipeline tokenize → parse → generate → `new Function` that turns source
 * into a Template.
 */

import { generate } from '../compiler/generate.ts';
import {
  describeWhere,
  TemplateError,
  TemplateNotFound,
  TemplatesNotFound,
  UndefinedError,
} from '../errors/errors.ts';
import { type ExtractedMessage, extractFromAst, GETTEXT_FUNCTIONS } from '../ext/extract.ts';
import type { GettextTranslations } from '../ext/gettext-catalog.ts';
import { type GettextCallablesOptions, I18nState, type InstallTranslationsOptions } from '../ext/i18n.ts';
import { builtinFilters } from '../filters/index.ts';
import type { EvalContext, FilterFunction, TestFunction } from '../filters/types.ts';
import { tokenize } from '../lexer/lexer.ts';
import type { LexerOptions } from '../lexer/tokens.ts';
import type { Loader } from '../loaders/loader.ts';
import type { TemplateNode } from '../nodes/nodes.ts';
import { parse } from '../parser/parser.ts';
import { type AccessPolicy, createAccessPolicy, getattr, getitem } from '../runtime/access.ts';
import { defaultGlobals } from '../runtime/globals.ts';
import { type CompiledModule, createRuntime, type Runtime, type RuntimeHost } from '../runtime/runtime.ts';
import { isUndefined, type Undefined, undefinedClass } from '../runtime/undefined.ts';
import { builtinTests } from '../tests/index.ts';
import type { AutoescapeSelector } from './autoescape.ts';
import { type EnabledExtensions, type EnvironmentOptions, parseExtensions } from './options.ts';
import { Template } from './template.ts';

/** Options of `new Environment()`. */
export type { EnvironmentOptions };

function nullProto<T>(source: Record<string, T>): Record<string, T> {
  return Object.assign(Object.create(null), source);
}

/** Adds the template name and line to a compile error's message (once). */
function locate(error: unknown, name: string | null): unknown {
  if (error instanceof TemplateError && error.templateName === undefined) {
    error.templateName = name ?? undefined;
    if (error.lineno !== undefined) error.message = `${error.message} (${describeWhere(name, error.lineno)})`;
  }
  return error;
}

/**
 * Holds template configuration and loads, compiles and caches templates.
 *
 * @example
 * const env = new Environment({ loader: new FileSystemLoader('templates'), autoescape: selectAutoescape() });
 * env.getTemplate('index.html').render({ user });
 */
export class Environment {
  /** Filters by name (a null-prototype copy of the builtins; add your own). */
  readonly filters: Record<string, FilterFunction>;
  /** Tests by name (`is odd`, …). */
  readonly tests: Record<string, TestFunction>;
  /** Variables every template sees: range, dict, lipsum, cycler, joiner, namespace, plus yours. */
  readonly globals: Record<string, unknown>;
  loader: Loader | null;
  readonly autoescape: AutoescapeSelector;
  readonly autoReload: boolean;
  readonly maxRecursion: number;
  readonly newlineSequence: string;
  readonly policies: Readonly<Record<string, unknown>>;
  /** The Undefined class this environment produces for missing values. */
  readonly undefinedClass: typeof Undefined;
  readonly #lexerOptions: Partial<LexerOptions>;
  readonly #extensions: EnabledExtensions;
  readonly #i18n: I18nState | null;
  readonly #cacheSize: number;
  readonly #cache = new Map<string, Template>();
  readonly #evalContexts: [EvalContext, EvalContext];
  readonly #runtimes: [Runtime, Runtime];
  readonly #accessPolicy: AccessPolicy;

  constructor(options: EnvironmentOptions = {}) {
    this.filters = nullProto(builtinFilters);
    this.tests = nullProto(builtinTests);
    this.globals = defaultGlobals();
    this.loader = options.loader ?? null;
    const ae = options.autoescape ?? false;
    this.autoescape = typeof ae === 'function' ? ae : () => ae;
    this.autoReload = options.autoReload ?? true;
    this.maxRecursion = options.maxRecursion ?? 500;
    this.newlineSequence = options.newlineSequence ?? '\n';
    this.policies = Object.freeze({ ...(options.policies ?? {}) });
    const kind = options.undefined ?? 'default';
    this.undefinedClass = typeof kind === 'function' ? kind : undefinedClass(kind);
    this.#extensions = parseExtensions(options.extensions ?? []);
    this.#accessPolicy = createAccessPolicy(options.trustedClasses);
    this.#i18n = this.#extensions.i18n
      ? new I18nState(this.globals, () => this.makeUndefined(undefined, undefined, 'gettext').fail())
      : null;
    const cache = options.cache ?? 400;
    this.#cacheSize = cache === true ? 400 : cache === false ? 0 : cache;
    this.#lexerOptions = {
      trimBlocks: options.trimBlocks ?? false,
      lstripBlocks: options.lstripBlocks ?? false,
      keepTrailingNewline: options.keepTrailingNewline ?? false,
      ...(options.blockStartString !== undefined && { blockStartString: options.blockStartString }),
      ...(options.blockEndString !== undefined && { blockEndString: options.blockEndString }),
      ...(options.variableStartString !== undefined && { variableStartString: options.variableStartString }),
      ...(options.variableEndString !== undefined && { variableEndString: options.variableEndString }),
      ...(options.commentStartString !== undefined && { commentStartString: options.commentStartString }),
      ...(options.commentEndString !== undefined && { commentEndString: options.commentEndString }),
      lineStatementPrefix: options.lineStatementPrefix ?? null,
      lineCommentPrefix: options.lineCommentPrefix ?? null,
    };
    this.#evalContexts = [
      { autoescape: false, environment: this, volatile: false },
      { autoescape: true, environment: this, volatile: false },
    ];
    const host: RuntimeHost = {
      filters: this.filters,
      tests: this.tests,
      undefinedClass: this.undefinedClass,
      evalContext: (on) => this.#evalContexts[on ? 1 : 0],
      loadTemplate: (name, parent) => this.getTemplate(name as string, parent),
      selectTemplate: (names, parent) => this.selectTemplate(names as string[], parent),
      accessPolicy: this.#accessPolicy,
    };
    this.#runtimes = [createRuntime(host, false), createRuntime(host, true)];
  }

  // ------------------------------------------------------------ EnvironmentLike (for filters)

  /** Jinja's attribute lookup: attribute, then item, else Undefined; never reaches JS internals. */
  getattr(obj: unknown, name: string): unknown {
    return getattr(obj, name, (hint, o, n) => this.makeUndefined(hint, o, n as string), this.#accessPolicy);
  }

  /** Jinja's item lookup: item, then attribute, else Undefined. */
  getitem(obj: unknown, key: unknown): unknown {
    return getitem(obj, key, (hint, o, n) => this.makeUndefined(hint, o, n as string), this.#accessPolicy);
  }

  isUndefined(value: unknown): boolean {
    return isUndefined(value);
  }

  /** A value of this environment's Undefined kind. */
  makeUndefined(hint?: string, obj?: unknown, name?: string): Undefined {
    return new this.undefinedClass(hint, obj, name, obj !== undefined);
  }

  // ------------------------------------------------------------ i18n (the `i18n` extension)

  #requireI18n(method: string): I18nState {
    if (this.#i18n === null) {
      throw new TypeError(`${method}() needs the i18n extension: new Environment({ extensions: ['i18n'] }).`);
    }
    return this.#i18n;
  }

  #changingStyle(state: I18nState, newstyle: boolean | undefined, install: () => void): void {
    const before = state.newstyle;
    install();
    // Trans blocks compile differently for each style, so templates compiled for the other one are dropped.
    if (newstyle !== undefined && newstyle !== before) this.clearCache();
  }

  /** Whether gettext is installed new-style (the `i18n` extension; false until an install says otherwise). */
  get newstyleGettext(): boolean {
    return this.#i18n?.newstyle === true;
  }

  /**
   * Installs a translations object's `gettext`, `ngettext` and (when it has them) `pgettext` and `npgettext`
   * as template globals, as Jinja2's `install_gettext_translations`. Takes a `GNUTranslations`, a
   * `NullTranslations`, or any object with those methods.
   * @throws TypeError without the i18n extension or without gettext() and ngettext().
   * @example
   * env.installGettextTranslations(GNUTranslations.fromMo(readFileSync('de.mo')), { newstyle: true });
   */
  installGettextTranslations(
    translations: GettextTranslations,
    options: InstallTranslationsOptions = {},
  ): void {
    const state = this.#requireI18n('installGettextTranslations');
    this.#changingStyle(state, options.newstyle, () => state.installTranslations(translations, options));
  }

  /** Installs gettext functions that translate nothing (Jinja2's `install_null_translations`). */
  installNullTranslations(options: InstallTranslationsOptions = {}): void {
    const state = this.#requireI18n('installNullTranslations');
    this.#changingStyle(state, options.newstyle, () => state.installNull(options));
  }

  /**
   * Installs the given functions as the templates' `gettext`, `ngettext`, `pgettext` and `npgettext` (Jinja2's
   * `install_gettext_callables`); they are called with plain strings and a count and return the translation.
   * With `newstyle`, they are wrapped so that templates pass variables as keyword arguments.
   */
  installGettextCallables(
    gettext: (message: string) => string,
    ngettext: (singular: string, plural: string, n: number) => string,
    options: GettextCallablesOptions = {},
  ): void {
    const state = this.#requireI18n('installGettextCallables');
    this.#changingStyle(state, options.newstyle, () => state.installCallables(gettext, ngettext, options));
  }

  /**
   * The translatable strings of a template source (Jinja2's `extract_translations`): `[lineno, funcname,
   * message]` for each call of a gettext function, trans blocks included, in source order.
   * @throws TemplateSyntaxError for a template that does not parse.
   */
  extractTranslations(
    source: string,
    gettextFunctions: readonly string[] = GETTEXT_FUNCTIONS,
  ): ExtractedMessage[] {
    this.#requireI18n('extractTranslations');
    return extractFromAst(this.parse(source), gettextFunctions);
  }

  /** Removes the gettext globals again (Jinja2's `uninstall_gettext_translations`). */
  uninstallGettextTranslations(): void {
    this.#requireI18n('uninstallGettextTranslations').uninstall();
  }

  // ------------------------------------------------------------ compiling

  /** Splits source into tokens with this environment's delimiters and whitespace rules. */
  tokenize(source: string): ReturnType<typeof tokenize> {
    return tokenize(source, this.#lexerOptions);
  }

  /**
   * Parses source into the AST.
   * @throws TemplateSyntaxError
   */
  parse(source: string, name: string | null = null): TemplateNode {
    try {
      return parse(tokenize(source, this.#lexerOptions), {
        ...this.#extensions,
        i18nTrimmed: this.policies['ext.i18n.trimmed'] === true,
        i18nNewstyle: this.#i18n?.newstyle === true,
      });
    } catch (e) {
      throw locate(e, name);
    }
  }

  /**
   * The generated JavaScript for a template (for debugging and tests).
   * @throws TemplateSyntaxError, TemplateAssertionError
   */
  compileToSource(source: string, name: string | null = null, isAsync = false): string {
    return this.#generate(this.parse(source, name), name, isAsync);
  }

  #generate(ast: TemplateNode, name: string | null, isAsync: boolean): string {
    try {
      return generate(ast, {
        name,
        autoescape: Boolean(this.autoescape(name)),
        isAsync,
        hasFilter: (f) => typeof this.filters[f] === 'function',
        hasTest: (t) => typeof this.tests[t] === 'function',
      });
    } catch (e) {
      throw locate(e, name);
    }
  }

  #instantiate(code: string, isAsync: boolean): CompiledModule {
    // The generated code only sees the runtime object; template text is embedded via JSON.stringify.
    const factory = new Function('rt', code) as (rt: Runtime) => CompiledModule;
    return factory(this.#runtimes[isAsync ? 1 : 0]);
  }

  /** Builds a Template from source (compiles the sync code now, so errors surface at load time). */
  #makeTemplate(
    source: string,
    name: string | null,
    filename: string | null,
    uptodate: (() => boolean) | null,
    globals: Record<string, unknown> | null,
  ): Template {
    const ast = this.parse(source, name);
    const compile = (isAsync: boolean) => this.#instantiate(this.#generate(ast, name, isAsync), isAsync);
    const template = new Template(this, name, filename, uptodate, globals, compile);
    template.getModule(false);
    return template;
  }

  /**
   * Compiles a template from a string.
   * @throws TemplateSyntaxError, TemplateAssertionError
   */
  fromString(source: string, globals: Record<string, unknown> | null = null): Template {
    return this.#makeTemplate(String(source), null, null, null, globals);
  }

  // ------------------------------------------------------------ loading

  /** Resolves a template name relative to the including template; the default keeps names global. */
  joinPath(template: string, _parent: string): string {
    return template;
  }

  /**
   * Loads (or takes from the cache) the named template. A Template passes through unchanged.
   * @throws TemplateNotFound, TemplateSyntaxError, UndefinedError (for an undefined name)
   */
  getTemplate(
    name: string | Template,
    parent: string | null = null,
    globals: Record<string, unknown> | null = null,
  ): Template {
    if (name instanceof Template) return name;
    if (isUndefined(name)) name.fail();
    let key = typeof name === 'string' ? name : String(name);
    if (parent !== null) key = this.joinPath(key, parent);
    const cached = this.#cacheSize > 0 ? this.#cache.get(key) : undefined;
    if (cached !== undefined && (!this.autoReload || cached.isUpToDate) && globals === null) {
      // Refresh its position so the least recently used template is evicted first.
      this.#cache.delete(key);
      this.#cache.set(key, cached);
      return cached;
    }
    if (this.loader === null) {
      throw new TemplateNotFound(key, `Template '${key}' not found: the environment has no loader.`);
    }
    const { source, filename, uptodate } = this.loader.getSource(this, key);
    const template = this.#makeTemplate(source, key, filename, uptodate, globals);
    if (this.#cacheSize > 0 && globals === null) {
      this.#cache.delete(key);
      this.#cache.set(key, template);
      if (this.#cache.size > this.#cacheSize) this.#cache.delete(this.#cache.keys().next().value as string);
    }
    return template;
  }

  /**
   * Loads the first template of `names` that exists.
   * @throws TemplatesNotFound when none does.
   */
  selectTemplate(
    names: readonly (string | Template)[],
    parent: string | null = null,
    globals: Record<string, unknown> | null = null,
  ): Template {
    if (isUndefined(names)) (names as unknown as Undefined).fail();
    for (const name of names) {
      if (name instanceof Template) return name;
      try {
        return this.getTemplate(name, parent, globals);
      } catch (e) {
        if (!(e instanceof TemplateNotFound) && !(e instanceof UndefinedError)) throw e;
      }
    }
    throw new TemplatesNotFound(names.map((n) => (n instanceof Template ? n.name : n)));
  }

  /** `getTemplate` for a name, `selectTemplate` for a list. */
  getOrSelectTemplate(
    names: string | Template | readonly (string | Template)[],
    parent: string | null = null,
  ): Template {
    if (typeof names === 'string' || names instanceof Template) return this.getTemplate(names, parent);
    return this.selectTemplate(names, parent);
  }

  /** Names of every template the loader can list. */
  listTemplates(filter?: (name: string) => boolean): string[] {
    const names = this.loader?.listTemplates?.() ?? [];
    return filter ? names.filter(filter) : names;
  }

  /** Empties the template cache. */
  clearCache(): void {
    this.#cache.clear();
  }
}
