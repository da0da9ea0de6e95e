/** Compiles expression nodes to JS expression strings. */

import {
  type Arguments,
  assertNever,
  type Call,
  type CompareOperator,
  type Expr,
  type Filter,
} from '../nodes/nodes.ts';
import type { CodeGenerator } from './code-generator.ts';
import type { Frame } from './frame.ts';
import { RT } from './runtime-names.ts';

const BINARY: Record<string, string> = {
  '+': RT.add,
  '-': RT.sub,
  '*': RT.mul,
  '/': RT.div,
  '//': RT.floordiv,
  '%': RT.mod,
  '**': RT.pow,
};
const COMPARE: Record<CompareOperator, string> = {
  '==': RT.eq,
  '!=': RT.ne,
  '<': RT.lt,
  '<=': RT.le,
  '>': RT.gt,
  '>=': RT.ge,
  in: RT.contains,
  notin: RT.contains,
};

/** A JS literal for a constant. */
export function literal(value: string | number | boolean | null): string {
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'NaN';
    if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
    return String(value);
  }
  return JSON.stringify(value);
}

/** Deepest expression nesting the compiler accepts (long `a + b + …` chains nest too). */
const MAX_DEPTH = 1000;

/** Compiles an expression to a JS expression producing its value. */
export function expr(g: CodeGenerator, frame: Frame, node: Expr): string {
  if (++g.depth > MAX_DEPTH) {
    g.depth = 0;
    throw g.syntaxError(
      `Expression nested more than ${MAX_DEPTH} levels deep; simplify the template`,
      node.lineno,
    );
  }
  try {
    return exprInner(g, frame, node);
  } finally {
    g.depth -= 1;
  }
}

function exprInner(g: CodeGenerator, frame: Frame, node: Expr): string {
  switch (node.kind) {
    case 'Const':
      return literal(node.value);
    case 'Name':
      return g.loadName(frame, node.name);
    case 'Tuple':
    case 'List':
      return `[${node.items.map((item) => expr(g, frame, item)).join(', ')}]`;
    case 'Dict': {
      const pairs = node.pairs.map(([k, v]) => `[${expr(g, frame, k)}]: ${expr(g, frame, v)}`);
      return `{ __proto__: null${pairs.map((p) => `, ${p}`).join('')} }`;
    }
    case 'CondExpr': {
      g.softFrame += 1;
      const body = expr(g, frame, node.body);
      const orelse = node.orelse ? expr(g, frame, node.orelse) : `${RT.condUndefined}(${node.lineno})`;
      g.softFrame -= 1;
      return `(${cond(g, frame, node.test)} ? ${body} : ${orelse})`;
    }
    case 'BinOp': {
      if (node.op === 'and' || node.op === 'or') {
        const t = g.temp(frame);
        const left = expr(g, frame, node.left);
        const right = expr(g, frame, node.right);
        return node.op === 'and'
          ? `(${RT.truthy}(${t} = ${left}) ? ${right} : ${t})`
          : `(${RT.truthy}(${t} = ${left}) ? ${t} : ${right})`;
      }
      return `${BINARY[node.op]}(${expr(g, frame, node.left)}, ${expr(g, frame, node.right)})`;
    }
    case 'UnaryOp':
      if (node.op === 'not') return `!${cond(g, frame, node.operand)}`;
      return `${node.op === '-' ? RT.neg : RT.pos}(${expr(g, frame, node.operand)})`;
    case 'Concat':
      return `${RT.concat}(${g.autoescapeLiteral()}, [${node.items.map((i) => expr(g, frame, i)).join(', ')}])`;
    case 'Compare':
      return compare(g, frame, node.left, node.ops);
    case 'Getattr': {
      const loop = loopAttribute(g, frame, node.node, node.attr);
      if (loop !== null) return loop;
      return g.aw(`${RT.ga}(${expr(g, frame, node.node)}, ${JSON.stringify(node.attr)})`);
    }
    case 'Getitem': {
      const obj = expr(g, frame, node.node);
      if (node.arg.kind === 'Slice') {
        const s = node.arg;
        const part = (e: Expr | null) => (e === null ? 'null' : expr(g, frame, e));
        return `${RT.slice}(${obj}, ${part(s.start)}, ${part(s.stop)}, ${part(s.step)})`;
      }
      return g.aw(`${RT.gi}(${obj}, ${expr(g, frame, node.arg)})`);
    }
    case 'Slice':
      throw g.syntaxError('a slice is only allowed inside []', node.lineno);
    case 'MarkSafeIfAutoescape': {
      const inner = expr(g, frame, node.expr);
      if (g.autoescape === false) return inner;
      if (g.autoescape === true) return `${RT.markup}(${inner})`;
      return `(${g.autoescape} ? ${RT.markup}(${inner}) : ${inner})`;
    }
    case 'Call':
      return call(g, frame, node, null);
    case 'Filter':
      if (node.node === null) throw g.syntaxError('filter without a value', node.lineno);
      return filter(g, frame, node, expr(g, frame, node.node));
    case 'Test': {
      const id = g.testRef(node.name, node.lineno);
      if (hasNoArguments(node)) {
        const code = g.aw(`${RT.test0}(${id}, ${expr(g, frame, node.node)}, ${g.evalContext}, ctx)`);
        return node.negated ? `!${code}` : code;
      }
      const { args, kwargs } = callArguments(g, frame, node);
      const code = g.aw(
        `${RT.callTest}(${id}, ${expr(g, frame, node.node)}, ${args}, ${kwargs}, ${g.evalContext}, ctx)`,
      );
      return node.negated ? `!${code}` : code;
    }
    default:
      return assertNever(node);
  }
}

