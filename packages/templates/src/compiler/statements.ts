/** Compiles statements (output, control flow, assignment, macros) to JS statements. */

import {
  type AssignBlock,
  assertNever,
  type CallBlock,
  type Expr,
  type FilterBlock,
  type If,
  type Macro,
  type MacroParam,
  type Output,
  type Stmt,
  type With,
} from '../nodes/nodes.ts';
import { escapeText } from '../runtime/markup.ts';
import { assignedNames, readsAny } from './analysis.ts';
import type { CodeGenerator } from './code-generator.ts';
import { assign, bindTarget, captured, declareNames, emitOutput, printed } from './emit.ts';
import { call, cond, expr, filter } from './expressions.ts';
import type { Frame, FunctionState } from './frame.ts';
import { forStmt } from './loops.ts';
import { RT } from './runtime-names.ts';
import { block, extendsStmt, fromImport, importStmt, include } from './template-statements.ts';

/** Compiles a list of statements in a frame. */
export function body(g: CodeGenerator, frame: Frame, stmts: readonly Stmt[]): void {
  for (const s of stmts) stmt(g, frame, s);
}

/** Compiles one statement. */
export function stmt(g: CodeGenerator, frame: Frame, node: Stmt): void {
  switch (node.kind) {
    case 'Output':
      output(g, frame, node);
      return;
    case 'If':
      ifStmt(g, frame, node);
      return;
    case 'For':
      forStmt(g, frame, node);
      return;
    case 'Assign':
      g.setLine(frame, node.lineno);
      assign(g, frame, node.target, expr(g, frame, node.value));
      return;
    case 'AssignBlock':
      assignBlock(g, frame, node);
      return;
    case 'With':
      withStmt(g, frame, node);
      return;
    case 'AutoEscape':
      autoescape(g, frame, node.value, node.body, node.lineno);
      return;
    case 'FilterBlock':
      filterBlock(g, frame, node);
      return;
    case 'Macro':
      macro(g, frame, node);
      return;
    case 'CallBlock':
      callBlock(g, frame, node);
      return;
    case 'ExprStmt':
      g.setLine(frame, node.lineno);
      g.line(`void ${expr(g, frame, node.value)};`);
      return;
    case 'Break':
    case 'Continue':
      if (frame.fn.loopDepth === 0) {
        throw g.syntaxError(`'${node.kind === 'Break' ? 'break' : 'continue'}' outside loop`, node.lineno);
      }
      g.line(node.kind === 'Break' ? 'break;' : 'continue;');
      return;
    case 'Block':
      block(g, frame, node);
      return;
    case 'Extends':
      extendsStmt(g, frame, node);
      return;
    case 'Include':
      include(g, frame, node);
      return;
    case 'Import':
      importStmt(g, frame, node);
      return;
    case 'FromImport':
      fromImport(g, frame, node);
      return;
    default:
      assertNever(node);
  }
}

function output(g: CodeGenerator, frame: Frame, node: Output): void {
  if (frame.fn.parentCheck && g.out === 'out' && frame.fn.knownExtends) return;
  g.setLine(frame, node.lineno);
  const parts: string[] = [];
  let lastLine = node.lineno;
  for (const item of node.items) {
    if (item.kind === 'TemplateData') {
      if (item.data) parts.push(JSON.stringify(item.data));
      continue;
    }
    if (item.kind === 'Const' && typeof item.value === 'string' && typeof g.autoescape === 'boolean') {
      const text = g.autoescape ? escapeText(item.value) : item.value;
      if (text) parts.push(JSON.stringify(text));
      continue;
    }
    let code = printed(g, expr(g, frame, item));
    if (item.lineno !== lastLine) {
      code = `(ln = ${item.lineno}, ${code})`;
      lastLine = item.lineno;
      frame.fn.lastLine = -1;
    }
    parts.push(code);
  }
  if (parts.length > 0) emitOutput(g, frame, parts.join(' + '));
}

function ifStmt(g: CodeGenerator, frame: Frame, node: If): void {
  g.setLine(frame, node.lineno);
  const line = frame.fn.lastLine;
  // As Jinja2's frame.soft(): an unknown filter or test in the condition or the branches fails only when
  // it runs, since a guard (`x is defined and x is evn`) may keep it from running.
  g.softFrame += 1;
  g.line(`if (${cond(g, frame, node.test)}) {`);
  body(g, frame, node.body);
  if (node.orelse.length > 0) {
    g.line('} else {');
    frame.fn.lastLine = line;
    body(g, frame, node.orelse);
  }
  g.softFrame -= 1;
  g.line('}');
  frame.fn.lastLine = -1;
}

/** Compiles `body` into a fresh output variable inside a new scope; returns the variable. */
function captureBody(g: CodeGenerator, frame: Frame, stmts: readonly Stmt[]): string {
  const o = g.ident('o');
  g.line(`let ${o} = "";`);
  const savedOut = g.out;
  g.out = o;
  const inner = g.newFrame(frame, frame.fn);
  declareNames(g, inner, assignedNames(stmts));
  body(g, inner, stmts);
  g.out = savedOut;
  return o;
}

function assignBlock(g: CodeGenerator, frame: Frame, node: AssignBlock): void {
  g.setLine(frame, node.lineno);
  g.line('{');
  const o = captureBody(g, frame, node.body);
  let value = captured(g, o);
  for (const f of node.filters) value = filter(g, frame, f, value);
  assign(g, frame, node.target, value);
  g.line('}');
  frame.fn.lastLine = -1;
}

