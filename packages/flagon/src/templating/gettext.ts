/**
 * Flask-Babel's translation functions for views: `gettext` (and `_`), `ngettext`, `pgettext`, `npgettext`,
 * and their lazy forms for module-level strings. Each translates in the current request's locale (the
 * catalogs `getTranslations()` gives), then applies Python's `%` formatting with the named variables.
 * Outside an application context they return the untranslated text, as Flask-Babel does.
 *
 * They return plain strings, not Markup: templates escape them like any other text.
 */

import type { GettextTranslations } from '@flagon/templates';
import { currentFrame } from '../context/storage.ts';
import { getTranslations } from './babel.ts';
import { templateEngineSync } from './engine-sync.ts';

/** The named values of a message: `gettext('Hello %(name)s', { name })`. */
export type GettextVariables = Readonly<Record<string, unknown>>;

/** The request's translations, or null outside an application context (the text stays untranslated). */
function translations(): GettextTranslations | null {
  return currentFrame() === undefined ? null : getTranslations();
}

let percentFormat: typeof import('@flagon/templates').percentFormat | undefined;

/** Python's `s if not variables else s % variables`: without variables, a lone `%` stays as it is. */
function format(text: string, variables: GettextVariables | undefined): string {
  if (variables === undefined || Object.keys(variables).length === 0) return text;
  // The engine is loaded on the first message with variables, not with 'flagon' (an app that renders no
  // template never loads it); by then a request that renders has loaded it anyway.
  percentFormat ??= templateEngineSync().percentFormat;
  return percentFormat(text, variables);
}

/**
 * Translates `string` in the current locale, then formats it with `variables` (Flask-Babel's `gettext`).
 *
 * @example
 * flash(gettext('Saved %(title)s.', { title: post.title }));
 * @throws TypeError in an application context without Babel.
 */
export function gettext(string: string, variables?: GettextVariables): string {
  const t = translations();
  return format(t === null ? string : t.gettext(string), variables);
}

/** The same function as {@link gettext}, under the name gettext tools look for. */
export const _ = gettext;

/**
 * Translates the singular or plural form for `num` (Flask-Babel's `ngettext`); `num` is a variable of the
 * message too, unless `variables` gives its own.
 *
 * @example
 * ngettext('%(num)d apple', '%(num)d apples', apples.length);
 */
export function ngettext(
  singular: string,
  plural: string,
  num: number,
  variables?: GettextVariables,
): string {
  const t = translations();
  const text = t === null ? (num === 1 ? singular : plural) : t.ngettext(singular, plural, num);
  return format(text, { num, ...variables });
}

/** Like {@link gettext}, with a message context (`msgctxt`) telling apart messages of the same text. */
export function pgettext(context: string, string: string, variables?: GettextVariables): string {
  const t = translations();
  return format(t?.pgettext?.(context, string) ?? string, variables);
}

/** Like {@link ngettext}, with a message context (`msgctxt`). */
export function npgettext(
  context: string,
  singular: string,
  plural: string,
  num: number,
  variables?: GettextVariables,
): string {
  const text = translations()?.npgettext?.(context, singular, plural, num) ?? (num === 1 ? singular : plural);
  return format(text, { num, ...variables });
}

/**
 * A string translated each time it is used (Flask-Babel's `LazyString`): `String(x)`, template output,
 * `jsonify` and string concatenation all translate it in the locale of the request at hand. Made by
 * {@link lazyGettext} and friends, for strings defined before any request (form labels, constants).
 */
export class LazyString {
  readonly #produce: () => string;

  constructor(produce: () => string) {
    this.#produce = produce;
  }

  /** The translation in the current locale. */
  toString(): string {
    return this.#produce();
  }

  /** JSON writes the translation, as Flask's JSON provider writes a LazyString. */
  toJSON(): string {
    return this.#produce();
  }

  valueOf(): string {
    return this.#produce();
  }

  [Symbol.toPrimitive](): string {
    return this.#produce();
  }

  /** Python's repr of a LazyString: `l'text'`. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `l'${this.#produce()}'`;
  }
}

/**
 * Like {@link gettext}, translated when used rather than now.
 *
 * @example
 * const TITLE_LABEL = lazyGettext('Title'); // module level; prints in each request's language
 */
export function lazyGettext(string: string, variables?: GettextVariables): LazyString {
  return new LazyString(() => gettext(string, variables));
}

/** Like {@link ngettext}, translated when used rather than now. */
export function lazyNgettext(
  singular: string,
  plural: string,
  num: number,
  variables?: GettextVariables,
): LazyString {
  return new LazyString(() => ngettext(singular, plural, num, variables));
}

/** Like {@link pgettext}, translated when used rather than now. */
export function lazyPgettext(context: string, string: string, variables?: GettextVariables): LazyString {
  return new LazyString(() => pgettext(context, string, variables));
}
