import { join } from 'node:path';
import type { FileSystemLoader } from '@flagon/templates';
import type { App } from '../app/app.ts';

/** A template folder and who owns it, in search order. */
export interface TemplateSource {
  /** `null` for the app, else the blueprint's dotted name. */
  readonly owner: string | null;
  readonly folder: string;
}

/**
 * The folders searched for templates, as Flask's DispatchingJinjaLoader: the app's own folder first, then each
 * blueprint's, in registration order. So an app can override a blueprint's template by shadowing its name.
 */
export function templateSources(app: App): TemplateSource[] {
  const sources: TemplateSource[] = [];
  if (app.templateFolder !== null) sources.push({ owner: null, folder: app.templateFolder });
  for (const [name, blueprint] of app.blueprints) {
    const folder = (blueprint as { templateFolder?: string | null }).templateFolder;
    if (folder) sources.push({ owner: name, folder });
  }
  return sources;
}

/** One FileSystemLoader over every template folder, in the order above. */
export function createAppLoader(app: App, Loader: typeof FileSystemLoader): FileSystemLoader {
  return new Loader(templateSources(app).map((s) => s.folder));
}

/** For EXPLAIN_TEMPLATE_LOADING: where a template name would be looked for. */
export function describeSearch(app: App, name: string): string {
  const lines = templateSources(app).map(
    (s, i) =>
      `  ${i + 1}: ${s.owner === null ? 'application' : `blueprint '${s.owner}'`} → ${join(s.folder, name)}`,
  );
  return `Locating template ${JSON.stringify(name)}:\n${lines.join('\n') || '  (no template folders)'}`;
}
