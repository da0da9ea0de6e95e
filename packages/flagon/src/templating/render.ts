import type { Environment, Template } from '@flagon/templates';
import type { App } from '../app/app.ts';
import { blueprintsOf } from '../app/request-cycle.ts';
import { ContextError } from '../context/errors.ts';
import { AppCtxGlobals } from '../context/globals.ts';
import { type CurrentApp, currentFrame } from '../context/storage.ts';
import { streamWithContext } from '../helpers/stream-with-context.ts';
import { Session } from '../sessions/session.ts';
import { beforeRenderTemplate, templateRendered } from '../signals/builtin-signals.ts';
import { describeSearch } from './app-loader.ts';
import { defaultContext } from './default-context.ts';
import { templateEnvironment } from './environment.ts';
import { needsAsyncRender } from './internal/async-data.ts';
import { TemplateRequest } from './template-request.ts';

function appForTemplates(helper: string): App {
  const frame = currentFrame();
  if (frame === undefined) {
    throw new ContextError(
      `${helper}() needs an application context; call it in a view or in appContext().run().`,
    );
  }
  return frame.app;
}

type Context = Record<string, unknown>;

/**
 * Default context, then context processors (app, then blueprints from the outermost in), then the caller's.
 * Made without waiting when nothing has to be awaited (no body to read, no processor returning a promise).
 */
function buildContext(app: App, given: Context): Context | Promise<Context> {
  const defaults = defaultContext(app);
  const processors = processorsFor(app);
  if (defaults instanceof Promise)
    return defaults.then((context) => addProcessed(context, processors, 0, given));
  return addProcessed(defaults, processors, 0, given);
}

function processorsFor(app: App): Array<() => unknown> {
  const endpoint = currentFrame()?.request?.endpoint ?? null;
  const found: Array<() => unknown> = [];
  for (const scope of [null, ...blueprintsOf(endpoint).reverse()]) {
    const processors = app.templateContextProcessors.get(scope);
    if (processors) found.push(...(processors as Array<() => unknown>));
  }
  return found;
}

/** Runs the processors from `from` on in order, waiting only for those that return a promise. */
function addProcessed(
  context: Context,
  processors: ReadonlyArray<() => unknown>,
  from: number,
  given: Context,
): Context | Promise<Context> {
  for (let index = from; index < processors.length; index++) {
    const result = (processors[index] as () => unknown)();
    if (result instanceof Promise) {
      return result.then((resolved) => {
        Object.assign(context, resolved);
        return addProcessed(context, processors, index + 1, given);
      });
    }
    Object.assign(context, result);
  }
  for (const [key, value] of Object.entries(given)) context[key] = value;
  return context;
}

/**
 * True when this render needs the engine's `renderAsync`: something in the context or the globals is a promise,
 * an async iterable, an `async` function or an object whose reads may be async (see `needsAsyncRender`).
 * The framework's own objects (config, request, session, g itself) read synchronously; what the app put on `g`
 * is looked at.
 */
function isAsyncRender(env: Environment, app: App, context: Context): boolean {
  if (hasAsyncFilterOrTest(env)) return true;
  const values: unknown[] = [];
  for (const key in context) {
    const value = context[key];
    if (value instanceof AppCtxGlobals) {
      for (const name in value) values.push((value as unknown as Context)[name]);
    } else if (!(value instanceof TemplateRequest || value instanceof Session || value === app.config)) {
      values.push(value);
    }
  }
  const globals = env.globals;
  for (const key in globals) values.push(globals[key]);
  return needsAsyncRender(values);
}

const asyncFilterOrTest = new WeakMap<Environment, boolean>();

/** Whether a filter or test of the environment is an `async` function (looked at once per environment). */
function hasAsyncFilterOrTest(env: Environment): boolean {
  let found = asyncFilterOrTest.get(env);
  if (found === undefined) {
    const functions = [...Object.values(env.filters), ...Object.values(env.tests)];
    found = needsAsyncRender(functions);
    asyncFilterOrTest.set(env, found);
  }
  return found;
}

async function renderWith(env: Environment, app: App, template: Template, given: Context): Promise<string> {
  const built = buildContext(app, given);
  const context = built instanceof Promise ? await built : built;
  if (beforeRenderTemplate.hasReceivers)
    await beforeRenderTemplate.send(app as CurrentApp, template, context);
  // The synchronous render when the data allows it: the same output, without an await per expression.
  const html = isAsyncRender(env, app, context)
    ? await template.renderAsync(context)
    : template.render(context);
  if (templateRendered.hasReceivers) await templateRendered.send(app as CurrentApp, template, context);
  return html;
}

async function loadTemplate(app: App, name: string | readonly string[]): Promise<[Environment, Template]> {
  const env = await templateEnvironment(app);
  if (app.config.EXPLAIN_TEMPLATE_LOADING) {
    for (const each of typeof name === 'string' ? [name] : name) app.logger.info(describeSearch(app, each));
  }
  return [env, typeof name === 'string' ? env.getTemplate(name) : env.selectTemplate([...name])];
}

/**
 * Renders a template from the app's (or a blueprint's) templates folder with the given variables, as Flask's
 * `render_template`. A list of names renders the first that exists. Promises in the context are awaited.
 *
 * @example
 * return renderTemplate('blog/index.html', { posts });
 * @throws TemplateNotFound naming the folders searched; TemplateSyntaxError with the template name and line.
 */
export async function renderTemplate(
  name: string | readonly string[],
  context: Record<string, unknown> = {},
): Promise<string> {
  const app = appForTemplates('renderTemplate');
  const [env, template] = await loadTemplate(app, name);
  return renderWith(env, app, template, context);
}

/** Renders template source given as a string, as Flask's `render_template_string`. */
export async function renderTemplateString(
  source: string,
  context: Record<string, unknown> = {},
): Promise<string> {
  const app = appForTemplates('renderTemplateString');
  const env = await templateEnvironment(app);
  return renderWith(env, app, env.fromString(source), context);
}

/**
 * Renders a template as a stream of chunks, for long pages, as Flask's `stream_template`. Return it from a view
 * and the response is sent chunked; the request context stays available while it renders.
 *
 * @example
 * app.get('/report', () => streamTemplate('report.html', { rows }));
 */
export function streamTemplate(
  name: string | readonly string[],
  context: Record<string, unknown> = {},
): AsyncIterable<string> {
  const app = appForTemplates('streamTemplate');
  return streamWithContext(renderChunks(app, name, context));
}

async function* renderChunks(
  app: App,
  name: string | readonly string[],
  context: Record<string, unknown>,
): AsyncGenerator<string> {
  const [, template] = await loadTemplate(app, name);
  const full = await buildContext(app, context);
  if (beforeRenderTemplate.hasReceivers) await beforeRenderTemplate.send(app as CurrentApp, template, full);
  const stream = (
    template as { stream?: (ctx: Record<string, unknown>) => Iterable<string> | AsyncIterable<string> }
  ).stream;
  if (typeof stream === 'function') {
    for await (const chunk of stream.call(template, full)) yield chunk;
  } else {
    yield await template.renderAsync(full);
  }
  if (templateRendered.hasReceivers) await templateRendered.send(app as CurrentApp, template, full);
}
