/**
 * Finds the translatable strings of a template, as Jinja2's `extract_from_ast` does for Babel: every call of
 * a gettext function by name (trans blocks become such calls) with its line and its string arguments.
 */

import type { TemplateNode } from '../nodes/nodes.ts';

/** The function names searched by default, as in Jinja2. */
export const GETTEXT_FUNCTIONS: readonly string[] = ['_', 'gettext', 'ngettext', 'pgettext', 'npgettext'];

/**
 * One translatable call: its line, the function name, and its arguments, each a string constant or null;
 * a call with one argument gives that string alone (Babel's style).
 */
export type ExtractedMessage = [lineno: number, funcname: string, message: string | null | (string | null)[]];

type AnyNode = { readonly kind: string; readonly lineno?: number } & Record<string, unknown>;

function isNode(value: unknown): value is AnyNode {
  return (
    typeof value === 'object' && value !== null && typeof (value as { kind?: unknown }).kind === 'string'
  );
}

/** A node's children in Jinja2's field order (depth-first, in source order). */
function* children(node: AnyNode): Generator<AnyNode> {
  // Jinja2's FilterBlock lists its body before its filter; every other node's fields are already in Jinja2's order.
  const keys = node.kind === 'FilterBlock' ? ['body', 'filters'] : Object.keys(node);
  for (const key of keys) yield* nodesIn(node[key]);
}

function* nodesIn(value: unknown): Generator<AnyNode> {
  if (Array.isArray(value)) {
    for (const item of value) yield* nodesIn(item);
  } else if (isNode(value)) {
    yield value;
  } else if (typeof value === 'object' && value !== null) {
    // Plain holders such as keyword arguments ({ key, value }) and macro parameters ({ name, default }).
    for (const inner of Object.values(value)) yield* nodesIn(inner);
  }
}

function* walk(node: AnyNode): Generator<AnyNode> {
  for (const child of children(node)) {
    yield child;
    yield* walk(child);
  }
}

/**
 * The translatable calls of a parsed template, in source order.
 * @example
 * extractFromAst(env.parse('{{ _("Hello") }}')); // [[1, '_', 'Hello']]
 */
export function extractFromAst(
  ast: TemplateNode,
  gettextFunctions: readonly string[] = GETTEXT_FUNCTIONS,
): ExtractedMessage[] {
  const found: ExtractedMessage[] = [];
  for (const node of walk(ast as unknown as AnyNode)) {
    if (node.kind !== 'Call') continue;
    const callee = node.node as AnyNode;
    if (callee.kind !== 'Name' || !gettextFunctions.includes(callee.name as string)) continue;
    const strings: (string | null)[] = (node.args as AnyNode[]).map((arg) =>
      arg.kind === 'Const' && typeof arg.value === 'string' ? arg.value : null,
    );
    for (const _ of node.kwargs as unknown[]) strings.push(null);
    if (node.dynArgs !== null) strings.push(null);
    if (node.dynKwargs !== null) strings.push(null);
    found.push([
      node.lineno as number,
      callee.name as string,
      strings.length === 1 ? (strings[0] as string | null) : strings,
    ]);
  }
  return found;
}
