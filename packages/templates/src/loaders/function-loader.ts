/** Loads templates through a user function. */

import { TemplateNotFound } from '../errors/errors.ts';
import type { Loader, TemplateSource } from './loader.ts';

/** What a FunctionLoader's function returns: source, a full TemplateSource, or nothing for "not found". */
export type LoadFunction = (
  name: string,
) =>
  | string
  | { source: string; filename?: string | null; uptodate?: (() => boolean) | null }
  | null
  | undefined;

/** Asks a function for each template; `null`/`undefined` means not found. */
export class FunctionLoader implements Loader {
  readonly #load: LoadFunction;

  constructor(load: LoadFunction) {
    this.#load = load;
  }

  /** @throws TemplateNotFound when the function returns nothing. */
  getSource(_environment: unknown, template: string): TemplateSource {
    const result = this.#load(template);
    if (result === null || result === undefined) throw new TemplateNotFound(template);
    if (typeof result === 'string') return { source: result, filename: null, uptodate: null };
    return { source: result.source, filename: result.filename ?? null, uptodate: result.uptodate ?? null };
  }
}
