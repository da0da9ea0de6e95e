/**
 * Translations per request, as Flask-Babel gives them: a locale selector picks each request's locale, the
 * catalogs come from `translations/<locale>/LC_MESSAGES/messages.mo`, and templates translate with
 * `{% trans %}`, `_()`, `gettext` and friends (new-style, as Flask-Babel installs them).
 */

import { resolve } from 'node:path';
import type { Environment, GettextTranslations, loadTranslations } from '@flagon/templates';
import type { App } from '../app/app.ts';
import { currentFrame } from '../context/storage.ts';
import { LanguageAccept } from '../http/accept.ts';
import type { Request } from '../wrappers/request.ts';
import { registerBabelCommands } from './babel-commands.ts';
import { templateEngineSync } from './engine-sync.ts';

/** Options of `new Babel(app, options)`; each falls back to its Flask-Babel config key. */
export interface BabelOptions {
  /**
   * Picks the locale of a request (`'de'`, `'pt_BR'`); null or undefined means the default locale. Without
   * one, the request's Accept-Language header chooses among `locales`.
   */
  localeSelector?: (request: Request) => string | null | undefined;
  /** The locales the app has catalogs for, offered to Accept-Language when there is no localeSelector. */
  locales?: readonly string[];
  /** The locale outside requests and when the selector gives none (BABEL_DEFAULT_LOCALE, default `en`). */
  defaultLocale?: string;
  /**
   * Folders holding `<locale>/LC_MESSAGES/<domain>.mo`, relative to the app's root path
   * (BABEL_TRANSLATION_DIRECTORIES, `;`-separated, default `translations`). The first folder's catalog
   * answers first; the others fill in the messages it lacks.
   */
  translationDirectories?: string | readonly string[];
  /** The catalog's file name without `.mo` (BABEL_DOMAIN, default `messages`). */
  domain?: string;
}

type Load = typeof loadTranslations;

interface BabelState {
  readonly localeSelector: ((request: Request) => string | null | undefined) | null;
  readonly locales: readonly string[] | null;
  /** Catalogs by locale, read once. */
  readonly cache: Map<string, GettextTranslations>;
  load: Load | null;
}

const EXTENSION_KEY = 'babel';
const SCRATCH = Symbol('babel.request');

/**
 * Flask-Babel's extension: gives templates (and views, through `getTranslations()`) the translations of the
 * request's locale. Enables the template engine's `i18n` extension with new-style gettext.
 *
 * @example
 * const app = new Flagon(import.meta.url);
 * new Babel(app, { localeSelector: (request) => request.args.get('lang') ?? null });
 * // templates/index.html: <h1>{{ _('Hello %(name)s!', name=user.name) }}</h1>
 * // translations/de/LC_MESSAGES/messages.mo holds the German catalog.
 */
export class Babel {
  readonly #options: BabelOptions;

  constructor(app?: App, options: BabelOptions = {}) {
    this.#options = options;
    if (app !== undefined) this.initApp(app);
  }

  /**
   * Attaches to an app: records the settings in `app.extensions` and the config defaults, and adds the
   * `flagon babel extract | init | compile` commands.
   */
  initApp(app: App): void {
    const o = this.#options;
    const config = app.config;
    if (o.defaultLocale !== undefined || config.get('BABEL_DEFAULT_LOCALE') === undefined)
      config.set('BABEL_DEFAULT_LOCALE', o.defaultLocale ?? 'en');
    if (o.translationDirectories !== undefined || config.get('BABEL_TRANSLATION_DIRECTORIES') === undefined) {
      const dirs = o.translationDirectories ?? 'translations';
      config.set('BABEL_TRANSLATION_DIRECTORIES', typeof dirs === 'string' ? dirs : dirs.join(';'));
    }
    if (o.domain !== undefined || config.get('BABEL_DOMAIN') === undefined)
      config.set('BABEL_DOMAIN', o.domain ?? 'messages');
    const state: BabelState = {
      localeSelector: o.localeSelector ?? null,
      locales: o.locales ?? null,
      cache: new Map(),
      load: null,
    };
    app.extensions.set(EXTENSION_KEY, state);
    registerBabelCommands(app);
  }
}

