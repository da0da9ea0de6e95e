/** Choosing autoescaping by template name, as Jinja2's `select_autoescape`. */

/** Decides whether a template (by name; null for `fromString`) is autoescaped. */
export type AutoescapeSelector = (templateName: string | null) => boolean;

/**
 * Autoescape templates whose names end in one of `enabledExtensions`.
 *
 * @example new Environment({ autoescape: selectAutoescape(['html', 'xml']) })
 */
export function selectAutoescape(
  enabledExtensions: readonly string[] = ['html', 'htm', 'xml'],
  disabledExtensions: readonly string[] = [],
  defaultForString = true,
  defaultValue = false,
): AutoescapeSelector {
  const enabled = enabledExtensions.map((e) => `.${e.replace(/^\./, '').toLowerCase()}`);
  const disabled = disabledExtensions.map((e) => `.${e.replace(/^\./, '').toLowerCase()}`);
  return (templateName) => {
    if (templateName === null) return defaultForString;
    const name = templateName.toLowerCase();
    if (enabled.some((e) => name.endsWith(e))) return true;
    if (disabled.some((e) => name.endsWith(e))) return false;
    return defaultValue;
  };
}
