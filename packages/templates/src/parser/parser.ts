/**
 * The parser: tokens in, a `Template` AST out. Statements live here, the
 * expression grammar in `expressions.ts`.
 */

import { TemplateAssertionError, TemplateSyntaxError } from '../errors/errors.ts';
import { parseTrans } from '../ext/i18n.ts';
import type { Token } from '../lexer/tokens.ts';
import type { Block, Call, Expr, Filter, Output, Stmt, Target, TemplateNode } from '../nodes/nodes.ts';
import { ExpressionParser } from './expressions.ts';
import { describeToken, TokenStream } from './token-stream.ts';

/** Which optional statements are enabled (by the `loopcontrols`, `do` and `i18n` extensions). */
export interface ParserOptions {
  loopControls: boolean;
  doStatement: boolean;
  i18n: boolean;
  /** The `ext.i18n.trimmed` policy. */
  i18nTrimmed?: boolean;
  /** Whether new-style gettext is installed (trans blocks then pass their variables as keywords). */
  i18nNewstyle?: boolean;
}

const MAX_STATEMENT_NESTING = 200;

/** The extension that provides a tag, for the hint when it is used but not enabled. */
const EXTENSION_OF_TAG = new Map([
  ['do', 'do'],
  ['break', 'loopcontrols'],
  ['continue', 'loopcontrols'],
  ['trans', 'i18n'],
]);

/**
 * Builds the AST of a template from its tokens.
 * @throws TemplateSyntaxError for grammar errors, TemplateAssertionError for duplicate blocks.
 */
export function parse(tokens: readonly Token[], options: Partial<ParserOptions> = {}): TemplateNode {
  return new Parser(tokens, {
    loopControls: false,
    doStatement: false,
    i18n: false,
    ...options,
  }).parseTemplate();
}

type DataItem = { kind: 'TemplateData'; data: string; lineno: number };

class Parser extends ExpressionParser {
  readonly #options: ParserOptions;
  readonly #blockNames = new Set<string>();
  /** End tags the enclosing statements are waiting for, for error messages. */
  readonly #endTokenStack: string[][] = [];
  readonly #tagStack: { name: string; lineno: number }[] = [];

  constructor(tokens: readonly Token[], options: ParserOptions) {
    super(new TokenStream(tokens));
    this.#options = options;
  }

  parseTemplate(): TemplateNode {
    const body = this.#subparse(null);
    return { kind: 'Template', body, lineno: 1 };
  }

