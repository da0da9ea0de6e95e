import type { Template } from '@flagon/templates';
import type { App } from '../app/app.ts';
import { blueprintsOf } from '../app/request-cycle.ts';
import { ContextError } from '../context/errors.ts';
import { type CurrentApp, currentFrame } from '../context/storage.ts';
import { streamWithContext } from '../helpers/stream-with-context.ts';
import { beforeRenderTemplate, templateRendered } from '../signals/builtin-signals.ts';
import { describeSearch } from './app-loader.ts';
import { defaultTemplateContext, templateEnvironment } from './environment.ts';

function appForTemplates(helper: string): App {
  const frame = currentFrame();
  if (frame === undefined) {
    throw new ContextError(
      `${helper}() needs an application context; call it in a view or in appContext().run().`,
    );
  }
  return frame.app;
}

/** Default context, then context processors (app, then blueprints from the outermost in), then the caller's. */
async function buildContext(app: App, given: Record<string, unknown>): Promise<Record<string, unknown>> {
  const context = await defaultTemplateContext(app);
  const endpoint = currentFrame()?.request?.endpoint ?? null;
  for (const scope of [null, ...blueprintsOf(endpoint).reverse()]) {
    const processors = app.templateContextProcessors.get(scope);
    if (!processors) continue;
    for (const processor of processors) Object.assign(context, await processor());
  }
  for (const [key, value] of Object.entries(given)) context[key] = value;
  return context;
}

async function renderWith(app: App, template: Template, given: Record<string, unknown>): Promise<string> {
  const context = await buildContext(app, given);
  if (beforeRenderTemplate.hasReceivers)
    await beforeRenderTemplate.send(app as CurrentApp, template, context);
  const html = await template.renderAsync(context);
  if (templateRendered.hasReceivers) await templateRendered.send(app as CurrentApp, template, context);
  return html;
}

async function loadTemplate(app: App, name: string | readonly string[]): Promise<Template> {
  const env = await templateEnvironment(app);
  if (app.config.EXPLAIN_TEMPLATE_LOADING) {
    for (const each of typeof name === 'string' ? [name] : name) app.logger.info(describeSearch(app, each));
  }
  return typeof name === 'string' ? env.getTemplate(name) : env.selectTemplate([...name]);
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
  return renderWith(app, await loadTemplate(app, name), context);
}

/** Renders template source given as a string, as Flask's `render_template_string`. */
export async function renderTemplateString(
  source: string,
  context: Record<string, unknown> = {},
): Promise<string> {
  const app = appForTemplates('renderTemplateString');
  return renderWith(app, (await templateEnvironment(app)).fromString(source), context);
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
  const template = await loadTemplate(app, name);
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
