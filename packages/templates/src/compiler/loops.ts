/**
 * Compiles `{% for %}`: plain, filtered (`if`), with `else`, and recursive. Sync templates index an array;
 * async templates (`renderAsync`) step a loop object that also reads async iterables, lazily.
 */

import { TemplateAssertionError } from '../errors/errors.ts';
import type { Expr, For, Stmt, Target } from '../nodes/nodes.ts';
import { assignedNames, forEachChild, readsAny, targetNames } from './analysis.ts';
import type { CodeGenerator } from './code-generator.ts';
import { bindTarget, declareNames, emitOutput } from './emit.ts';
import { cond, expr } from './expressions.ts';
import type { Frame } from './frame.ts';
import { RT } from './runtime-names.ts';

/** The recursive loop function and its depth variable, when compiling a `recursive` loop. */
type Recursion = { fn: string; depth: string } | null;

/** Compiles a `{% for %}` statement. */
export function forStmt(g: CodeGenerator, frame: Frame, node: For): void {
  g.setLine(frame, node.lineno);
  const store = loopAssignment(node);
  if (store !== null) {
    throw new TemplateAssertionError("Can't assign to special loop variable in for-loop target", {
      lineno: store,
    });
  }
  const iter = expr(g, frame, node.iter);
  if (!node.recursive) {
    loop(g, frame, node, iter, '0', null);
    frame.fn.lastLine = -1;
    return;
  }
  const rfn = g.ident('R');
  const depth = g.ident('D');
  const src = g.ident('s');
  const fn = g.newFunction(frame.fn, { ownsLine: false });
  const inner = g.newFrame(frame, fn);
  const savedOut = g.out;
  g.out = 'out';
  const lines = g.capture(() => {
    g.line('let out = "";');
    loop(g, inner, node, src, depth, { fn: rfn, depth });
    g.line('return out;');
  });
  g.out = savedOut;
  g.line(`const ${rfn} = ${g.asyncKw}(${src}, ${depth}) => {`);
  for (const l of g.functionBody(fn, node.lineno, lines)) g.line(l);
  g.line('};');
  emitOutput(g, frame, g.aw(`${rfn}(${iter}, 0)`));
  frame.fn.lastLine = -1;
}

/**
 * The line of a statement inside a for loop (its target included) that assigns to `loop`, or null. Jinja2
 * refuses these at compile time: inside the loop, `loop` is the loop object.
 */
function loopAssignment(node: For): number | null {
  let line: number | null = null;
  const visit = (n: Stmt | Expr): void => {
    if (line !== null) return;
    let targets: readonly Target[] = [];
    if (n.kind === 'For' || n.kind === 'Assign' || n.kind === 'AssignBlock') targets = [n.target];
    else if (n.kind === 'With') targets = n.targets;
    if (targets.some((t) => targetNames(t).includes('loop'))) {
      line = n.lineno;
      return;
    }
    forEachChild(n, visit);
  };
  visit(node);
  return line;
}

function loop(
  g: CodeGenerator,
  frame: Frame,
  node: For,
  iter: string,
  depth: string,
  recursive: Recursion,
): void {
  if (g.options.isAsync) asyncLoop(g, frame, node, iter, depth, recursive);
  else syncLoop(g, frame, node, iter, depth, recursive);
}

/** An index loop over the items as an array, filtered up front; a loop object only when `loop` is read. */
function syncLoop(
  g: CodeGenerator,
  frame: Frame,
  node: For,
  iter: string,
  depth: string,
  recursive: Recursion,
): void {
  const items = g.ident('I');
  g.line('{');
  g.line(`let ${items} = ${RT.iterate}(${iter});`);
  if (node.test) {
    const kept = g.ident('J');
    const v = g.ident('v');
    const testFrame = g.newFrame(frame, frame.fn);
    g.line(`const ${kept} = [];`);
    g.line(`for (const ${v} of ${items}) {`);
    bindTarget(g, testFrame, node.target, v);
    g.line(`if (${cond(g, testFrame, node.test)}) ${kept}.push(${v});`);
    g.line('}');
    g.line(`${items} = ${kept};`);
  }
  const loopId = recursive !== null || readsLoop(node) ? g.ident('L') : null;
  if (loopId) g.line(`const ${loopId} = ${RT.newLoop}(${items}, ${depth});`);
  const elseFlag = node.orelse.length > 0 ? g.ident('E') : null;
  if (elseFlag) g.line(`let ${elseFlag} = true;`);
  const i = g.ident('i');
  g.line(`for (let ${i} = 0; ${i} < ${items}.length; ${i}++) {`);
  if (loopId) g.line(`${loopId}.index0 = ${i};`);
  iteration(g, frame, node, `${items}[${i}]`, loopId, recursive, elseFlag);
  g.line('}');
  elseBranch(g, frame, node, elseFlag);
  g.line('}');
}