/** Compiles an expression used as a condition to a JS boolean expression. */
export function cond(g: CodeGenerator, frame: Frame, node: Expr): string {
  switch (node.kind) {
    case 'Const':
      return node.value === null || node.value === false || node.value === 0 || node.value === ''
        ? 'false'
        : 'true';
    case 'BinOp':
      if (node.op === 'and') return `(${cond(g, frame, node.left)} && ${cond(g, frame, node.right)})`;
      if (node.op === 'or') return `(${cond(g, frame, node.left)} || ${cond(g, frame, node.right)})`;
      break;
    case 'UnaryOp':
      if (node.op === 'not') return `!${cond(g, frame, node.operand)}`;
      break;
    case 'Compare':
    case 'Test':
      return expr(g, frame, node);
    default:
      break;
  }
  return `${RT.truthy}(${expr(g, frame, node)})`;
}

function compare(
  g: CodeGenerator,
  frame: Frame,
  left: Expr,
  ops: readonly { op: CompareOperator; right: Expr }[],
): string {
  const one = (op: CompareOperator, a: string, b: string): string => {
    if (op === 'in') return `${RT.contains}(${b}, ${a})`;
    if (op === 'notin') return `!${RT.contains}(${b}, ${a})`;
    return `${COMPARE[op]}(${a}, ${b})`;
  };
  if (ops.length === 1) {
    const only = ops[0] as { op: CompareOperator; right: Expr };
    return one(only.op, expr(g, frame, left), expr(g, frame, only.right));
  }
  // Chained: a < b < c is (a < b) and (b < c), evaluating b once.
  const parts: string[] = [];
  let prev = expr(g, frame, left);
  for (const { op, right } of ops) {
    const t = g.temp(frame);
    parts.push(one(op, prev, `(${t} = ${expr(g, frame, right)})`));
    prev = t;
  }
  return `(${parts.join(' && ')})`;
}

