import { escape, Markup } from 'flagon';

/** Attributes as given to a field's render call: `class_`/`class`, `data_x` (→ `data-x`), booleans. */
export type RenderKw = Record<string, unknown>;

/**
 * HTML attributes from a record, as WTForms' `html_params`: a trailing `_` is dropped (`class_` → `class`),
 * `data_`/`aria_` prefixes become `data-`/`aria-`, `true` gives a bare attribute, `false`, null and undefined
 * leave it out; names are sorted, values escaped. Names that are not plain attribute names are dropped, so a
 * key from user data cannot break out of the tag.
 */
export function htmlParams(attrs: RenderKw): string {
  const out: string[] = [];
  for (const rawName of Object.keys(attrs).sort()) {
    const value = attrs[rawName];
    if (value === false || value === null || value === undefined) continue;
    let name = rawName.endsWith('_') ? rawName.slice(0, -1) : rawName;
    if (name.startsWith('data_') || name.startsWith('aria_')) name = name.replaceAll('_', '-');
    if (!/^[A-Za-z_:][-A-Za-z0-9_:.]*$/.test(name)) continue;
    out.push(value === true ? name : `${name}="${escape(value)}"`);
  }
  return out.join(' ');
}

/** `<tag attrs>` (`<tag attrs>content</tag>` when content is given), as Markup. */
export function tag(name: string, attrs: RenderKw, content?: string): Markup {
  const params = htmlParams(attrs);
  const open = params === '' ? `<${name}>` : `<${name} ${params}>`;
  return new Markup(content === undefined ? open : `${open}${content}</${name}>`);
}

/** Text escaped for HTML, as a string. */
export function esc(value: unknown): string {
  return escape(value).toString();
}

/** Merges a render call's keyword object into the defaults; `class` and `class_` are the same attribute. */
export function mergeKw(base: RenderKw, given: RenderKw | undefined): RenderKw {
  const out: RenderKw = Object.assign(Object.create(null), base);
  if (given === undefined || given === null || typeof given !== 'object') return out;
  for (const [key, value] of Object.entries(given)) {
    if (key === 'class') out.class_ = value;
    else out[key] = value;
  }
  return out;
}
