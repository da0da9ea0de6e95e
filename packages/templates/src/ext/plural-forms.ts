/**
 * The plural-forms expression of a gettext catalog (`plural=(n != 1);`), parsed
 * as the C subset GNU gettext defines and evaluated without `eval`.
 */

/** An error in a catalog: a bad `.mo` layout, a malformed `.po` line, an invalid plural expression. */
export class CatalogError extends Error {
  override readonly name = 'CatalogError';
}

type PluralNode =
  | { readonly kind: 'n' }
  | { readonly kind: 'num'; readonly value: number }
  | { readonly kind: 'not'; readonly operand: PluralNode }
  | { readonly kind: 'bin'; readonly op: string; readonly left: PluralNode; readonly right: PluralNode }
  | { readonly kind: 'cond'; readonly test: PluralNode; readonly yes: PluralNode; readonly no: PluralNode };

// Precedence from loosest to tightest, as in C (and Python's gettext.c2py).
const BINARY_PRIORITY: Readonly<Record<string, number>> = {
  '||': 1,
  '&&': 2,
  '==': 3,
  '!=': 3,
  '<': 4,
  '>': 4,
  '<=': 4,
  '>=': 4,
  '+': 5,
  '-': 5,
  '*': 6,
  '/': 6,
  '%': 6,
};

const TOKEN =
  /[ \t]+|([0-9]+)(?![A-Za-z0-9_])|(n)(?![A-Za-z0-9_])|([()])|([-*/%+?:]|[><!]=?|==|&&|\|\|)|(\w+|[\s\S])/y;
const MAX_LENGTH = 1000;
const MAX_DEPTH = 20;

function tokenize(source: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(source); m !== null; m = TOKEN.exec(source)) {
    if (m[5] !== undefined) throw new CatalogError(`invalid token in plural form: ${m[5]}`);
    const value = m[1] ?? m[2] ?? m[3] ?? m[4];
    if (value !== undefined) tokens.push(value);
  }
  return tokens;
}

class PluralParser {
  readonly #tokens: string[];
  #pos = 0;
  #depth = 0;

  constructor(tokens: string[]) {
    this.#tokens = tokens;
  }

  get #peek(): string {
    return this.#tokens[this.#pos] ?? '';
  }

  #next(): string {
    const token = this.#peek;
    this.#pos += 1;
    return token;
  }

  parseAll(): PluralNode {
    const node = this.#conditional();
    if (this.#peek !== '') throw unexpected(this.#peek);
    return node;
  }

  #conditional(): PluralNode {
    const test = this.#binary(1);
    if (this.#peek !== '?') return test;
    this.#next();
    const yes = this.#nested(() => this.#conditional());
    if (this.#next() !== ':') throw unexpected(this.#tokens[this.#pos - 1] ?? '');
    const no = this.#nested(() => this.#conditional());
    return { kind: 'cond', test, yes, no };
  }

  #binary(minPriority: number): PluralNode {
    let left = this.#unary();
    for (;;) {
      const op = this.#peek;
      const priority = Object.hasOwn(BINARY_PRIORITY, op) ? (BINARY_PRIORITY[op] as number) : 0;
      if (priority === 0 || priority < minPriority) return left;
      this.#next();
      const right = this.#nested(() => this.#binary(priority + 1));
      left = { kind: 'bin', op, left, right };
    }
  }

  #unary(): PluralNode {
    const token = this.#next();
    if (token === '!') return { kind: 'not', operand: this.#nested(() => this.#unary()) };
    if (token === '(') {
      const inner = this.#nested(() => this.#conditional());
      if (this.#next() !== ')') throw new CatalogError('unbalanced parenthesis in plural form');
      return inner;
    }
    if (token === 'n') return { kind: 'n' };
    if (/^[0-9]+$/.test(token)) return { kind: 'num', value: Number(token) };
    throw unexpected(token);
  }

  #nested<T>(parse: () => T): T {
    this.#depth += 1;
    if (this.#depth > MAX_DEPTH) throw new CatalogError('plural form expression is too complex');
    try {
      return parse();
    } finally {
      this.#depth -= 1;
    }
  }
}

function unexpected(token: string): CatalogError {
  return new CatalogError(
    token ? `unexpected token in plural form: ${token}` : 'unexpected end of plural form',
  );
}

function evaluate(node: PluralNode, n: number): number {
  switch (node.kind) {
    case 'n':
      return n;
    case 'num':
      return node.value;
    case 'not':
      return evaluate(node.operand, n) === 0 ? 1 : 0;
    case 'cond':
      return evaluate(node.test, n) !== 0 ? evaluate(node.yes, n) : evaluate(node.no, n);
    case 'bin':
      return binary(node.op, node.left, node.right, n);
  }
}

function binary(op: string, leftNode: PluralNode, rightNode: PluralNode, n: number): number {
  const a = evaluate(leftNode, n);
  if (op === '||') return a !== 0 || evaluate(rightNode, n) !== 0 ? 1 : 0;
  if (op === '&&') return a !== 0 && evaluate(rightNode, n) !== 0 ? 1 : 0;
  const b = evaluate(rightNode, n);
  switch (op) {
    case '==':
      return a === b ? 1 : 0;
    case '!=':
      return a !== b ? 1 : 0;
    case '<':
      return a < b ? 1 : 0;
    case '>':
      return a > b ? 1 : 0;
    case '<=':
      return a <= b ? 1 : 0;
    case '>=':
      return a >= b ? 1 : 0;
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
    case '%':
      if (b === 0) throw new CatalogError(`division by zero in plural form (n = ${n})`);
      // Python's gettext evaluates with floor division and modulo; for the non-negative counts of
      // real catalogs that equals C's truncation.
      return op === '/' ? Math.floor(a / b) : a - b * Math.floor(a / b);
    default:
      throw new CatalogError(`unknown operator in plural form: ${op}`);
  }
}

/**
 * Compiles a C plural expression (the `plural=` part of a catalog's Plural-Forms header) into a function
 * from a count to the index of the plural form, as Python's `gettext.c2py` does but without generating code.
 * Only `n`, decimal integers, parentheses, `! * / % + - < > <= >= == != && || ?:` are accepted.
 *
 * @example
 * pluralFunction('n%10==1 && n%100!=11 ? 0 : n != 0 ? 1 : 2')(21); // 0
 * @throws CatalogError for an invalid, too long or too deeply nested expression.
 */
export function pluralFunction(expression: string): (n: number) => number {
  if (expression.length > MAX_LENGTH) throw new CatalogError('plural form expression is too long');
  const tree = new PluralParser(tokenize(expression)).parseAll();
  return (n: number) => {
    const count = typeof n === 'boolean' ? Number(n) : n;
    if (typeof count !== 'number' || !Number.isFinite(count)) {
      throw new TypeError(`Plural value must be an integer, got ${count === null ? 'None' : typeof count}`);
    }
    return Math.trunc(evaluate(tree, count));
  };
}

/** The plural function of a `Plural-Forms` header value (`nplurals=2; plural=(n != 1);`). */
export function pluralFromHeader(header: string): (n: number) => number {
  const match = /plural\s*=([^;]*)/.exec(header);
  if (match === null) throw new CatalogError(`Plural-Forms header without 'plural=': ${header}`);
  return pluralFunction((match[1] as string).trim());
}
