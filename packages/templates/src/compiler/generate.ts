/**
 * The code generator entry point: a template AST in, the source of a JS function
 * body out. The body receives one argument, `rt` (the runtime object), and returns
 * `{ root, blocks }`. Template text reaches the source only through JSON.stringify.
 */

import type { Stmt, TemplateNode } from '../nodes/nodes.ts';
import { assignedNames } from './analysis.ts';
import { CodeGenerator, type GenerateOptions } from './code-generator.ts';
import { declareNames } from './emit.ts';
import { RT } from './runtime-names.ts';
import { body, stmt } from './statements.ts';

/** Options of `generate`. */
export type { GenerateOptions };

function hasExtends(stmts: readonly Stmt[]): boolean {
  for (const s of stmts) {
    if (s.kind === 'Extends') return true;
    if (s.kind === 'If' && (hasExtends(s.body) || hasExtends(s.orelse))) return true;
  }
  return false;
}

/**
 * Generates the JS source of a compiled template.
 * @throws TemplateSyntaxError / TemplateAssertionError for problems found while compiling.
 */
export function generate(ast: TemplateNode, options: GenerateOptions): string {
  const g = new CodeGenerator(options, body);
  const fn = g.newFunction(null, { isOwner: true });
  fn.parentCheck = hasExtends(ast.body);
  const frame = g.newFrame(null, fn, true);
  const lines = g.capture(() => {
    g.line('let out = "";');
    if (fn.parentCheck) g.line('let parent = null;');
    declareNames(g, frame, assignedNames(ast.body));
    for (const s of ast.body) {
      stmt(g, frame, s);
      if (s.kind === 'Extends') fn.knownExtends = true;
    }
    if (fn.parentCheck) g.line(`if (parent !== null) out += ${g.aw(`${RT.renderParent}(parent, ctx)`)};`);
    g.line('return out;');
  });
  const blocks = [...g.blocks].map(([name, id]) => `[${JSON.stringify(name)}]: ${id}`);
  return [
    '"use strict";',
    `const TEMPLATE_NAME = ${JSON.stringify(options.name)};`,
    ...g.sharedDeclarations,
    ...g.moduleLines,
    `${g.asyncKw}function root(ctx) {`,
    ...g.functionBody(fn, 1, lines),
    '}',
    `return { root, blocks: { __proto__: null${blocks.map((b) => `, ${b}`).join('')} } };`,
  ].join('\n');
}
