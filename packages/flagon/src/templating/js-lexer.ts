/**
 * A JavaScript lexer for message extraction (what Babel's `jslexer` does, with the parts it guesses made exact):
 * comments, strings with their escapes decoded, template literals whose `${}` may nest braces, regular expression
 * literals told from division by the token before them, names, numbers and punctuators, each with its line.
 */

/** One token; `value` of a string or of a template literal without `${}` is its decoded text. */
export interface JsToken {
  readonly type: 'name' | 'number' | 'string' | 'template' | 'regexp' | 'punct' | 'comment';
  /** Decoded text for strings and plain templates; `null` for a template with substitutions; source otherwise. */
  readonly value: string | null;
  readonly line: number;
}

/** Source that cannot be split into tokens (an unterminated string, comment, template or regex). */
export class JsSyntaxError extends Error {
  readonly line: number;

  constructor(message: string, line: number) {
    super(`${message} (line ${line})`);
    this.line = line;
  }

  override get name(): string {
    return 'JsSyntaxError';
  }
}

const PUNCTUATORS = [
  '>>>=',
  '...',
  '===',
  '!==',
  '**=',
  '<<=',
  '>>=',
  '>>>',
  '&&=',
  '||=',
  '??=',
  '=>',
  '==',
  '!=',
  '<=',
  '>=',
  '&&',
  '||',
  '??',
  '?.',
  '++',
  '--',
  '+=',
  '-=',
  '*=',
  '%=',
  '&=',
  '|=',
  '^=',
  '**',
  '<<',
  '>>',
];
// After these words an expression starts, so a slash opens a regular expression.
const EXPRESSION_KEYWORDS = new Set([
  'return',
  'typeof',
  'instanceof',
  'in',
  'of',
  'new',
  'delete',
  'void',
  'throw',
  'case',
  'do',
  'else',
  'yield',
  'await',
]);
// A `)` closing the condition of these is followed by a statement, where a slash opens a regex.
const CONDITION_KEYWORDS = new Set(['if', 'while', 'for', 'with']);
const NAME_START = /[\p{ID_Start}$_\\#]/u;
const NAME_PART = /^[\p{ID_Continue}$\u200c\u200d]*/u;
const NUMBER = /^(?:0[xXoObB][\da-fA-F_]+n?|(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:[eE][+-]?\d+)?n?)/;
const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  n: '\n',
  t: '\t',
  r: '\r',
  b: '\b',
  f: '\f',
  v: '\v',
};

function isNewline(ch: string | undefined): boolean {
  return ch === '\n' || ch === '\r' || ch === '\u2028' || ch === '\u2029';
}

