/**
 * The lexer: template source in, a flat token list out. Handles delimiters,
 * comments, raw blocks, whitespace control (`-`/`+`), trimBlocks, lstripBlocks,
 * trailing newlines and line statements, so the parser sees only tokens.
 */

import { TemplateSyntaxError } from '../errors/errors.ts';
import { scanExpressionToken } from './internal/expression-tokens.ts';
import { defaultLexerOptions, type LexerOptions, type Token } from './tokens.ts';

type TagKind = 'block' | 'variable' | 'comment' | 'linestatement' | 'linecomment';

const CLOSERS: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
const SPACE_OR_TAB = /^[ \t]*$/;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function countNewlines(text: string, from = 0, to = text.length): number {
  let n = 0;
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

/**
 * Splits template source into tokens.
 * @throws TemplateSyntaxError for unclosed tags, comments, raw blocks and strings, and stray characters.
 */
export function tokenize(source: string, options: Partial<LexerOptions> = {}): Token[] {
  return new Lexer(source, { ...defaultLexerOptions, ...options }).run();
}

class Lexer {
  readonly #opts: LexerOptions;
  readonly #src: string;
  readonly #tokens: Token[] = [];
  readonly #rawStart: RegExp;
  readonly #rawEnd: RegExp;
  readonly #lineStatement: RegExp | null;
  readonly #lineComment: RegExp | null;
  #pos = 0;
  #line = 1;
  #lineStarting = true;
  #stripNext = false;

  constructor(source: string, opts: LexerOptions) {
    this.#opts = opts;
    let src = source.replace(/\r\n?/g, '\n');
    if (!opts.keepTrailingNewline && src.endsWith('\n')) src = src.slice(0, -1);
    this.#src = src;
    const bs = escapeRegExp(opts.blockStartString);
    const be = escapeRegExp(opts.blockEndString);
    this.#rawStart = new RegExp(`([-+]?)\\s*raw\\s*(-?)${be}`, 'y');
    this.#rawEnd = new RegExp(`${bs}([-+]?)\\s*endraw\\s*([-+]?)${be}`, 'g');
    this.#lineStatement = opts.lineStatementPrefix
      ? new RegExp(`^[ \\t]*${escapeRegExp(opts.lineStatementPrefix)}`, 'gm')
      : null;
    this.#lineComment = opts.lineCommentPrefix
      ? new RegExp(`[ \\t]*${escapeRegExp(opts.lineCommentPrefix)}`, 'g')
      : null;
  }

  run(): Token[] {
    const src = this.#src;
    while (this.#pos < src.length) {
      const next = this.#findTagStart();
      if (next === null) {
        this.#pushData(this.#takeText(src.slice(this.#pos), null, ''));
        this.#pos = src.length;
        break;
      }
      const { index, kind, length } = next;
      const marker =
        kind === 'block' || kind === 'variable' || kind === 'comment' ? (src[index + length] ?? '') : '';
      const text = this.#takeText(src.slice(this.#pos, index), kind, marker);
      this.#pushData(text);
      this.#line += countNewlines(src, this.#pos, index);
      this.#pos = index + length;
      this.#stripNext = false;
      this.#lineStarting = false;
      if (kind === 'comment') this.#lexComment(marker);
      else if (kind === 'linecomment') this.#lexLineComment();
      else if (kind === 'block' && this.#tryRaw(index)) continue;
      else this.#lexTag(kind, marker);
    }
    this.#tokens.push({ type: 'eof', value: '', lineno: this.#line });
    return this.#tokens;
  }

  /** Applies `-`, lstripBlocks and a pending strip from the previous tag to the text before a tag. */
  #takeText(text: string, kind: TagKind | null, marker: string): string {
    if (this.#stripNext) {
      const trimmed = text.trimStart();
      const removed = text.length - trimmed.length;
      this.#line += countNewlines(text, 0, removed);
      if (removed > 0 && text[removed - 1] === '\n') this.#lineStarting = true;
      this.#pos += text.length - trimmed.length;
      text = trimmed;
    }
    if (kind === null) return text;
    if (kind === 'linestatement' || kind === 'linecomment') return text;
    if (marker === '-') return text.trimEnd();
    if (marker !== '+' && this.#opts.lstripBlocks && kind !== 'variable') {
      const lineStart = text.lastIndexOf('\n') + 1;
      if ((lineStart > 0 || this.#lineStarting) && SPACE_OR_TAB.test(text.slice(lineStart))) {
        return text.slice(0, lineStart);
      }
    }
    return text;
  }

  #pushData(text: string): void {
    if (text.length === 0) return;
    this.#tokens.push({ type: 'data', value: text, lineno: this.#line });
  }

  #findTagStart(): { index: number; kind: TagKind; length: number } | null {
    const src = this.#src;
    const o = this.#opts;
    let best: { index: number; kind: TagKind; length: number } | null = null;
    const consider = (index: number, kind: TagKind, length: number) => {
      if (index < 0) return;
      if (best === null || index < best.index || (index === best.index && length > best.length)) {
        best = { index, kind, length };
      }
    };
    consider(src.indexOf(o.blockStartString, this.#pos), 'block', o.blockStartString.length);
    consider(src.indexOf(o.variableStartString, this.#pos), 'variable', o.variableStartString.length);
    consider(src.indexOf(o.commentStartString, this.#pos), 'comment', o.commentStartString.length);
    if (this.#lineStatement) {
      this.#lineStatement.lastIndex = this.#pos;
      const m = this.#lineStatement.exec(src);
      if (m) consider(m.index, 'linestatement', m[0].length);
    }
    if (this.#lineComment) {
      this.#lineComment.lastIndex = this.#pos;
      const m = this.#lineComment.exec(src);
      if (m) consider(m.index, 'linecomment', m[0].length);
    }
    return best;
  }

  #lexComment(marker: string): void {
    const src = this.#src;
    const end = src.indexOf(this.#opts.commentEndString, this.#pos + (marker === '-' ? 1 : 0));
    if (end < 0) throw new TemplateSyntaxError('Missing end of comment tag.', { lineno: this.#line });
    const stripAfter = src[end - 1] === '-' && end - 1 >= this.#pos + (marker === '-' ? 1 : 0);
    this.#line += countNewlines(src, this.#pos, end);
    this.#pos = end + this.#opts.commentEndString.length;
    this.#afterTagEnd(stripAfter, true);
  }

  #lexLineComment(): void {
    const end = this.#src.indexOf('\n', this.#pos);
    this.#pos = end < 0 ? this.#src.length : end;
  }

  /** After a tag closes: `-` strips the next text, trimBlocks drops one newline after block tags. */
  #afterTagEnd(stripAfter: boolean, trimmable: boolean): void {
    if (stripAfter) {
      this.#stripNext = true;
    } else if (trimmable && this.#opts.trimBlocks && this.#src[this.#pos] === '\n') {
      this.#pos += 1;
      this.#line += 1;
      this.#lineStarting = true;
    }
  }

  #tryRaw(tagIndex: number): boolean {
    const src = this.#src;
    this.#rawStart.lastIndex = this.#pos;
    const start = this.#rawStart.exec(src);
    if (!start) return false;
    const lineno = this.#line;
    let contentStart = this.#pos + start[0].length;
    this.#rawEnd.lastIndex = contentStart;
    const end = this.#rawEnd.exec(src);
    if (!end) throw new TemplateSyntaxError('Missing end of raw directive: add {% endraw %}.', { lineno });
    if (start[2] === '-') {
      while (contentStart < end.index && /\s/.test(src[contentStart] as string)) contentStart++;
    }
    let content = src.slice(contentStart, end.index);
    if (end[1] === '-') content = content.trimEnd();
    else if (end[1] !== '+' && this.#opts.lstripBlocks) {
      const lineStart = content.lastIndexOf('\n') + 1;
      if (lineStart > 0 && SPACE_OR_TAB.test(content.slice(lineStart))) content = content.slice(0, lineStart);
    }
    this.#line += countNewlines(src, this.#pos, contentStart);
    this.#pushData(content);
    this.#line += countNewlines(src, contentStart, end.index + end[0].length);
    this.#pos = end.index + end[0].length;
    void tagIndex;
    this.#afterTagEnd(end[2] === '-', end[2] !== '+');
    return true;
  }

  #lexTag(kind: TagKind, marker: string): void {
    const o = this.#opts;
    const src = this.#src;
    const isLine = kind === 'linestatement';
    const begin = kind === 'variable' ? 'variable_begin' : 'block_begin';
    const endType = kind === 'variable' ? 'variable_end' : 'block_end';
    const endString = isLine ? '\n' : kind === 'variable' ? o.variableEndString : o.blockEndString;
    const startLine = this.#line;
    this.#tokens.push({ type: begin, value: '', lineno: startLine });
    if ((marker === '-' || (marker === '+' && kind === 'block')) && !isLine) this.#pos += 1;
    const stack: string[] = [];
    for (;;) {
      // Skip whitespace (a newline ends a line statement unless brackets are open).
      while (this.#pos < src.length) {
        const ch = src[this.#pos] as string;
        if (ch === '\n') {
          if (isLine && stack.length === 0) break;
          this.#line += 1;
        } else if (ch !== ' ' && ch !== '\t' && ch !== '\r' && ch !== '\f' && ch !== '\v') break;
        this.#pos += 1;
      }
      if (this.#pos >= src.length) {
        if (isLine) {
          this.#tokens.push({ type: endType, value: '', lineno: this.#line });
          return;
        }
        throw new TemplateSyntaxError(
          `Unexpected end of template: a ${kind === 'variable' ? `'${o.variableStartString}'` : `'${o.blockStartString}'`} tag opened on line ${startLine} is never closed.`,
          { lineno: this.#line },
        );
      }
      if (stack.length === 0) {
        if (isLine && src[this.#pos] === '\n') {
          this.#pos += 1;
          this.#line += 1;
          this.#lineStarting = true;
          this.#tokens.push({ type: endType, value: '', lineno: this.#line - 1 });
          return;
        }
        const ch = src[this.#pos];
        if ((ch === '-' || ch === '+') && src.startsWith(endString, this.#pos + 1) && !isLine) {
          this.#tokens.push({ type: endType, value: '', lineno: this.#line });
          this.#pos += 1 + endString.length;
          this.#afterTagEnd(ch === '-', false);
          return;
        }
        if (src.startsWith(endString, this.#pos)) {
          this.#tokens.push({ type: endType, value: '', lineno: this.#line });
          this.#pos += endString.length;
          this.#afterTagEnd(false, kind === 'block');
          return;
        }
      }
      const { token, end } = scanExpressionToken(src, this.#pos, this.#line);
      if (token.type === 'operator') {
        const op = token.value as string;
        const closer = CLOSERS[op];
        if (closer !== undefined) stack.push(closer);
        else if (op === ')' || op === ']' || op === '}') {
          const expected = stack.pop();
          if (expected !== op) {
            throw new TemplateSyntaxError(
              expected === undefined ? `Unexpected '${op}'.` : `Unexpected '${op}', expected '${expected}'.`,
              { lineno: this.#line },
            );
          }
        }
      } else if (token.type === 'string') {
        this.#line += countNewlines(src, this.#pos, end);
      }
      this.#tokens.push(token);
      this.#pos = end;
    }
  }
}
