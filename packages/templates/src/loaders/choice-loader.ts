/** Tries several loaders in order. */

import { TemplateNotFound } from '../errors/errors.ts';
import type { Loader, TemplateSource } from './loader.ts';

/** Returns the template from the first loader that has it. */
export class ChoiceLoader implements Loader {
  readonly loaders: readonly Loader[];

  constructor(loaders: readonly Loader[]) {
    this.loaders = [...loaders];
  }

  /** @throws TemplateNotFound when no loader has the template. */
  getSource(environment: unknown, template: string): TemplateSource {
    for (const loader of this.loaders) {
      try {
        return loader.getSource(environment, template);
      } catch (e) {
        if (!(e instanceof TemplateNotFound)) throw e;
      }
    }
    throw new TemplateNotFound(template);
  }

  listTemplates(): string[] {
    const found = new Set<string>();
    for (const loader of this.loaders) for (const name of loader.listTemplates?.() ?? []) found.add(name);
    return [...found].sort();
  }
}
