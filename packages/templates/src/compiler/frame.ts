/**
 * Compile-time scopes. A Frame maps template names to JS identifiers; a
 * FunctionState is one generated JS function (its temporaries, line variable,
 * hoisted context lookups and loop nesting).
 */

/** One generated JS function. */
export class FunctionState {
  readonly parent: FunctionState | null;
  /** Root and block functions own the context lookups of everything nested in them. */
  readonly isOwner: boolean;
  /** Whether this function declares its own `ln` (else it shares its parent's). */
  readonly ownsLine: boolean;
  /** Name of the block this function renders, for `super()`; null elsewhere. */
  readonly blockName: string | null;
  /** JS identifier of this block function (for `super()`). */
  readonly blockIdent: string | null;
  readonly temps: string[] = [];
  /** Hoisted context lookups: template name → [identifier, initializer]. */
  readonly hoisted = new Map<string, [string, string]>();
  /** True in the root function of a template that uses `{% extends %}`: output is skipped once a parent is set. */
  parentCheck = false;
  /** Set after an unconditional top-level `{% extends %}`: later output can never show. */
  knownExtends = false;
  loopDepth = 0;
  lastLine = -1;

  constructor(
    parent: FunctionState | null,
    options: {
      isOwner?: boolean;
      ownsLine?: boolean;
      blockName?: string | null;
      blockIdent?: string | null;
    } = {},
  ) {
    this.parent = parent;
    this.isOwner = options.isOwner ?? false;
    this.ownsLine = options.ownsLine ?? true;
    this.blockName = options.blockName ?? null;
    this.blockIdent = options.blockIdent ?? null;
  }

  /** The function whose start holds context lookups for this one. */
  get owner(): FunctionState {
    let fn: FunctionState = this;
    while (!fn.isOwner && fn.parent !== null) fn = fn.parent;
    return fn;
  }
}

/** A template scope: names assigned in it and the JS identifiers holding them. */
export class Frame {
  readonly parent: Frame | null;
  readonly fn: FunctionState;
  readonly names = new Map<string, string>();
  /** The template's top-level scope: assignments also go to the context and are exported. */
  readonly isTopLevel: boolean;
  /** Identifier of the recursive loop function and its depth variable, inside `for … recursive`. */
  recursive: { fn: string; depth: string } | null = null;

  constructor(parent: Frame | null, fn: FunctionState, isTopLevel = false) {
    this.parent = parent;
    this.fn = fn;
    this.isTopLevel = isTopLevel;
    this.recursive = parent?.recursive ?? null;
  }

  /** The JS identifier for a name declared in this frame or an enclosing one, if any. */
  lookup(name: string): string | undefined {
    for (let f: Frame | null = this; f !== null; f = f.parent) {
      const ident = f.names.get(name);
      if (ident !== undefined) return ident;
    }
    return undefined;
  }

  /** All visible declared names, innermost first winning (for includes and scoped blocks). */
  visibleNames(): Map<string, string> {
    const out = new Map<string, string>();
    for (let f: Frame | null = this; f !== null; f = f.parent) {
      for (const [name, ident] of f.names) if (!out.has(name)) out.set(name, ident);
    }
    return out;
  }
}
