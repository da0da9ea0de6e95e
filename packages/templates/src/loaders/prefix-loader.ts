/** Chooses a loader by the first segment of the template name (`admin/index.html`). */

import { TemplateNotFound } from '../errors/errors.ts';
import type { Loader, TemplateSource } from './loader.ts';

/** `new PrefixLoader({ app: appLoader, admin: adminLoader })` loads `admin/x.html` as `x.html` from adminLoader. */
export class PrefixLoader implements Loader {
  readonly mapping: Map<string, Loader>;
  readonly delimiter: string;

  constructor(mapping: Record<string, Loader> | Map<string, Loader>, delimiter = '/') {
    this.mapping = mapping instanceof Map ? mapping : new Map(Object.entries(mapping));
    this.delimiter = delimiter;
  }

  /** @throws TemplateNotFound when the prefix is unknown or its loader has no such template. */
  getSource(environment: unknown, template: string): TemplateSource {
    const at = template.indexOf(this.delimiter);
    const loader = at < 0 ? undefined : this.mapping.get(template.slice(0, at));
    if (loader === undefined) throw new TemplateNotFound(template);
    try {
      return loader.getSource(environment, template.slice(at + this.delimiter.length));
    } catch (e) {
      if (e instanceof TemplateNotFound) throw new TemplateNotFound(template);
      throw e;
    }
  }

  listTemplates(): string[] {
    const out: string[] = [];
    for (const [prefix, loader] of this.mapping) {
      for (const name of loader.listTemplates?.() ?? []) out.push(`${prefix}${this.delimiter}${name}`);
    }
    return out.sort();
  }
}