  /** Parses statements until one of `endTokens` (a block tag name) or the end of the template. */
  #subparse(endTokens: string[] | null): Stmt[] {
    if (endTokens) {
      this.#endTokenStack.push(endTokens);
      if (this.#endTokenStack.length > MAX_STATEMENT_NESTING) {
        this.stream.fail(`statements nested more than ${MAX_STATEMENT_NESTING} levels deep`);
      }
    }
    const body: Stmt[] = [];
    let items: (Expr | DataItem)[] = [];
    let outputLine = this.stream.current.lineno;
    const flush = () => {
      if (items.length > 0) body.push({ kind: 'Output', items, lineno: outputLine } satisfies Output);
      items = [];
    };
    for (;;) {
      const t = this.stream.current;
      if (t.type === 'data') {
        if (items.length === 0) outputLine = t.lineno;
        items.push({ kind: 'TemplateData', data: t.value as string, lineno: t.lineno });
        this.stream.next();
      } else if (t.type === 'variable_begin') {
        if (items.length === 0) outputLine = t.lineno;
        this.stream.next();
        items.push(this.parseTuple({ withCondexpr: true }));
        this.stream.expectType('variable_end', 'end of print statement');
      } else if (t.type === 'block_begin') {
        flush();
        this.stream.next();
        const tag = this.stream.current;
        if (endTokens && tag.type === 'name' && endTokens.includes(tag.value as string)) {
          if (endTokens) this.#endTokenStack.pop();
          return body;
        }
        const stmt = this.#parseStatement();
        if (Array.isArray(stmt)) body.push(...stmt);
        else body.push(stmt);
      } else if (t.type === 'eof') {
        flush();
        if (endTokens) this.#failUnclosed(t);
        return body;
      } else {
        this.stream.fail(`unexpected ${describeToken(t)}`);
      }
    }
  }

  #failUnclosed(t: Token): never {
    const expected = this.#endTokenStack.at(-1) ?? [];
    const open = this.#tagStack.at(-1);
    const innermost = open
      ? ` The innermost block that needs to be closed is '${open.name}'. It was opened on line ${open.lineno}.`
      : '';
    this.stream.fail(
      `unexpected end of template. Jinja was looking for the following tags: ${expected.map((e) => `'${e}'`).join(' or ')}.${innermost}`,
      t.lineno,
    );
  }

  /** Parses one `{% tag … %}`, keeping the open tags on a stack (Jinja2's `_tag_stack`) for error messages. */
  #parseStatement(): Stmt | Stmt[] {
    const t = this.stream.current;
    if (t.type !== 'name') this.stream.fail('tag name expected');
    this.#tagStack.push({ name: t.value as string, lineno: t.lineno });
    try {
      return this.#parseTag();
    } finally {
      this.#tagStack.pop();
    }
  }

  #parseTag(): Stmt | Stmt[] {
    const t = this.stream.current;
    const name = t.value as string;
    switch (name) {
      case 'for':
        return this.#parseFor();
      case 'if':
        return this.#parseIf();
      case 'block':
        return this.#parseBlock();
      case 'extends':
        return this.#parseExtends();
      case 'print':
        return this.#parsePrint();
      case 'include':
        return this.#parseInclude();
      case 'import':
        return this.#parseImport();
      case 'from':
        return this.#parseFrom();
      case 'set':
        return this.#parseSet();
      case 'with':
        return this.#parseWith();
      case 'autoescape':
        return this.#parseAutoescape();
      case 'filter':
        return this.#parseFilterBlock();
      case 'macro':
        return this.#parseMacro();
      case 'call':
        return this.#parseCallBlock();
      case 'do':
        if (this.#options.doStatement) return this.#parseDo();
        break;
      case 'trans':
        if (this.#options.i18n) {
          return parseTrans({
            stream: this.stream,
            parseExpression: () => this.parseExpression(),
            trimmedByDefault: this.#options.i18nTrimmed === true,
            newstyle: this.#options.i18nNewstyle === true,
          });
        }
        break;
      case 'break':
      case 'continue':
        if (this.#options.loopControls) {
          this.stream.next();
          this.stream.expectType('block_end', 'end of statement block');
          return { kind: name === 'break' ? 'Break' : 'Continue', lineno: t.lineno };
        }
        break;
      default:
        break;
    }
    const waiting = this.#endTokenStack.flat();
    const hint = waiting.length
      ? ` Jinja was looking for the following tags: ${[...new Set(waiting)].map((e) => `'${e}'`).join(' or ')}.`
      : '';
    const extension = EXTENSION_OF_TAG.get(name);
    const extHint = extension ? ` Enable the '${extension}' extension to use it.` : '';
    return this.stream.fail(`encountered unknown tag '${name}'.${hint}${extHint}`);
  }

  #endStatement(): void {
    this.stream.expectType('block_end', 'end of statement block');
  }

  #parseFor(): Stmt {
    const lineno = this.stream.expectName('for').lineno;
    const target = this.parseAssignTarget({ extraEnd: ['in'] });
    this.stream.expectName('in');
    const iter = this.parseTuple({ withCondexpr: false, extraEnd: ['recursive'] });
    let test: Expr | null = null;
    if (this.stream.skipName('if')) test = this.parseExpression();
    const recursive = this.stream.skipName('recursive');
    this.#endStatement();
    const body = this.#subparse(['endfor', 'else']);
    let orelse: Stmt[] = [];
    if (this.stream.next().value === 'else') {
      this.#endStatement();
      orelse = this.#subparse(['endfor']);
      this.stream.next();
    }
    this.#endStatement();
    return { kind: 'For', target, iter, body, orelse, test, recursive, lineno };
  }

  #parseIf(): Stmt {
    const lineno = this.stream.expectName('if').lineno;
    const test = this.parseTuple({ withCondexpr: false });
    this.#endStatement();
    const body = this.#subparse(['elif', 'else', 'endif']);
    const tag = this.stream.next();
    let orelse: Stmt[] = [];
    if (tag.value === 'elif') {
      // `elif` is an `if` nested in the else branch; it consumes the final endif itself.
      orelse = [this.#parseElif(tag.lineno)];
      return { kind: 'If', test, body, orelse, lineno };
    }
    if (tag.value === 'else') {
      this.#endStatement();
      orelse = this.#subparse(['endif']);
      this.stream.next();
    }
    this.#endStatement();
    return { kind: 'If', test, body, orelse, lineno };
  }

  #parseElif(lineno: number): Stmt {
    const test = this.parseTuple({ withCondexpr: false });
    this.#endStatement();
    const body = this.#subparse(['elif', 'else', 'endif']);
    const tag = this.stream.next();
    if (tag.value === 'elif')
      return { kind: 'If', test, body, orelse: [this.#parseElif(tag.lineno)], lineno };
    let orelse: Stmt[] = [];
    if (tag.value === 'else') {
      this.#endStatement();
      orelse = this.#subparse(['endif']);
      this.stream.next();
    }
    this.#endStatement();
    return { kind: 'If', test, body, orelse, lineno };
  }

  #parseBlock(): Block {
    const lineno = this.stream.expectName('block').lineno;
    const name = this.stream.expectType('name', 'a block name').value as string;
    if (this.#blockNames.has(name)) {
      throw new TemplateAssertionError(`block '${name}' defined twice`, { lineno });
    }
    this.#blockNames.add(name);
    const scoped = this.stream.skipName('scoped');
    const required = this.stream.skipName('required');
    if (this.stream.isOp('-')) {
      this.stream.fail('use an underscore instead of a dash in block names');
    }
    this.#endStatement();
    const body = this.#subparse(['endblock']);
    this.stream.next();
    if (this.stream.current.type === 'name') {
      const endName = this.stream.next().value;
      if (endName !== name)
        this.stream.fail(`mismatching name for endblock: expected '${name}', got '${String(endName)}'`);
    }
    this.#endStatement();
    if (required && !body.every(isBlank)) {
      throw new TemplateSyntaxError('Required blocks can only contain comments or whitespace', { lineno });
    }
    return { kind: 'Block', name, body, scoped, required, lineno };
  }

  #parseExtends(): Stmt {
    const lineno = this.stream.expectName('extends').lineno;
    const template = this.parseExpression();
    this.#endStatement();
    return { kind: 'Extends', template, lineno };
  }

  #parsePrint(): Stmt {
    const lineno = this.stream.expectName('print').lineno;
    const items: Expr[] = [];
    while (this.stream.current.type !== 'block_end') {
      if (items.length > 0) this.stream.expectOp(',');
      items.push(this.parseExpression());
    }
    this.#endStatement();
    return { kind: 'Output', items, lineno };
  }

  /** `with context` / `without context` (default given), optionally preceded by `ignore missing`. */
  #parseContextFlag(dflt: boolean): boolean {
    const t = this.stream.current;
    const look = this.stream.look();
    if (
      t.type === 'name' &&
      (t.value === 'with' || t.value === 'without') &&
      look.type === 'name' &&
      look.value === 'context'
    ) {
      this.stream.next();
      this.stream.next();
      return t.value === 'with';
    }
    return dflt;
  }

  #parseInclude(): Stmt {
    const lineno = this.stream.expectName('include').lineno;
    const template = this.parseExpression();
    let ignoreMissing = false;
    if (
      this.stream.isName('ignore') &&
      this.stream.look().type === 'name' &&
      this.stream.look().value === 'missing'
    ) {
      this.stream.next();
      this.stream.next();
      ignoreMissing = true;
    }
    const withContext = this.#parseContextFlag(true);
    this.#endStatement();
    return { kind: 'Include', template, withContext, ignoreMissing, lineno };
  }

  #parseImport(): Stmt {
    const lineno = this.stream.expectName('import').lineno;
    const template = this.parseExpression();
    this.stream.expectName('as');
    const target = this.stream.expectType('name', 'a name').value as string;
    const withContext = this.#parseContextFlag(false);
    this.#endStatement();
    return { kind: 'Import', template, target, withContext, lineno };
  }

  #parseFrom(): Stmt {
    const lineno = this.stream.expectName('from').lineno;
    const template = this.parseExpression();
    this.stream.expectName('import');
    const names: { name: string; alias: string }[] = [];
    let withContext = false;
    for (;;) {
      if (names.length > 0 && !this.stream.skipOp(',')) break;
      const t = this.stream.current;
      if (t.type !== 'name') break;
      const look = this.stream.look();
      if ((t.value === 'with' || t.value === 'without') && look.type === 'name' && look.value === 'context')
        break;
      const name = this.stream.next().value as string;
      if (name.startsWith('_')) {
        throw new TemplateAssertionError('names starting with an underline can not be imported', {
          lineno: t.lineno,
        });
      }
      const alias = this.stream.skipName('as')
        ? (this.stream.expectType('name', 'a name').value as string)
        : name;
      names.push({ name, alias });
    }
    withContext = this.#parseContextFlag(false);
    if (names.length === 0) this.stream.fail('expected at least one name to import');
    this.#endStatement();
    return { kind: 'FromImport', template, names, withContext, lineno };
  }

  #parseSet(): Stmt {
    const lineno = this.stream.expectName('set').lineno;
    const target = this.parseAssignTarget({ withNamespace: true });
    if (this.stream.skipOp('=')) {
      const value = this.parseTuple();
      this.#endStatement();
      return { kind: 'Assign', target, value, lineno };
    }
    const filters = this.#parseFilterChain();
    this.#endStatement();
    const body = this.#subparse(['endset']);
    this.stream.next();
    this.#endStatement();
    return { kind: 'AssignBlock', target, filters, body, lineno };
  }

  /** `|f|g(x)` after a block `set` or the `filter` tag; returns the filters in application order. */
  #parseFilterChain(first = false): Filter[] {
    const filters: Filter[] = [];
    if (first) filters.push(this.parseFilter(null, true));
    while (this.stream.isOp('|')) filters.push(this.parseFilter(null));
    return filters;
  }

  #parseWith(): Stmt {
    const lineno = this.stream.expectName('with').lineno;
    const targets: Target[] = [];
    const values: Expr[] = [];
    while (this.stream.current.type !== 'block_end') {
      if (targets.length > 0) this.stream.expectOp(',');
      targets.push(this.parseAssignTarget());
      this.stream.expectOp('=');
      values.push(this.parseExpression());
    }
    this.#endStatement();
    const body = this.#subparse(['endwith']);
    this.stream.next();
    this.#endStatement();
    return { kind: 'With', targets, values, body, lineno };
  }

  #parseAutoescape(): Stmt {
    const lineno = this.stream.expectName('autoescape').lineno;
    const value = this.parseExpression();
    this.#endStatement();
    const body = this.#subparse(['endautoescape']);
    this.stream.next();
    this.#endStatement();
    return { kind: 'AutoEscape', value, body, lineno };
  }

  #parseFilterBlock(): Stmt {
    const lineno = this.stream.expectName('filter').lineno;
    const filters = this.#parseFilterChain(true);
    this.#endStatement();
    const body = this.#subparse(['endfilter']);
    this.stream.next();
    this.#endStatement();
    return { kind: 'FilterBlock', filters, body, lineno };
  }

  #parseMacro(): Stmt {
    const lineno = this.stream.expectName('macro').lineno;
    const name = this.stream.expectType('name', 'a macro name').value as string;
    const params = this.parseSignature();
    this.#endStatement();
    const body = this.#subparse(['endmacro']);
    this.stream.next();
    if (this.stream.current.type === 'name') this.stream.next();
    this.#endStatement();
    return { kind: 'Macro', name, params, body, lineno };
  }

  #parseCallBlock(): Stmt {
    const lineno = this.stream.expectName('call').lineno;
    const params = this.stream.isOp('(') ? this.parseSignature() : [];
    const call = this.parseExpression();
    if (call.kind !== 'Call') this.stream.fail('expected call', lineno);
    this.#endStatement();
    const body = this.#subparse(['endcall']);
    this.stream.next();
    this.#endStatement();
    return { kind: 'CallBlock', call: call as Call, params, body, lineno };
  }

  #parseDo(): Stmt {
    const lineno = this.stream.expectName('do').lineno;
    const value = this.parseTuple();
    this.#endStatement();
    return { kind: 'ExprStmt', value, lineno };
  }
}

function isBlank(stmt: Stmt): boolean {
  return (
    stmt.kind === 'Output' &&
    stmt.items.every((item) => item.kind === 'TemplateData' && item.data.trim() === '')
  );
}
