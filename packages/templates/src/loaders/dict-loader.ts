/** Loads templates from an in-memory mapping of name to source. */

import { TemplateNotFound } from '../errors/errors.ts';
import type { Loader, TemplateSource } from './loader.ts';

/**
 * Templates from a plain object or Map (`{ 'index.html': '…' }`). A template
 * counts as changed when the mapping's entry is replaced.
 */
export class DictLoader implements Loader {
  readonly mapping: Map<string, string>;

  constructor(mapping: Record<string, string> | Map<string, string>) {
    this.mapping = mapping instanceof Map ? mapping : new Map(Object.entries(mapping));
  }

  /** @throws TemplateNotFound */
  getSource(_environment: unknown, template: string): TemplateSource {
    const source = this.mapping.get(template);
    if (source === undefined) throw new TemplateNotFound(template);
    return { source, filename: null, uptodate: () => this.mapping.get(template) === source };
  }

  listTemplates(): string[] {
    return [...this.mapping.keys()].sort();
  }
}