/** Positional and keyword arguments as JS expressions (`[…]`, `{…}` or `null`). */
export function callArguments(
  g: CodeGenerator,
  frame: Frame,
  node: Arguments,
  extraKwargs: [string, string][] = [],
): { args: string; kwargs: string } {
  let args = `[${node.args.map((a) => expr(g, frame, a)).join(', ')}]`;
  if (node.dynArgs) {
    const spread = `...${RT.spread}(${expr(g, frame, node.dynArgs)})`;
    args = node.args.length ? `${args.slice(0, -1)}, ${spread}]` : `[${spread}]`;
  }
  const pairs = [
    ...node.kwargs.map((kw) => `[${JSON.stringify(kw.key)}]: ${expr(g, frame, kw.value)}`),
    ...extraKwargs.map(([k, v]) => `[${JSON.stringify(k)}]: ${v}`),
  ];
  let kwargs = pairs.length ? `{ __proto__: null, ${pairs.join(', ')} }` : 'null';
  if (node.dynKwargs) {
    const base = pairs.length ? kwargs : '{ __proto__: null }';
    kwargs = `${RT.mergeKwargs}(${base}, ${expr(g, frame, node.dynKwargs)})`;
  }
  return { args, kwargs };
}

/** `fn(args)`; `loop(x)` inside a recursive loop recurses; `extraKwargs` adds `caller=`. */
export function call(
  g: CodeGenerator,
  frame: Frame,
  node: Call,
  extraKwargs: [string, string][] | null,
): string {
  const rec = frame.recursive;
  if (
    rec !== null &&
    node.node.kind === 'Name' &&
    node.node.name === 'loop' &&
    frame.lookup('loop') !== undefined
  ) {
    if (node.args.length !== 1)
      throw g.syntaxError('loop() takes exactly one argument in a recursive loop', node.lineno);
    const inner = g.aw(
      `${RT.recurse}(ctx, ${rec.fn}, ${expr(g, frame, node.args[0] as Expr)}, ${rec.depth} + 1)`,
    );
    if (g.autoescape === false) return inner;
    if (g.autoescape === true) return `${RT.markup}(${inner})`;
    return `(${g.autoescape} ? ${RT.markup}(${inner}) : ${inner})`;
  }
  const fn = expr(g, frame, node.node);
  const { args, kwargs } = callArguments(g, frame, node, extraKwargs ?? []);
  return g.aw(`${RT.call}(${fn}, ${args}, ${kwargs}, ${g.autoescapeLiteral()}, ctx)`);
}

/** Applies one filter to an already compiled value. */
export function filter(g: CodeGenerator, frame: Frame, node: Filter, value: string): string {
  const id = g.filterRef(node.name, node.lineno);
  if (hasNoArguments(node)) return g.aw(`${RT.filter0}(${id}, ${value}, ${g.evalContext}, ctx)`);
  const { args, kwargs } = callArguments(g, frame, node);
  return g.aw(`${RT.callFilter}(${id}, ${value}, ${args}, ${kwargs}, ${g.evalContext}, ctx)`);
}

function hasNoArguments(node: Arguments): boolean {
  return (
    node.args.length === 0 && node.kwargs.length === 0 && node.dynArgs === null && node.dynKwargs === null
  );
}

const LOOP_FIELDS = new Set([
  'index',
  'index0',
  'length',
  'revindex',
  'revindex0',
  'first',
  'last',
  'depth',
  'depth0',
  'previtem',
  'nextitem',
]);

/** The fields a loop over an async iterable answers with a promise: they read items ahead. */
const LOOP_FIELDS_READING_AHEAD = new Set(['length', 'revindex', 'revindex0', 'last', 'nextitem']);

/** `loop.index` and friends read straight from the engine's own loop object. */
function loopAttribute(g: CodeGenerator, frame: Frame, node: Expr, attr: string): string | null {
  if (node.kind !== 'Name' || node.name !== 'loop' || !LOOP_FIELDS.has(attr)) return null;
  const ident = frame.lookup('loop');
  if (ident === undefined || !ident.startsWith('L')) return null;
  if (attr === 'index') return `(${ident}.index0 + 1)`;
  return LOOP_FIELDS_READING_AHEAD.has(attr) ? g.aw(`${ident}.${attr}`) : `${ident}.${attr}`;
}
