/**
 * Expression grammar, lowest precedence first, as in Jinja2:
 * condexpr → or → and → not → compare → + - → ~ → * / // % → ** → unary → primary/postfix → filters/tests.
 */

import type {
  Arguments,
  Call,
  CompareOperator,
  Expr,
  Filter,
  MacroParam,
  Target,
  Test,
} from '../nodes/nodes.ts';
import { describeToken, type TokenStream } from './token-stream.ts';

/** Deepest nesting of expressions the parser accepts before refusing the template. */
export const MAX_NESTING = 200;

const COMPARE_OPS: Record<string, CompareOperator> = {
  '==': '==',
  '!=': '!=',
  '<': '<',
  '<=': '<=',
  '>': '>',
  '>=': '>=',
};
const TEST_ARG_START = new Set(['name', 'string', 'integer', 'float']);
const RESERVED_TARGETS = new Set(['true', 'false', 'none', 'True', 'False', 'None']);

/** The expression half of the parser; the statement parser extends it. */
export class ExpressionParser {
  protected readonly stream: TokenStream;
  #depth = 0;

  constructor(stream: TokenStream) {
    this.stream = stream;
  }

  #enter(): void {
    this.#depth += 1;
    if (this.#depth > MAX_NESTING) {
      this.stream.fail(`expression nested more than ${MAX_NESTING} levels deep; simplify the template`);
    }
  }

  /** `expr` or `a, b, c` (a tuple without parentheses). */
  parseTuple(
    options: {
      simplified?: boolean;
      withCondexpr?: boolean;
      explicitParens?: boolean;
      extraEnd?: string[];
    } = {},
  ): Expr {
    const lineno = this.stream.current.lineno;
    const parseOne = (): Expr =>
      options.simplified ? this.parsePrimary() : this.parseExpression(options.withCondexpr ?? true);
    const items: Expr[] = [];
    let isTuple = false;
    for (;;) {
      if (items.length > 0) this.stream.expectOp(',');
      if (this.#isTupleEnd(options.extraEnd)) break;
      items.push(parseOne());
      if (this.stream.isOp(',')) isTuple = true;
      else break;
    }
    if (!isTuple) {
      if (items.length > 0) return items[0] as Expr;
      if (!options.explicitParens)
        this.stream.fail(`expected an expression, got ${describeToken(this.stream.current)}`);
    }
    return { kind: 'Tuple', items, lineno };
  }

  #isTupleEnd(extraEnd?: string[]): boolean {
    const t = this.stream.current;
    if (t.type === 'variable_end' || t.type === 'block_end' || t.type === 'eof') return true;
    if (t.type === 'operator' && (t.value === ')' || t.value === ']' || t.value === '}')) return true;
    if (extraEnd && t.type === 'name' && extraEnd.includes(t.value as string)) return true;
    return false;
  }

  parseExpression(withCondexpr = true): Expr {
    return withCondexpr ? this.#parseCondexpr() : this.#parseOr();
  }

  #parseCondexpr(): Expr {
    this.#enter();
    const lineno = this.stream.current.lineno;
    let expr = this.#parseOr();
    while (this.stream.skipName('if')) {
      const test = this.#parseOr();
      const orelse = this.stream.skipName('else') ? this.#parseCondexpr() : null;
      expr = { kind: 'CondExpr', test, body: expr, orelse, lineno };
    }
    this.#depth -= 1;
    return expr;
  }

  #parseOr(): Expr {
    let left = this.#parseAnd();
    while (this.stream.isName('or')) {
      const lineno = this.stream.next().lineno;
      left = { kind: 'BinOp', op: 'or', left, right: this.#parseAnd(), lineno };
    }
    return left;
  }

  #parseAnd(): Expr {
    let left = this.#parseNot();
    while (this.stream.isName('and')) {
      const lineno = this.stream.next().lineno;
      left = { kind: 'BinOp', op: 'and', left, right: this.#parseNot(), lineno };
    }
    return left;
  }

  #parseNot(): Expr {
    if (this.stream.isName('not')) {
      const lineno = this.stream.next().lineno;
      this.#enter();
      const operand = this.#parseNot();
      this.#depth -= 1;
      return { kind: 'UnaryOp', op: 'not', operand, lineno };
    }
    return this.#parseCompare();
  }

  #parseCompare(): Expr {
    const lineno = this.stream.current.lineno;
    const left = this.#parseMath1();
    const ops: { op: CompareOperator; right: Expr }[] = [];
    for (;;) {
      const t = this.stream.current;
      const cmp = t.type === 'operator' ? COMPARE_OPS[t.value as string] : undefined;
      if (cmp) {
        this.stream.next();
        ops.push({ op: cmp, right: this.#parseMath1() });
      } else if (this.stream.skipName('in')) {
        ops.push({ op: 'in', right: this.#parseMath1() });
      } else if (
        this.stream.isName('not') &&
        this.stream.look().type === 'name' &&
        this.stream.look().value === 'in'
      ) {
        this.stream.next();
        this.stream.next();
        ops.push({ op: 'notin', right: this.#parseMath1() });
      } else break;
    }
    return ops.length === 0 ? left : { kind: 'Compare', left, ops, lineno };
  }

  #parseMath1(): Expr {
    let left = this.#parseConcat();
    while (this.stream.isOp('+') || this.stream.isOp('-')) {
      const t = this.stream.next();
      left = { kind: 'BinOp', op: t.value as '+' | '-', left, right: this.#parseConcat(), lineno: t.lineno };
    }
    return left;
  }

  #parseConcat(): Expr {
    const lineno = this.stream.current.lineno;
    const items = [this.#parseMath2()];
    while (this.stream.skipOp('~')) items.push(this.#parseMath2());
    return items.length === 1 ? (items[0] as Expr) : { kind: 'Concat', items, lineno };
  }

  #parseMath2(): Expr {
    let left = this.#parsePow();
    for (;;) {
      const t = this.stream.current;
      if (
        t.type !== 'operator' ||
        !(t.value === '*' || t.value === '/' || t.value === '//' || t.value === '%')
      )
        break;
      this.stream.next();
      left = { kind: 'BinOp', op: t.value, left, right: this.#parsePow(), lineno: t.lineno };
    }
    return left;
  }

  #parsePow(): Expr {
    let left = this.#parseUnary();
    while (this.stream.isOp('**')) {
      const lineno = this.stream.next().lineno;
      left = { kind: 'BinOp', op: '**', left, right: this.#parseUnary(), lineno };
    }
    return left;
  }

  #parseUnary(withFilter = true): Expr {
    this.#enter();
    const t = this.stream.current;
    let node: Expr;
    if (t.type === 'operator' && (t.value === '-' || t.value === '+')) {
      this.stream.next();
      node = { kind: 'UnaryOp', op: t.value, operand: this.#parseUnary(false), lineno: t.lineno };
    } else {
      node = this.parsePrimary();
    }
    node = this.parsePostfix(node);
    if (withFilter) node = this.parseFilterExpr(node);
    this.#depth -= 1;
    return node;
  }

  parsePrimary(): Expr {
    const t = this.stream.current;
    const lineno = t.lineno;
    switch (t.type) {
      case 'name': {
        this.stream.next();
        const v = t.value as string;
        if (v === 'true' || v === 'True') return { kind: 'Const', value: true, lineno };
        if (v === 'false' || v === 'False') return { kind: 'Const', value: false, lineno };
        if (v === 'none' || v === 'None') return { kind: 'Const', value: null, lineno };
        return { kind: 'Name', name: v, lineno };
      }
      case 'string': {
        this.stream.next();
        let value = t.value as string;
        while (this.stream.current.type === 'string') value += this.stream.next().value as string;
        return { kind: 'Const', value, lineno };
      }
      case 'integer':
      case 'float':
        this.stream.next();
        return { kind: 'Const', value: t.value as number, lineno };
      case 'operator':
        if (t.value === '(') {
          this.stream.next();
          this.#enter();
          const inner = this.parseTuple({ explicitParens: true });
          this.#depth -= 1;
          this.stream.expectOp(')');
          return inner;
        }
        if (t.value === '[') return this.#parseList();
        if (t.value === '{') return this.#parseDict();
        break;
      default:
        break;
    }
    return this.stream.fail(`unexpected ${describeToken(t)}`);
  }

  #parseList(): Expr {
    const lineno = this.stream.expectOp('[').lineno;
    this.#enter();
    const items: Expr[] = [];
    while (!this.stream.isOp(']')) {
      if (items.length > 0) this.stream.expectOp(',');
      if (this.stream.isOp(']')) break;
      items.push(this.parseExpression());
    }
    this.stream.expectOp(']');
    this.#depth -= 1;
    return { kind: 'List', items, lineno };
  }

  #parseDict(): Expr {
    const lineno = this.stream.expectOp('{').lineno;
    this.#enter();
    const pairs: [Expr, Expr][] = [];
    while (!this.stream.isOp('}')) {
      if (pairs.length > 0) this.stream.expectOp(',');
      if (this.stream.isOp('}')) break;
      const key = this.parseExpression();
      this.stream.expectOp(':');
      pairs.push([key, this.parseExpression()]);
    }
    this.stream.expectOp('}');
    this.#depth -= 1;
    return { kind: 'Dict', pairs, lineno };
  }

  protected parsePostfix(node: Expr): Expr {
    for (;;) {
      if (this.stream.isOp('.') || this.stream.isOp('[')) node = this.#parseSubscript(node);
      else if (this.stream.isOp('(')) node = this.#parseCall(node);
      else return node;
    }
  }

  protected parseFilterExpr(node: Expr): Expr {
    for (;;) {
      if (this.stream.isOp('|')) node = this.parseFilter(node);
      else if (this.stream.isName('is')) node = this.#parseTest(node);
      else if (this.stream.isOp('(')) node = this.#parseCall(node);
      else return node;
    }
  }

  #parseSubscript(node: Expr): Expr {
    const t = this.stream.next();
    if (t.value === '.') {
      const attr = this.stream.current;
      this.stream.next();
      if (attr.type === 'name')
        return { kind: 'Getattr', node, attr: attr.value as string, lineno: t.lineno };
      if (attr.type === 'integer') {
        return {
          kind: 'Getitem',
          node,
          arg: { kind: 'Const', value: attr.value, lineno: attr.lineno },
          lineno: t.lineno,
        };
      }
      return this.stream.fail(`expected name or number after '.', got ${describeToken(attr)}`, attr.lineno);
    }
    this.#enter();
    const args: Expr[] = [];
    while (!this.stream.isOp(']')) {
      if (args.length > 0) {
        this.stream.expectOp(',');
        if (this.stream.isOp(']')) break;
      }
      args.push(this.#parseSubscribed());
    }
    this.stream.expectOp(']');
    this.#depth -= 1;
    if (args.length === 0) this.stream.fail('expected a subscript inside []', t.lineno);
    const arg: Expr =
      args.length === 1 ? (args[0] as Expr) : { kind: 'Tuple', items: args, lineno: t.lineno };
    return { kind: 'Getitem', node, arg, lineno: t.lineno };
  }

  #parseSubscribed(): Expr {
    const lineno = this.stream.current.lineno;
    let start: Expr | null = null;
    if (!this.stream.isOp(':')) {
      start = this.parseExpression();
      if (!this.stream.isOp(':')) return start;
    }
    this.stream.expectOp(':');
    let stop: Expr | null = null;
    let step: Expr | null = null;
    if (!this.stream.isOp(']') && !this.stream.isOp(',') && !this.stream.isOp(':'))
      stop = this.parseExpression();
    if (this.stream.skipOp(':')) {
      if (!this.stream.isOp(']') && !this.stream.isOp(',')) step = this.parseExpression();
    }
    return { kind: 'Slice', start, stop, step, lineno };
  }

  protected parseCallArgs(): Arguments {
    this.stream.expectOp('(');
    this.#enter();
    const args: Expr[] = [];
    const kwargs: { key: string; value: Expr }[] = [];
    let dynArgs: Expr | null = null;
    let dynKwargs: Expr | null = null;
    let first = true;
    const ensure = (ok: boolean) => {
      if (!ok) this.stream.fail('invalid syntax for function call expression');
    };
    while (!this.stream.isOp(')')) {
      if (!first) {
        this.stream.expectOp(',');
        if (this.stream.isOp(')')) break;
      }
      first = false;
      if (this.stream.skipOp('**')) {
        ensure(dynKwargs === null);
        dynKwargs = this.parseExpression();
      } else if (this.stream.skipOp('*')) {
        ensure(dynArgs === null && dynKwargs === null);
        dynArgs = this.parseExpression();
      } else if (
        this.stream.current.type === 'name' &&
        this.stream.look().type === 'operator' &&
        this.stream.look().value === '='
      ) {
        ensure(dynKwargs === null);
        const key = this.stream.next().value as string;
        this.stream.next();
        kwargs.push({ key, value: this.parseExpression() });
      } else {
        ensure(dynArgs === null && dynKwargs === null && kwargs.length === 0);
        args.push(this.parseExpression());
      }
    }
    this.stream.expectOp(')');
    this.#depth -= 1;
    return { args, kwargs, dynArgs, dynKwargs };
  }

  #parseCall(node: Expr): Call {
    const lineno = this.stream.current.lineno;
    return { kind: 'Call', node, ...this.parseCallArgs(), lineno };
  }

  #dottedName(): string {
    let name = this.stream.expectType('name', 'a name').value as string;
    while (this.stream.isOp('.')) {
      this.stream.next();
      name += `.${this.stream.expectType('name', 'a name').value as string}`;
    }
    return name;
  }

  /** `|name(args)`, applied to `node` (null inside filter blocks). */
  protected parseFilter(node: Expr | null, startInline = false): Filter {
    if (!startInline) this.stream.expectOp('|');
    const lineno = this.stream.current.lineno;
    const name = this.#dottedName();
    const args: Arguments = this.stream.isOp('(')
      ? this.parseCallArgs()
      : { args: [], kwargs: [], dynArgs: null, dynKwargs: null };
    return { kind: 'Filter', node, name, ...args, lineno };
  }

  #parseTest(node: Expr): Test {
    const lineno = this.stream.expectName('is').lineno;
    const negated = this.stream.skipName('not');
    const name = this.#dottedName();
    let args: Arguments = { args: [], kwargs: [], dynArgs: null, dynKwargs: null };
    const t = this.stream.current;
    if (this.stream.isOp('(')) {
      args = this.parseCallArgs();
    } else if (
      (TEST_ARG_START.has(t.type) || (t.type === 'operator' && (t.value === '[' || t.value === '{'))) &&
      !(t.type === 'name' && (t.value === 'else' || t.value === 'or' || t.value === 'and'))
    ) {
      if (t.type === 'name' && t.value === 'is') this.stream.fail('You cannot chain multiple tests with is');
      args = { ...args, args: [this.parsePostfix(this.parsePrimary())] };
    }
    return { kind: 'Test', node, name, negated, ...args, lineno };
  }

  /** A `set`/`for`/`with` target: a name, `ns.attr` (if allowed) or a tuple of targets. */
  protected parseAssignTarget(
    options: { withTuple?: boolean; nameOnly?: boolean; withNamespace?: boolean; extraEnd?: string[] } = {},
  ): Target {
    const { withTuple = true, nameOnly = false, withNamespace = false, extraEnd } = options;
    const lineno = this.stream.current.lineno;
    if (
      withNamespace &&
      this.stream.current.type === 'name' &&
      this.stream.look().type === 'operator' &&
      this.stream.look().value === '.'
    ) {
      const name = this.stream.next().value as string;
      this.stream.next();
      const attr = this.stream.expectType('name', 'a name').value as string;
      return { kind: 'NSRef', name, attr, lineno };
    }
    if (nameOnly) return this.#nameTarget();
    const parseOne = (): Target => {
      if (this.stream.current.type === 'name') return this.#nameTarget();
      if (this.stream.isOp('(')) {
        this.stream.next();
        const inner = parseMany(true);
        this.stream.expectOp(')');
        return inner;
      }
      return this.stream.fail(`can't assign to ${describeToken(this.stream.current)}`);
    };
    const parseMany = (inParens: boolean): Target => {
      const items: Target[] = [];
      let isTuple = false;
      for (;;) {
        if (items.length > 0) this.stream.expectOp(',');
        if (this.#isTupleEnd(extraEnd) || (!inParens && this.stream.isOp('='))) break;
        items.push(parseOne());
        if (this.stream.isOp(',') && (withTuple || inParens)) isTuple = true;
        else break;
      }
      if (!isTuple && items.length === 1) return items[0] as Target;
      if (items.length === 0)
        return this.stream.fail(`can't assign to ${describeToken(this.stream.current)}`);
      return { kind: 'TupleTarget', items, lineno };
    };
    return withTuple ? parseMany(false) : parseOne();
  }

  #nameTarget(): Target {
    const t = this.stream.current;
    if (t.type !== 'name') return this.stream.fail(`can't assign to ${describeToken(t)}`);
    if (RESERVED_TARGETS.has(t.value as string))
      this.stream.fail(`can't assign to the constant '${t.value}'`);
    this.stream.next();
    return { kind: 'NameTarget', name: t.value as string, lineno: t.lineno };
  }

  /** `(a, b=1, c)` in a macro or call-block signature. */
  protected parseSignature(): MacroParam[] {
    const params: MacroParam[] = [];
    this.stream.expectOp('(');
    while (!this.stream.isOp(')')) {
      if (params.length > 0) this.stream.expectOp(',');
      const target = this.#nameTarget() as { name: string };
      let dflt: Expr | null = null;
      if (this.stream.skipOp('=')) dflt = this.parseExpression();
      else if (params.some((p) => p.default !== null)) {
        this.stream.fail('non-default argument follows default argument');
      }
      if (params.some((p) => p.name === target.name)) this.stream.fail(`duplicate argument '${target.name}'`);
      params.push({ name: target.name, default: dflt });
    }
    this.stream.expectOp(')');
    return params;
  }
}
