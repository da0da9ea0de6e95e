/** Decodes the backslash escapes of a Python string literal, as Jinja2 does for template strings. */

import { TemplateSyntaxError } from '../../errors/errors.ts';

const SIMPLE: Record<string, string> = {
  '\n': '',
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
};

/** Turns `a\tb` (backslash escapes as typed in the template) into the string value. */
export function unescapePythonString(body: string, lineno: number): string {
  if (!body.includes('\\')) return body;
  let out = '';
  let i = 0;
  while (i < body.length) {
    const ch = body[i] as string;
    if (ch !== '\\' || i + 1 >= body.length) {
      out += ch;
      i += 1;
      continue;
    }
    const next = body[i + 1] as string;
    const simple = SIMPLE[next];
    if (simple !== undefined) {
      out += simple;
      i += 2;
    } else if (next === 'x' || next === 'u' || next === 'U') {
      const width = next === 'x' ? 2 : next === 'u' ? 4 : 8;
      const hex = body.slice(i + 2, i + 2 + width);
      if (hex.length !== width || !/^[0-9a-fA-F]+$/.test(hex)) {
        throw new TemplateSyntaxError(`Invalid \\${next} escape in string literal.`, { lineno });
      }
      out += String.fromCodePoint(Number.parseInt(hex, 16));
      i += 2 + width;
    } else if (/[0-7]/.test(next)) {
      const m = /^[0-7]{1,3}/.exec(body.slice(i + 1)) as RegExpExecArray;
      out += String.fromCodePoint(Number.parseInt(m[0], 8));
      i += 1 + m[0].length;
    } else {
      // Python keeps unknown escapes such as "\d" as they are.
      out += `\\${next}`;
      i += 2;
    }
  }
  return out;
}
