/** Token kinds produced by the lexer; operators carry their text in `value`. */
export type TokenType =
  | 'data'
  | 'block_begin'
  | 'block_end'
  | 'variable_begin'
  | 'variable_end'
  | 'name'
  | 'string'
  | 'integer'
  | 'float'
  | 'operator'
  | 'eof';

/** One lexical token with the line it starts on. */
export interface Token {
  readonly type: TokenType;
  /** Text for data/name/operator tokens, the decoded value for string/number tokens. */
  readonly value: string | number;
  readonly lineno: number;
}

/** Options that change how template text is split into tokens. */
export interface LexerOptions {
  blockStartString: string;
  blockEndString: string;
  variableStartString: string;
  variableEndString: string;
  commentStartString: string;
  commentEndString: string;
  /** Remove the first newline after a block or comment tag. */
  trimBlocks: boolean;
  /** Strip spaces and tabs from the start of a line up to a block or comment tag. */
  lstripBlocks: boolean;
  /** Keep a single trailing newline at the end of the template (Jinja2 drops it). */
  keepTrailingNewline: boolean;
  /** Prefix that makes a whole line a statement (`# for x in y`), or null for none. */
  lineStatementPrefix: string | null;
  /** Prefix that makes the rest of a line a comment (`## note`), or null for none. */
  lineCommentPrefix: string | null;
}

/** Jinja2's default delimiters and whitespace rules. */
export const defaultLexerOptions: LexerOptions = {
  blockStartString: '{%',
  blockEndString: '%}',
  variableStartString: '{{',
  variableEndString: '}}',
  commentStartString: '{#',
  commentEndString: '#}',
  trimBlocks: false,
  lstripBlocks: false,
  keepTrailingNewline: false,
  lineStatementPrefix: null,
  lineCommentPrefix: null,
};
