/** The loader contract: how an Environment finds template source by name. */

/** Source text of a template, where it came from, and how to tell whether it changed. */
export interface TemplateSource {
  readonly source: string;
  /** File the source was read from, for error messages; null when there is none. */
  readonly filename: string | null;
  /** Returns false once the source has changed (used with `autoReload`); null means never stale. */
  readonly uptodate: (() => boolean) | null;
}

/**
 * Finds template source by name (Jinja2's BaseLoader).
 * `getSource` throws TemplateNotFound when the loader has no such template.
 */
export interface Loader {
  getSource(environment: unknown, template: string): TemplateSource;
  /** Every template name this loader can load, sorted; optional. */
  listTemplates?(): string[];
}
