/** A cursor over the lexer's tokens with the look-ahead helpers the parser needs. */

import { TemplateSyntaxError } from '../errors/errors.ts';
import type { Token } from '../lexer/tokens.ts';

/** Describes a token for error messages: `'name'`, `end of statement block`, … */
export function describeToken(token: Token): string {
  switch (token.type) {
    case 'name':
    case 'operator':
      return `'${String(token.value)}'`;
    case 'string':
      return 'string';
    case 'integer':
    case 'float':
      return 'number';
    case 'block_end':
      return 'end of statement block';
    case 'variable_end':
      return 'end of print statement';
    case 'block_begin':
      return 'begin of statement block';
    case 'variable_begin':
      return 'begin of print statement';
    case 'data':
      return 'template data';
    case 'eof':
      return 'end of template';
  }
}

/** A cursor over tokens with look-ahead, keyword/operator tests and error helpers. */
export class TokenStream {
  readonly #tokens: readonly Token[];
  #index = 0;

  constructor(tokens: readonly Token[]) {
    this.#tokens = tokens;
  }

  get current(): Token {
    return this.#tokens[this.#index] as Token;
  }

  look(offset = 1): Token {
    return (this.#tokens[this.#index + offset] ?? this.#tokens[this.#tokens.length - 1]) as Token;
  }

  next(): Token {
    const token = this.current;
    if (token.type !== 'eof') this.#index += 1;
    return token;
  }

  /** True if the current token is an operator with this text. */
  isOp(op: string): boolean {
    const t = this.current;
    return t.type === 'operator' && t.value === op;
  }

  /** True if the current token is this name (keyword). */
  isName(name: string): boolean {
    const t = this.current;
    return t.type === 'name' && t.value === name;
  }

  skipOp(op: string): boolean {
    if (!this.isOp(op)) return false;
    this.next();
    return true;
  }

  skipName(name: string): boolean {
    if (!this.isName(name)) return false;
    this.next();
    return true;
  }

  expectOp(op: string): Token {
    if (!this.isOp(op)) this.fail(`expected '${op}', got ${describeToken(this.current)}`);
    return this.next();
  }

  expectType(type: Token['type'], what?: string): Token {
    if (this.current.type !== type) {
      this.fail(`expected ${what ?? type.replace('_', ' ')}, got ${describeToken(this.current)}`);
    }
    return this.next();
  }

  expectName(name: string): Token {
    if (!this.isName(name)) this.fail(`expected '${name}', got ${describeToken(this.current)}`);
    return this.next();
  }

  fail(message: string, lineno = this.current.lineno): never {
    throw new TemplateSyntaxError(message.charAt(0).toUpperCase() + message.slice(1), { lineno });
  }
}