function filterBlock(g: CodeGenerator, frame: Frame, node: FilterBlock): void {
  g.setLine(frame, node.lineno);
  g.line('{');
  const o = captureBody(g, frame, node.body);
  let value = captured(g, o);
  g.setLine(frame, node.lineno);
  for (const f of node.filters) value = filter(g, frame, f, value);
  emitOutput(g, frame, printed(g, value));
  g.line('}');
  frame.fn.lastLine = -1;
}

function withStmt(g: CodeGenerator, frame: Frame, node: With): void {
  g.setLine(frame, node.lineno);
  g.line('{');
  const values = node.values.map((v) => {
    const id = g.ident('w');
    g.line(`const ${id} = ${expr(g, frame, v)};`);
    return id;
  });
  const inner = g.newFrame(frame, frame.fn);
  node.targets.forEach((t, i) => {
    bindTarget(g, inner, t, values[i] as string);
  });
  declareNames(g, inner, assignedNames(node.body));
  body(g, inner, node.body);
  g.line('}');
  frame.fn.lastLine = -1;
}

function autoescape(
  g: CodeGenerator,
  frame: Frame,
  value: Expr,
  stmts: readonly Stmt[],
  lineno: number,
): void {
  g.setLine(frame, lineno);
  const saved: [boolean | string, string] = [g.autoescape, g.evalContext];
  g.line('{');
  if (value.kind === 'Const') {
    const on = Boolean(value.value);
    g.autoescape = on;
    g.evalContext = g.staticEvalContext(on);
  } else {
    const ae = g.ident('ae');
    const ec = g.ident('ec');
    g.line(`const ${ae} = ${cond(g, frame, value)};`);
    g.line(`const ${ec} = ${RT.evalContext}(${ae});`);
    g.autoescape = ae;
    g.evalContext = ec;
  }
  const inner = g.newFrame(frame, frame.fn);
  declareNames(g, inner, assignedNames(stmts));
  body(g, inner, stmts);
  [g.autoescape, g.evalContext] = saved;
  g.line('}');
  frame.fn.lastLine = -1;
}

/** Generates `rt.macro(signature, (A) => { … }, ctx)` for a macro or a call block's caller. */
function macroValue(
  g: CodeGenerator,
  frame: Frame,
  name: string,
  params: readonly MacroParam[],
  stmts: readonly Stmt[],
  lineno: number,
): string {
  const catchVarargs = readsAny(stmts, new Set(['varargs']), true);
  const catchKwargs = readsAny(stmts, new Set(['kwargs']), true);
  const usesCaller = readsAny(stmts, new Set(['caller']), true);
  const sig = g.ident('S', name);
  g.moduleLines.push(
    `const ${sig} = ${JSON.stringify({ name, params: params.map((p) => p.name), catchVarargs, catchKwargs, caller: usesCaller })};`,
  );
  const fn: FunctionState = g.newFunction(frame.fn);
  const inner = g.newFrame(frame, fn);
  inner.recursive = null;
  const savedOut = g.out;
  g.out = 'out';
  const n = params.length;
  const lines = g.capture(() => {
    g.line('let out = "";');
    params.forEach((p, i) => {
      const fallback = p.default
        ? expr(g, inner, p.default)
        : `${RT.missingParam}(${JSON.stringify(p.name)})`;
      const ident = g.ident('l', p.name);
      g.line(`let ${ident} = A[${i}] === ${RT.MISSING} ? ${fallback} : A[${i}];`);
      inner.names.set(p.name, ident);
    });
    const special = (pname: string, index: number, init: string) => {
      const ident = g.ident('l', pname);
      g.line(`let ${ident} = ${init.replaceAll('$', `A[${index}]`)};`);
      inner.names.set(pname, ident);
    };
    if (catchVarargs) special('varargs', n, '$');
    if (catchKwargs) special('kwargs', n + 1, '$');
    if (usesCaller) special('caller', n + 2, `$ === ${RT.MISSING} ? ${RT.noCaller}() : $`);
    declareNames(g, inner, assignedNames(stmts));
    body(g, inner, stmts);
    g.line('return out;');
  });
  g.out = savedOut;
  const fnBody = g.functionBody(fn, lineno, lines).join('\n');
  return `${RT.macro}(${sig}, ${g.asyncKw}(A) => {\n${fnBody}\n}, ctx, ${g.autoescapeLiteral()})`;
}

function macro(g: CodeGenerator, frame: Frame, node: Macro): void {
  g.setLine(frame, node.lineno);
  const value = macroValue(g, frame, node.name, node.params, node.body, node.lineno);
  assign(g, frame, { kind: 'NameTarget', name: node.name, lineno: node.lineno }, value);
  frame.fn.lastLine = -1;
}

function callBlock(g: CodeGenerator, frame: Frame, node: CallBlock): void {
  g.setLine(frame, node.lineno);
  const callerId = g.ident('k');
  g.line('{');
  g.line(`const ${callerId} = ${macroValue(g, frame, 'caller', node.params, node.body, node.lineno)};`);
  frame.fn.lastLine = -1;
  g.setLine(frame, node.lineno);
  emitOutput(g, frame, printed(g, call(g, frame, node.call, [['caller', callerId]])));
  g.line('}');
  frame.fn.lastLine = -1;
}
