/**
 * The render context: the variables a template sees (render arguments over
 * globals), the variables its top level sets, its exports and the block stacks
 * used by inheritance.
 */

/** A compiled block: renders the block body against a context. */
export type BlockFunction = (ctx: Context) => string | Promise<string>;

/** State shared by every template taking part in one render (for the recursion limit). */
export interface RenderState {
  depth: number;
  readonly maxDepth: number;
}

/** Variables of one template render. Keys come from users, so every map here is null-prototype. */
export class Context {
  /** Render arguments over globals (Jinja's `context.parent`). */
  readonly parent: Record<string, unknown>;
  /** Variables the template's top level assigned (Jinja's `context.vars`). */
  readonly vars: Record<string, unknown> = Object.create(null);
  /** Names of top-level variables and macros an import of this template sees. */
  readonly exportedVars = new Set<string>();
  /** For each block name, the implementations from the most derived template to the base. */
  readonly blocks: Record<string, BlockFunction[]>;
  /** Name of the template being rendered. */
  readonly name: string | null;
  readonly state: RenderState;

  constructor(
    parent: Record<string, unknown>,
    name: string | null,
    blocks: Record<string, BlockFunction>,
    state: RenderState,
  ) {
    this.parent = parent;
    this.name = name;
    this.state = state;
    this.blocks = Object.create(null);
    for (const key of Object.keys(blocks)) this.blocks[key] = [blocks[key] as BlockFunction];
  }

  /** Every visible variable (parent then vars) as one new object. */
  getAll(): Record<string, unknown> {
    const all: Record<string, unknown> = Object.create(null);
    for (const key in this.parent) all[key] = this.parent[key];
    for (const key in this.vars) all[key] = this.vars[key];
    return all;
  }

  /** A context with the same blocks whose variables are all of these plus `locals` (scoped blocks, includes). */
  derive(locals: Record<string, unknown> | null): Context {
    const parent = this.getAll();
    if (locals) for (const key of Object.keys(locals)) parent[key] = locals[key];
    const derived = new Context(parent, this.name, {}, this.state);
    for (const key of Object.keys(this.blocks))
      derived.blocks[key] = [...(this.blocks[key] as BlockFunction[])];
    return derived;
  }

  /** The exported top-level variables, for `{% import %}`. */
  getExported(): Record<string, unknown> {
    const out: Record<string, unknown> = Object.create(null);
    for (const key of this.exportedVars) out[key] = this.vars[key];
    return out;
  }
}

/** Copies render arguments (plain object or Map) over globals into a null-prototype object. */
export function buildParent(globals: Record<string, unknown>, vars: unknown): Record<string, unknown> {
  const parent: Record<string, unknown> = Object.create(null);
  for (const key in globals) parent[key] = globals[key];
  if (vars instanceof Map) {
    for (const [key, value] of vars) if (typeof key === 'string') parent[key] = value;
  } else if (vars !== null && typeof vars === 'object') {
    for (const key of Object.keys(vars)) parent[key] = (vars as Record<string, unknown>)[key];
  }
  return parent;
}
