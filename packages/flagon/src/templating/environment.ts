import type { Environment } from '@flagon/templates';
import type { App } from '../app/app.ts';
import { SetupError } from '../app/errors.ts';
import { currentFrame } from '../context/storage.ts';
import { getFlashedMessages } from '../helpers/flash.ts';
import { urlFor } from '../helpers/url-for.ts';
import { createAppLoader } from './app-loader.ts';
import { babelStateOf, installBabel } from './babel.ts';
import {
  checkJinjaOptions,
  markJinjaOptionsInUse,
  mergeJinjaOptions,
  releaseJinjaOptions,
} from './jinja-options.ts';
import { TemplateRequest } from './template-request.ts';

const environments = new WeakMap<App, Promise<Environment>>();

/**
 * The app's template environment (Flask's `app.jinja_env`), made on first use: the app's and blueprints'
 * template folders, autoescaping for .html/.htm/.xml/.xhtml, reloading in debug mode (or with
 * TEMPLATES_AUTO_RELOAD), and the globals Flask provides: `urlFor` (also as `url_for`), `getFlashedMessages`
 * (also `get_flashed_messages`), plus the app's template filters, tests and globals. With `Babel` attached, the
 * `i18n` extension is on and gettext answers in the request's locale.
 */
export function templateEnvironment(app: App): Promise<Environment> {
  let env = environments.get(app);
  if (env === undefined) {
    const made = makeEnvironment(app);
    environments.set(app, made);
    // A failed setup (an unknown extension in jinjaOptions, say) is not kept: once the options are fixed, the
    // next render tries again.
    made.catch(() => {
      if (environments.get(app) === made) resetTemplateEnvironment(app);
    });
    env = made;
  }
  return env;
}

// The engine is imported on the first render: apps that never render a template (APIs) start faster.
async function makeEnvironment(app: App): Promise<Environment> {
  const { Environment, FileSystemLoader, selectAutoescape, loadTranslations } = await import(
    '@flagon/templates'
  );
  const autoReload = app.config.TEMPLATES_AUTO_RELOAD ?? app.debug;
  const babel = babelStateOf(app);
  // Checked again here: the object may have been filled in place after it was assigned.
  const options = checkJinjaOptions(app.jinjaOptions);
  const defaults = {
    loader: createAppLoader(app, FileSystemLoader),
    autoescape: selectAutoescape(['html', 'htm', 'xml', 'xhtml']),
    autoReload,
    extensions: babel === undefined ? [] : ['i18n'],
  };
  let env: Environment;
  try {
    env = new Environment(mergeJinjaOptions(defaults, options));
  } catch (error) {
    throw new SetupError(`app.jinjaOptions can't make a template environment: ${(error as Error).message}`, {
      cause: error,
    });
  }
  markJinjaOptionsInUse(app, options);
  if (babel !== undefined) installBabel(babel, env, loadTranslations);
  const globals = env.globals as Record<string, unknown>;
  // Both spellings, so templates shared with a Flask project keep working.
  globals.urlFor = urlFor;
  globals.url_for = urlFor;
  globals.getFlashedMessages = getFlashedMessages;
  globals.get_flashed_messages = (options: Record<string, unknown> = {}) =>
    getFlashedMessages({
      withCategories: Boolean(options.with_categories ?? options.withCategories),
      categoryFilter: (options.category_filter ?? options.categoryFilter) as string[] | undefined,
    });
  for (const [name, fn] of app.templateFilters) (env.filters as Record<string, unknown>)[name] = fn;
  for (const [name, fn] of app.templateTests) (env.tests as Record<string, unknown>)[name] = fn;
  for (const [name, fn] of app.templateGlobals) globals[name] = fn;
  return env;
}

/** Forgets the environment, so the next render builds a fresh one (after adding blueprints in tests). */
export function resetTemplateEnvironment(app: App): void {
  environments.delete(app);
  releaseJinjaOptions(app);
}

/**
 * The variables every template sees, as Flask's default context processor: `config`, `request`, `session`,
 * `g` (the last three only inside a request or app context).
 */
export async function defaultTemplateContext(app: App): Promise<Record<string, unknown>> {
  const context: Record<string, unknown> = Object.create(null);
  context.config = app.config;
  const frame = currentFrame();
  if (frame !== undefined) {
    context.g = frame.g;
    if (frame.request !== undefined) {
      context.request = await TemplateRequest.of(frame.request);
      if (frame.getSession !== undefined) context.session = frame.getSession();
    }
  }
  return context;
}
