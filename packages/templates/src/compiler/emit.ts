/**
 * The emit helpers every statement compiler shares (output, names, targets). Their own module, so that
 * statements.ts, loops.ts and template-statements.ts import them without importing each other; compiling a
 * nested body goes through `g.body`, which generate.ts wires to statements.ts.
 */

import { assertNever, type Target } from '../nodes/nodes.ts';
import type { CodeGenerator } from './code-generator.ts';
import type { Frame } from './frame.ts';
import { RT } from './runtime-names.ts';

/** Appends already-built JS string code to the output, skipping it once a parent template is set. */
export function emitOutput(g: CodeGenerator, frame: Frame, code: string): void {
  const checked = frame.fn.parentCheck && g.out === 'out';
  if (checked && frame.fn.knownExtends) return;
  g.line(checked ? `if (parent === null) out += ${code};` : `${g.out} += ${code};`);
}

/** JS code printing a value as `{{ }}` does under the current autoescape mode. */
export function printed(g: CodeGenerator, code: string): string {
  if (g.autoescape === true) return `${RT.esc}(${code})`;
  if (g.autoescape === false) return `${RT.str}(${code})`;
  return `(${g.autoescape} ? ${RT.esc}(${code}) : ${RT.str}(${code}))`;
}

/** Captured output as a value: Markup when autoescaping (it is already escaped). */
export function captured(g: CodeGenerator, variable: string): string {
  if (g.autoescape === true) return `${RT.markup}(${variable})`;
  if (g.autoescape === false) return variable;
  return `(${g.autoescape} ? ${RT.markup}(${variable}) : ${variable})`;
}

/** Declares names assigned in a new scope, each starting with the value it has outside. */
export function declareNames(g: CodeGenerator, frame: Frame, names: Iterable<string>): void {
  for (const name of names) {
    if (frame.names.has(name)) continue;
    const init = g.loadName(frame, name);
    const ident = g.ident('l', name);
    frame.names.set(name, ident);
    g.line(`let ${ident} = ${init};`);
  }
}

/** Binds a fresh loop/with target in `frame` from a JS value expression. */
export function bindTarget(g: CodeGenerator, frame: Frame, target: Target, value: string): void {
  switch (target.kind) {
    case 'NameTarget': {
      const ident = g.ident('l', target.name);
      frame.names.set(target.name, ident);
      g.line(`let ${ident} = ${value};`);
      return;
    }
    case 'TupleTarget': {
      const t = g.ident('u');
      g.line(`const ${t} = ${RT.unpack}(${value}, ${target.items.length});`);
      target.items.forEach((item, i) => {
        bindTarget(g, frame, item, `${t}[${i}]`);
      });
      return;
    }
    case 'NSRef':
      throw g.syntaxError("can't assign to a namespace attribute here", target.lineno);
    default:
      assertNever(target);
  }
}

/** Assigns to an already declared target (`set`). */
export function assign(g: CodeGenerator, frame: Frame, target: Target, value: string): void {
  switch (target.kind) {
    case 'NameTarget': {
      const ident = frame.lookup(target.name) as string;
      g.line(`${ident} = ${value};`);
      if (frame.isTopLevel) g.line(`${RT.exportVar}(ctx, ${JSON.stringify(target.name)}, ${ident});`);
      return;
    }
    case 'TupleTarget': {
      const t = g.ident('u');
      g.line(`const ${t} = ${RT.unpack}(${value}, ${target.items.length});`);
      target.items.forEach((item, i) => {
        assign(g, frame, item, `${t}[${i}]`);
      });
      return;
    }
    case 'NSRef':
      g.line(`${RT.setAttr}(${g.loadName(frame, target.name)}, ${JSON.stringify(target.attr)}, ${value});`);
      return;
    default:
      assertNever(target);
  }
}
