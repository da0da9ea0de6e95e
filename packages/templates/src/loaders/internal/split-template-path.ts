/** Splits a template name into path segments, refusing anything that could leave the search path. */

import { TemplateNotFound } from '../../errors/errors.ts';

/**
 * `"a/b/../c"` is refused; `"./a//b"` becomes `["a", "b"]`.
 * @throws TemplateNotFound for `..` segments, backslashes, NUL bytes and drive letters.
 */
export function splitTemplatePath(template: string): string[] {
  const pieces: string[] = [];
  for (const piece of template.split('/')) {
    if (piece === '..' || piece.includes('\\') || piece.includes('\0') || /^[A-Za-z]:$/.test(piece)) {
      throw new TemplateNotFound(
        template,
        `Template '${template}' not found: names may not leave the search path.`,
      );
    }
    if (piece !== '' && piece !== '.') pieces.push(piece);
  }
  return pieces;
}