/**
 * A loop stepped by `rt.asyncLoop`: an array loop never awaits a step, an async iterator's loop awaits
 * each one. Leaving early (`break`, an error) closes the iterator, as `for await` does.
 */
function asyncLoop(
  g: CodeGenerator,
  frame: Frame,
  node: For,
  iter: string,
  depth: string,
  recursive: Recursion,
): void {
  const loopId = g.ident('L');
  g.line('{');
  const source = node.test
    ? `(await ${RT.keepPassing}(${iter}, ${loopTest(g, frame, node, node.test)}))`
    : iter;
  g.line(`const ${loopId} = ${RT.asyncLoop}(${source}, ${depth});`);
  const elseFlag = node.orelse.length > 0 ? g.ident('E') : null;
  if (elseFlag) g.line(`let ${elseFlag} = true;`);
  g.line('try {');
  g.line(`while (${loopId}.isAsync ? await ${loopId}.advance() : ${loopId}.advance()) {`);
  const visibleLoop = recursive !== null || readsLoop(node) ? loopId : null;
  iteration(g, frame, node, `${loopId}.current`, visibleLoop, recursive, elseFlag);
  g.line('}');
  g.line('} catch (e) {');
  g.line(`if (${loopId}.isAsync) await ${loopId}.abandon();`);
  g.line('throw e;');
  g.line('}');
  g.line(`if (${loopId}.isAsync) await ${loopId}.close();`);
  elseBranch(g, frame, node, elseFlag);
  g.line('}');
}

/**
 * The loop filter of an async template as an async function of one item, so an async iterable can be
 * filtered as it is read. It is a function of its own, so its temporaries are its own too.
 */
function loopTest(g: CodeGenerator, frame: Frame, node: For, test: Expr): string {
  const v = g.ident('v');
  const fn = g.newFunction(frame.fn, { ownsLine: false });
  const testFrame = g.newFrame(frame, fn);
  const lines = g.capture(() => {
    bindTarget(g, testFrame, node.target, v);
    g.line(`return ${cond(g, testFrame, test)};`);
  });
  return [`async (${v}) => {`, ...g.functionBody(fn, node.lineno, lines), '}'].join('\n');
}

function readsLoop(node: For): boolean {
  return readsAny(node.body, new Set(['loop']));
}

/** One pass of the loop body, with the target bound to `item` and `loop` to `loopId` when it is read. */
function iteration(
  g: CodeGenerator,
  frame: Frame,
  node: For,
  item: string,
  loopId: string | null,
  recursive: Recursion,
  elseFlag: string | null,
): void {
  const bodyFrame = g.newFrame(frame, frame.fn);
  bodyFrame.recursive = recursive;
  if (loopId) bodyFrame.names.set('loop', loopId);
  bindTarget(g, bodyFrame, node.target, item);
  declareNames(g, bodyFrame, assignedNames(node.body));
  frame.fn.loopDepth += 1;
  frame.fn.lastLine = -1;
  g.body(bodyFrame, node.body);
  frame.fn.loopDepth -= 1;
  // Set after the body, so a `break` in the first iteration still runs `else`, as in Jinja2.
  if (elseFlag) g.line(`${elseFlag} = false;`);
}

function elseBranch(g: CodeGenerator, frame: Frame, node: For, elseFlag: string | null): void {
  if (!elseFlag) return;
  g.line(`if (${elseFlag}) {`);
  frame.fn.lastLine = -1;
  const elseFrame = g.newFrame(frame, frame.fn);
  declareNames(g, elseFrame, assignedNames(node.orelse));
  g.body(elseFrame, node.orelse);
  g.line('}');
}