/** The Babel state of an app, or undefined when no Babel is attached (for the template environment). */
export function babelStateOf(app: App): BabelState | undefined {
  return app.extensions.get(EXTENSION_KEY) as BabelState | undefined;
}

function requireState(app: App, helper: string): BabelState {
  const state = babelStateOf(app);
  if (state === undefined) {
    throw new TypeError(`${helper}() needs Babel: call new Babel(app) (or babel.initApp(app)) first.`);
  }
  return state;
}

function appOrThrow(helper: string): {
  app: App;
  request: Request | undefined;
  scratch: Map<symbol, unknown>;
} {
  const frame = currentFrame();
  if (frame === undefined)
    throw new TypeError(`${helper}() needs an application context; call it in a view.`);
  return { app: frame.app, request: frame.request, scratch: frame.scratch };
}

function selectLocale(app: App, state: BabelState, request: Request | undefined): string {
  const fallback = String(app.config.get('BABEL_DEFAULT_LOCALE', 'en'));
  if (request === undefined) return fallback;
  if (state.localeSelector !== null) return state.localeSelector(request) || fallback;
  if (state.locales !== null) {
    return new LanguageAccept(request.headers.get('accept-language')).bestMatch(state.locales) ?? fallback;
  }
  return fallback;
}

function translationsFor(app: App, state: BabelState, locale: string): GettextTranslations {
  let found = state.cache.get(locale);
  if (found === undefined) {
    // Before any template has loaded the engine (a view's gettext, a script in an app context) the catalog
    // reader is loaded here, synchronously: with every app it would cost apps that never translate, and a
    // beforeRequest hook would make every request asynchronous.
    state.load ??= templateEngineSync().loadTranslations;
    const dirs = String(app.config.get('BABEL_TRANSLATION_DIRECTORIES', 'translations'))
      .split(';')
      .filter((d) => d.trim() !== '')
      .map((d) => resolve(app.rootPath, d.trim()));
    found = state.load(dirs, locale, { domain: String(app.config.get('BABEL_DOMAIN', 'messages')) });
    // Bounded: a selector returning client-chosen strings must not grow the cache without limit.
    if (state.cache.size < 100) state.cache.set(locale, found);
  }
  return found;
}

function current(helper: string): { locale: string; translations: GettextTranslations } {
  const { app, request, scratch } = appOrThrow(helper);
  const state = requireState(app, helper);
  let chosen = scratch.get(SCRATCH) as { locale: string; translations: GettextTranslations } | undefined;
  if (chosen === undefined) {
    const locale = selectLocale(app, state, request);
    chosen = { locale, translations: translationsFor(app, state, locale) };
    // Chosen once per request, as Flask-Babel caches it on the request context.
    if (request !== undefined) scratch.set(SCRATCH, chosen);
  }
  return chosen;
}

/**
 * The locale of the current request (Flask-Babel's `get_locale`): the selector's answer, else the default.
 * @throws TypeError outside an application context or without Babel.
 */
export function getLocale(): string {
  return current('getLocale').locale;
}

/**
 * The translations of the current request's locale (Flask-Babel's `get_translations`), for views:
 * `flash(getTranslations().gettext('Saved.'))`. NullTranslations when no catalog exists for the locale.
 * @throws TypeError outside an application context or without Babel.
 */
export function getTranslations(): GettextTranslations {
  return current('getTranslations').translations;
}

/** Enables translations in the app's template environment: gettext callables bound to the current request. */
export function installBabel(state: BabelState, env: Environment, load: Load): void {
  state.load ??= load;
  const t = () => current('gettext').translations;
  env.installGettextCallables(
    (message) => t().gettext(message),
    (singular, plural, n) => t().ngettext(singular, plural, n),
    {
      newstyle: true,
      pgettext: (context, message) => t().pgettext?.(context, message) ?? message,
      npgettext: (context, singular, plural, n) =>
        t().npgettext?.(context, singular, plural, n) ?? (n === 1 ? singular : plural),
    },
  );
}