/** Splits JavaScript source into tokens, comments included. */
export function tokenizeJs(source: string): JsToken[] {
  const tokens: JsToken[] = [];
  let pos = 0;
  let line = 1;
  // The last token that is not a comment decides whether a slash is division.
  let last: JsToken | undefined;
  let beforeLast: JsToken | undefined;
  // Per open brace: whether it is a template's `${` (its `}` resumes the template).
  const braces: boolean[] = [];
  // Per open parenthesis: whether it follows if/while/for/with.
  const parens: boolean[] = [];
  let closedCondition = false;

  const push = (token: JsToken) => {
    tokens.push(token);
    if (token.type !== 'comment') {
      beforeLast = last;
      last = token;
    }
  };
  const countLines = (text: string) => {
    for (let i = 0; i < text.length; i++) {
      const ch = text[i];
      if (ch === '\n' || ch === '\u2028' || ch === '\u2029' || (ch === '\r' && text[i + 1] !== '\n')) line++;
    }
  };
  const regexAllowed = () => {
    if (last === undefined) return true;
    if (last.type === 'name') return EXPRESSION_KEYWORDS.has(last.value ?? '');
    if (last.type !== 'punct') return false;
    if (last.value === ')') return closedCondition;
    return last.value !== ']' && last.value !== '++' && last.value !== '--';
  };

  /** Reads an escape after the backslash at `at`; returns the text and the position after it. */
  const escape = (at: number, startLine: number): [string, number] => {
    const ch = source[at + 1];
    if (ch === undefined) throw new JsSyntaxError('Unterminated string', startLine);
    if (ch === '\r') return ['', source[at + 2] === '\n' ? at + 3 : at + 2];
    if (isNewline(ch)) return ['', at + 2];
    if (Object.hasOwn(SIMPLE_ESCAPES, ch)) return [SIMPLE_ESCAPES[ch] as string, at + 2];
    if (ch === 'x') {
      const hex = /^[\da-fA-F]{2}/.exec(source.slice(at + 2, at + 4));
      if (hex === null) throw new JsSyntaxError('Invalid \\x escape', line);
      return [String.fromCharCode(Number.parseInt(hex[0], 16)), at + 4];
    }
    if (ch === 'u') {
      const braced = /^\{([\da-fA-F]{1,6})\}/.exec(source.slice(at + 2, at + 10));
      const code = braced?.[1] ?? /^[\da-fA-F]{4}/.exec(source.slice(at + 2, at + 6))?.[0];
      if (code === undefined || Number.parseInt(code, 16) > 0x10ffff)
        throw new JsSyntaxError('Invalid \\u escape', line);
      return [String.fromCodePoint(Number.parseInt(code, 16)), at + 2 + (braced ? braced[0].length : 4)];
    }
    if (/[0-7]/.test(ch)) {
      // Legacy octal escapes (\0 alone is NUL).
      const octal = /^[0-3]?[0-7]{1,2}|^[0-7]/.exec(source.slice(at + 1, at + 4))?.[0] ?? ch;
      return [String.fromCharCode(Number.parseInt(octal, 8)), at + 1 + octal.length];
    }
    return [ch, at + 1 + ch.length];
  };

  const quoted = (quote: string) => {
    const startLine = line;
    let i = pos + 1;
    let value = '';
    for (;;) {
      const ch = source[i];
      if (ch === undefined || isNewline(ch)) throw new JsSyntaxError('Unterminated string', startLine);
      if (ch === quote) break;
      if (ch === '\\') {
        const [text, next] = escape(i, startLine);
        countLines(source.slice(i, next));
        value += text;
        i = next;
      } else {
        value += ch;
        i++;
      }
    }
    push({ type: 'string', value, line: startLine });
    pos = i + 1;
  };

  /** Reads template text from `pos` (after a backtick or a closing `}`) to the end or the next `${`. */
  const template = (startLine: number, head: boolean) => {
    let i = pos;
    let value = '';
    for (;;) {
      const ch = source[i];
      if (ch === undefined) throw new JsSyntaxError('Unterminated template literal', startLine);
      if (ch === '`') {
        if (head) push({ type: 'template', value, line: startLine });
        pos = i + 1;
        return;
      }
      if (ch === '$' && source[i + 1] === '{') {
        if (head) push({ type: 'template', value: null, line: startLine });
        braces.push(true);
        last = { type: 'punct', value: '${', line };
        pos = i + 2;
        return;
      }
      if (ch === '\\') {
        const [text, next] = escape(i, startLine);
        countLines(source.slice(i, next));
        value += text;
        i = next;
      } else {
        if (ch === '\r') value += source[i + 1] === '\n' ? '' : '\n';
        else value += ch;
        countLines(ch === '\r' && source[i + 1] === '\n' ? '' : ch);
        i++;
      }
    }
  };

  if (source.startsWith('#!')) {
    const end = source.search(/[\n\r\u2028\u2029]/);
    pos = end === -1 ? source.length : end;
  }

  while (pos < source.length) {
    const ch = source[pos] as string;
    const next = source[pos + 1];
    if (isNewline(ch)) {
      if (ch !== '\r' || next !== '\n') line++;
      pos++;
    } else if (/\s/.test(ch) || ch === '\ufeff') {
      pos++;
    } else if (ch === '/' && next === '/') {
      const end = source.slice(pos).search(/[\n\r\u2028\u2029]/);
      const stop = end === -1 ? source.length : pos + end;
      push({ type: 'comment', value: source.slice(pos, stop), line });
      pos = stop;
    } else if (ch === '/' && next === '*') {
      const end = source.indexOf('*/', pos + 2);
      if (end === -1) throw new JsSyntaxError('Unterminated comment', line);
      const text = source.slice(pos, end + 2);
      push({ type: 'comment', value: text, line });
      countLines(text);
      pos = end + 2;
    } else if (ch === '<' && source.startsWith('<!--', pos)) {
      const end = source.slice(pos).search(/[\n\r\u2028\u2029]/);
      pos = end === -1 ? source.length : pos + end;
    } else if (ch === "'" || ch === '"') {
      quoted(ch);
    } else if (ch === '`') {
      const startLine = line;
      pos++;
      template(startLine, true);
    } else if (/\d/.test(ch) || (ch === '.' && /\d/.test(next ?? ''))) {
      const number = NUMBER.exec(source.slice(pos, pos + 400))?.[0] ?? ch;
      push({ type: 'number', value: number, line });
      pos += number.length;
    } else if (NAME_START.test(ch) || (ch.charCodeAt(0) >= 0xd800 && ch.charCodeAt(0) <= 0xdbff)) {
      const start = pos;
      pos += ch === '\\' || ch === '#' ? 1 : (source.codePointAt(pos) ?? 0) > 0xffff ? 2 : 1;
      if (ch === '\\')
        pos += /^u(\{[\da-fA-F]+\}|[\da-fA-F]{4})/.exec(source.slice(pos, pos + 10))?.[0].length ?? 0;
      pos += NAME_PART.exec(source.slice(pos, pos + 1000))?.[0].length ?? 0;
      push({ type: 'name', value: source.slice(start, pos), line });
    } else if (ch === '/' && regexAllowed()) {
      const startLine = line;
      let i = pos + 1;
      let inClass = false;
      for (;;) {
        const c = source[i];
        if (c === undefined || isNewline(c))
          throw new JsSyntaxError('Unterminated regular expression', startLine);
        if (c === '\\') {
          if (source[i + 1] === undefined || isNewline(source[i + 1]))
            throw new JsSyntaxError('Unterminated regular expression', startLine);
          i += 2;
          continue;
        }
        if (c === '[') inClass = true;
        else if (c === ']') inClass = false;
        else if (c === '/' && !inClass) break;
        i++;
      }
      i++;
      i += NAME_PART.exec(source.slice(i, i + 20))?.[0].length ?? 0;
      push({ type: 'regexp', value: source.slice(pos, i), line: startLine });
      pos = i;
    } else {
      const punct = PUNCTUATORS.find((p) => source.startsWith(p, pos)) ?? ch;
      pos += punct.length;
      if (punct === '}' && braces.pop() === true) {
        // The end of a `${}`: the template literal goes on.
        template(line, false);
        last = { type: 'punct', value: '}', line };
        continue;
      }
      if (punct === '{') braces.push(false);
      if (punct === '(')
        parens.push(
          last?.type === 'name' &&
            CONDITION_KEYWORDS.has(last.value ?? '') &&
            !(beforeLast?.type === 'punct' && (beforeLast.value === '.' || beforeLast.value === '?.')),
        );
      closedCondition = punct === ')' ? (parens.pop() ?? false) : false;
      push({ type: 'punct', value: punct, line });
    }
  }
  return tokens;
}
