/**
 * Markup: a string that is already safe to put into HTML, as in MarkupSafe.
 * Autoescaping leaves Markup alone; every other value is escaped.
 */
export class Markup {
  readonly #value: string;

  constructor(value: unknown = '') {
    this.#value = hasHtml(value) ? value.__html__() : String(value);
  }

  /** Escapes `value` unless it is already markup. */
  static escape(value: unknown): Markup {
    return value instanceof Markup ? value : new Markup(escapeText(value));
  }

  get length(): number {
    return this.#value.length;
  }

  __html__(): string {
    return this.#value;
  }

  toString(): string {
    return this.#value;
  }

  valueOf(): string {
    return this.#value;
  }

  toJSON(): string {
    return this.#value;
  }
}

/** An object that knows its own HTML form (MarkupSafe's `__html__` protocol). */
export interface HasHtml {
  __html__(): string;
}

function hasHtml(value: unknown): value is HasHtml {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as Partial<HasHtml>).__html__ === 'function'
  );
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&#34;',
  "'": '&#39;',
};
const NEEDS_ESCAPE = /[&<>"']/;
const ESCAPE_ALL = /[&<>"']/g;

/** Escapes `&<>"'` the way MarkupSafe does (numeric entities for quotes). */
export function escapeText(value: unknown): string {
  const text = String(value);
  // Most values need no escaping; testing first avoids allocating a new string.
  if (!NEEDS_ESCAPE.test(text)) return text;
  return text.replace(ESCAPE_ALL, (ch) => HTML_ESCAPES[ch] as string);
}

/** Escapes a value for HTML and marks the result safe. Markup passes unchanged. */
export function escape(value: unknown): Markup {
  if (hasHtml(value)) return value instanceof Markup ? value : new Markup(value.__html__());
  return new Markup(escapeText(value));
}

/** True when the value carries its own HTML form and must not be escaped again. */
export function isMarkup(value: unknown): value is HasHtml {
  return hasHtml(value);
}
