/** Compiles the statements that involve other templates: block, extends, include, import. */

import { TemplateAssertionError } from '../errors/errors.ts';
import type { Block, Extends, FromImport, Import, Include } from '../nodes/nodes.ts';
import { assignedNames } from './analysis.ts';
import type { CodeGenerator } from './code-generator.ts';
import { declareNames, emitOutput } from './emit.ts';
import { expr } from './expressions.ts';
import type { Frame } from './frame.ts';
import { RT } from './runtime-names.ts';

/** `{ __proto__: null, name: ident, … }` of the visible template variables, or `null`. */
function localsObject(frame: Frame): string {
  const names = frame.visibleNames();
  if (names.size === 0) return 'null';
  const pairs = [...names].map(([name, ident]) => `[${JSON.stringify(name)}]: ${ident}`);
  return `{ __proto__: null, ${pairs.join(', ')} }`;
}

/** A block: its body becomes a module-level function; here it is rendered through the context's block stack. */
export function block(g: CodeGenerator, frame: Frame, node: Block): void {
  const fnIdent = g.ident('b', node.name);
  g.blocks.set(node.name, fnIdent);
  const fn = g.newFunction(null, { isOwner: true, blockName: node.name, blockIdent: fnIdent });
  const inner = g.newFrame(null, fn);
  const saved: [string, boolean | string, string] = [g.out, g.autoescape, g.evalContext];
  g.out = 'out';
  if (typeof g.autoescape === 'string') {
    // A runtime autoescape switch is not visible from the block function; use the template default.
    g.autoescape = g.options.autoescape;
    g.evalContext = g.staticEvalContext(g.options.autoescape);
  }
  const lines = g.capture(() => {
    if (node.required) {
      g.line(`return ${RT.requiredBlock}(${JSON.stringify(node.name)});`);
      return;
    }
    g.line('let out = "";');
    declareNames(g, inner, assignedNames(node.body));
    g.body(inner, node.body);
    g.line('return out;');
  });
  [g.out, g.autoescape, g.evalContext] = saved;
  g.moduleLines.push(
    `${g.asyncKw}function ${fnIdent}(ctx) {`,
    ...g.functionBody(fn, node.lineno, lines),
    '}',
  );

  if (frame.fn.parentCheck && g.out === 'out' && frame.fn.knownExtends) return;
  g.setLine(frame, node.lineno);
  const target = node.scoped ? `${RT.derive}(ctx, ${localsObject(frame)})` : 'ctx';
  emitOutput(g, frame, g.aw(`${RT.block}(${target}, ${JSON.stringify(node.name)})`));
}

/** `{% extends %}`: records the parent; output after it is skipped. */
export function extendsStmt(g: CodeGenerator, frame: Frame, node: Extends): void {
  if (!frame.isTopLevel || !frame.fn.parentCheck) {
    throw new TemplateAssertionError('cannot use extends from a non top-level scope', {
      lineno: node.lineno,
    });
  }
  g.setLine(frame, node.lineno);
  g.line(`parent = ${RT.extend}(ctx, ${expr(g, frame, node.template)}, parent);`);
}

/** `{% include %}`: renders another template with (a copy of) the current variables. */
export function include(g: CodeGenerator, frame: Frame, node: Include): void {
  g.setLine(frame, node.lineno);
  const locals = node.withContext ? localsObject(frame) : 'null';
  const call = `${RT.include}(ctx, ${expr(g, frame, node.template)}, ${locals}, ${node.ignoreMissing}, ${node.withContext})`;
  emitOutput(g, frame, g.aw(call));
}

function moduleCode(g: CodeGenerator, frame: Frame, node: Import | FromImport): string {
  const locals = node.withContext ? localsObject(frame) : 'null';
  return g.aw(`${RT.importModule}(ctx, ${expr(g, frame, node.template)}, ${node.withContext}, ${locals})`);
}

/** `{% import … as name %}`. */
export function importStmt(g: CodeGenerator, frame: Frame, node: Import): void {
  g.setLine(frame, node.lineno);
  const ident = frame.lookup(node.target) as string;
  g.line(`${ident} = ${moduleCode(g, frame, node)};`);
  if (frame.isTopLevel) g.line(`${RT.exportVar}(ctx, ${JSON.stringify(node.target)}, ${ident});`);
}

/** `{% from … import … %}`. */
export function fromImport(g: CodeGenerator, frame: Frame, node: FromImport): void {
  g.setLine(frame, node.lineno);
  const mod = g.ident('m');
  g.line(`const ${mod} = ${moduleCode(g, frame, node)};`);
  for (const { name, alias } of node.names) {
    const ident = frame.lookup(alias) as string;
    g.line(`${ident} = ${RT.importName}(${mod}, ${JSON.stringify(name)});`);
    // Like Jinja2, names imported with `from` are visible to blocks but not re-exported.
    if (frame.isTopLevel) g.line(`ctx.vars[${JSON.stringify(alias)}] = ${ident};`);
  }
}
