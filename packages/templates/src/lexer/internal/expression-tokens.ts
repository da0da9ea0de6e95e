/** Scanning of the tokens inside `{{ … }}` and `{% … %}`: names, numbers, strings, operators. */

import { TemplateSyntaxError } from '../../errors/errors.ts';
import type { Token } from '../tokens.ts';
import { unescapePythonString } from './unescape.ts';

const OPERATORS = [
  '//',
  '**',
  '==',
  '!=',
  '<=',
  '>=',
  '+',
  '-',
  '/',
  '*',
  '%',
  '~',
  '[',
  ']',
  '(',
  ')',
  '{',
  '}',
  '<',
  '>',
  '=',
  '.',
  ':',
  '|',
  ',',
  ';',
];
const NAME = /[\p{ID_Start}_][\p{ID_Continue}]*/uy;
const FLOAT = /(?:\d+_)*\d+(?:(?:\.(?:\d+_)*\d+)?[eE][+-]?(?:\d+_)*\d+|\.(?:\d+_)*\d+)/y;
const INTEGER = /0[bB](?:_?[01])+|0[oO](?:_?[0-7])+|0[xX](?:_?[\da-fA-F])+|[1-9](?:_?\d)*|0(?:_?0)*/y;
const STRING = /'([^'\\]*(?:\\[\s\S][^'\\]*)*)'|"([^"\\]*(?:\\[\s\S][^"\\]*)*)"/y;

/** Result of scanning one token at a position: the token and the position after it. */
export interface Scanned {
  token: Token;
  end: number;
}

/** Scans one expression token at `pos` (no leading whitespace), or throws on a character that starts none. */
export function scanExpressionToken(source: string, pos: number, lineno: number): Scanned {
  const ch = source[pos] as string;
  if (ch === '"' || ch === "'") {
    STRING.lastIndex = pos;
    const m = STRING.exec(source);
    if (!m)
      throw new TemplateSyntaxError('Unexpected end of string: the string literal is not closed.', {
        lineno,
      });
    const body = m[1] ?? m[2] ?? '';
    return {
      token: { type: 'string', value: unescapePythonString(body, lineno), lineno },
      end: pos + m[0].length,
    };
  }
  if (ch >= '0' && ch <= '9') {
    if (source[pos - 1] !== '.') {
      FLOAT.lastIndex = pos;
      const f = FLOAT.exec(source);
      if (f) {
        return {
          token: { type: 'float', value: Number(f[0].replaceAll('_', '')), lineno },
          end: pos + f[0].length,
        };
      }
    }
    INTEGER.lastIndex = pos;
    const m = INTEGER.exec(source);
    if (m) {
      const text = m[0].replaceAll('_', '');
      return { token: { type: 'integer', value: Number(text), lineno }, end: pos + m[0].length };
    }
  }
  NAME.lastIndex = pos;
  const name = NAME.exec(source);
  if (name) return { token: { type: 'name', value: name[0], lineno }, end: pos + name[0].length };
  for (const op of OPERATORS) {
    if (source.startsWith(op, pos))
      return { token: { type: 'operator', value: op, lineno }, end: pos + op.length };
  }
  throw new TemplateSyntaxError(`Unexpected character '${ch}' in a template tag.`, { lineno });
}
