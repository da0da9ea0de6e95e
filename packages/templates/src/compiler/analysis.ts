/** Static analysis of the AST the code generator needs: which names a scope assigns and which it reads. */

import { assertNever, type Expr, type Stmt, type Target } from '../nodes/nodes.ts';

type AnyNode = Stmt | Expr;

/** Names a target binds. */
export function targetNames(target: Target, into: string[] = []): string[] {
  switch (target.kind) {
    case 'NameTarget':
      into.push(target.name);
      break;
    case 'TupleTarget':
      for (const item of target.items) targetNames(item, into);
      break;
    case 'NSRef':
      break;
    default:
      assertNever(target);
  }
  return into;
}

/**
 * Names assigned directly in a scope by `set`, `macro`, `import` and `from … import`,
 * looking through `if` (which opens no scope) but not into nested scopes.
 */
export function assignedNames(body: readonly Stmt[], into: Set<string> = new Set()): Set<string> {
  for (const stmt of body) {
    switch (stmt.kind) {
      case 'Assign':
      case 'AssignBlock':
        for (const name of targetNames(stmt.target)) into.add(name);
        break;
      case 'Macro':
        into.add(stmt.name);
        break;
      case 'Import':
        into.add(stmt.target);
        break;
      case 'FromImport':
        for (const n of stmt.names) into.add(n.alias);
        break;
      case 'If':
        assignedNames(stmt.body, into);
        assignedNames(stmt.orelse, into);
        break;
      default:
        break;
    }
  }
  return into;
}

/** Calls `visit` for each direct child node (statements and expressions) of a node. */
export function forEachChild(node: AnyNode, visit: (child: AnyNode) => void): void {
  const all = (list: readonly AnyNode[]) => {
    for (const n of list) visit(n);
  };
  const maybe = (n: Expr | null) => {
    if (n !== null) visit(n);
  };
  const args = (a: {
    args: readonly Expr[];
    kwargs: readonly { value: Expr }[];
    dynArgs: Expr | null;
    dynKwargs: Expr | null;
  }) => {
    all(a.args);
    for (const kw of a.kwargs) visit(kw.value);
    maybe(a.dynArgs);
    maybe(a.dynKwargs);
  };
  switch (node.kind) {
    case 'Const':
    case 'Name':
    case 'Break':
    case 'Continue':
      return;
    case 'Tuple':
    case 'List':
      all(node.items);
      return;
    case 'Dict':
      for (const [k, v] of node.pairs) {
        visit(k);
        visit(v);
      }
      return;
    case 'CondExpr':
      visit(node.test);
      visit(node.body);
      maybe(node.orelse);
      return;
    case 'BinOp':
      visit(node.left);
      visit(node.right);
      return;
    case 'UnaryOp':
      visit(node.operand);
      return;
    case 'MarkSafeIfAutoescape':
      visit(node.expr);
      return;
    case 'Concat':
      all(node.items);
      return;
    case 'Compare':
      visit(node.left);
      for (const op of node.ops) visit(op.right);
      return;
    case 'Getattr':
      visit(node.node);
      return;
    case 'Getitem':
      visit(node.node);
      visit(node.arg);
      return;
    case 'Slice':
      maybe(node.start);
      maybe(node.stop);
      maybe(node.step);
      return;
    case 'Call':
      visit(node.node);
      args(node);
      return;
    case 'Filter':
      maybe(node.node);
      args(node);
      return;
    case 'Test':
      visit(node.node);
      args(node);
      return;
    case 'Output':
      for (const item of node.items) if (item.kind !== 'TemplateData') visit(item);
      return;
    case 'For':
      visit(node.iter);
      maybe(node.test);
      all(node.body);
      all(node.orelse);
      return;
    case 'If':
      visit(node.test);
      all(node.body);
      all(node.orelse);
      return;
    case 'Macro':
      for (const p of node.params) maybe(p.default);
      all(node.body);
      return;
    case 'CallBlock':
      visit(node.call);
      for (const p of node.params) maybe(p.default);
      all(node.body);
      return;
    case 'FilterBlock':
      all(node.filters);
      all(node.body);
      return;
    case 'With':
      all(node.values);
      all(node.body);
      return;
    case 'Block':
      all(node.body);
      return;
    case 'Extends':
    case 'Include':
    case 'Import':
    case 'FromImport':
      visit(node.template);
      return;
    case 'Assign':
      visitTarget(node.target, visit);
      visit(node.value);
      return;
    case 'AssignBlock':
      visitTarget(node.target, visit);
      all(node.filters);
      all(node.body);
      return;
    case 'AutoEscape':
      visit(node.value);
      all(node.body);
      return;
    case 'ExprStmt':
      visit(node.value);
      return;
    default:
      assertNever(node);
  }
}

function visitTarget(target: Target, visit: (child: AnyNode) => void): void {
  // `{% set ns.attr = … %}` reads `ns`.
  if (target.kind === 'NSRef') visit({ kind: 'Name', name: target.name, lineno: target.lineno });
  else if (target.kind === 'TupleTarget') for (const t of target.items) visitTarget(t, visit);
}

/**
 * True when any of `names` is read somewhere in the nodes. With `stopAtMacros`, nested macro
 * bodies are not searched (they have their own `caller`, `varargs` and `kwargs`).
 */
export function readsAny(
  nodes: readonly AnyNode[],
  names: ReadonlySet<string>,
  stopAtMacros = false,
): boolean {
  let found = false;
  const visit = (node: AnyNode): void => {
    if (found) return;
    if (node.kind === 'Name') {
      if (names.has(node.name)) found = true;
      return;
    }
    if (stopAtMacros && node.kind === 'Macro') {
      for (const p of node.params) if (p.default) visit(p.default);
      return;
    }
    if (stopAtMacros && node.kind === 'CallBlock') {
      visit(node.call);
      return;
    }
    forEachChild(node, visit);
  };
  for (const n of nodes) visit(n);
  return found;
}
