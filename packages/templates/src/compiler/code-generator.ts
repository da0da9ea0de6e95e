/**
 * The code generator's shared state: output buffers, identifiers, autoescape
 * mode, name resolution and module assembly. Statement and expression
 * compilation live in `statements.ts`, `template-statements.ts` and `expressions.ts`.
 */

import { TemplateAssertionError, TemplateSyntaxError } from '../errors/errors.ts';
import type { Stmt } from '../nodes/nodes.ts';
import { Frame, FunctionState } from './frame.ts';
import { RT } from './runtime-names.ts';

/** What the generator needs to know besides the AST. */
export interface GenerateOptions {
  /** Template name, for error messages (`null` for `fromString`). */
  name: string | null;
  /** Whether output is autoescaped at the start of the template. */
  autoescape: boolean;
  /** Generate `async` functions that await values, calls and templates. */
  isAsync: boolean;
  /** Whether a filter / test exists when the template is compiled. */
  hasFilter(name: string): boolean;
  hasTest(name: string): boolean;
}

const JS_IDENT = /^[A-Za-z_$][\w$]*$/;

/** Mutable state of one code generation run. */
/** Compiles a list of statements: injected, so the statement modules need not import each other. */
export type BodyEmitter = (g: CodeGenerator, frame: Frame, stmts: readonly Stmt[]) => void;

export class CodeGenerator {
  readonly options: GenerateOptions;
  /** Lines of the function being generated. */
  lines: string[] = [];
  /** Module-level declarations (filters, tests, signatures, block functions). */
  readonly moduleLines: string[] = [];
  readonly blocks = new Map<string, string>();
  /** JS variable receiving output. */
  out = 'out';
  /** Autoescape state: a constant, or the name of a JS variable holding it. */
  autoescape: boolean | string;
  /** JS expression of the current eval context. */
  evalContext: string;
  /** Set while compiling a branch that may not run (if/else, inline if): unknown filters fail late. */
  softFrame = 0;
  /** Current expression nesting, against runaway recursion on hostile input. */
  depth = 0;
  readonly #filters = new Map<string, string>();
  readonly #tests = new Map<string, string>();
  readonly #evalContexts = new Map<boolean, string>();
  #counter = 0;

  readonly #emitBody: BodyEmitter;

  /** `emitBody` compiles a list of statements (statements.ts's `body`, given by generate.ts). */
  constructor(options: GenerateOptions, emitBody: BodyEmitter) {
    this.options = options;
    this.#emitBody = emitBody;
    this.autoescape = options.autoescape;
    this.evalContext = this.staticEvalContext(options.autoescape);
  }

  /** Compiles a nested list of statements in `frame` (a loop's or a block's body). */
  body(frame: Frame, stmts: readonly Stmt[]): void {
    this.#emitBody(this, frame, stmts);
  }

  /** A new unique identifier with a readable prefix. */
  ident(prefix: string, name?: string): string {
    this.#counter += 1;
    const suffix = name !== undefined && JS_IDENT.test(name) && name.length < 30 ? `_${name}` : '';
    return `${prefix}${this.#counter}${suffix}`;
  }

  line(code: string): void {
    this.lines.push(code);
  }

  /**
   * For async templates, awaits an expression's value when it is a promise (or another thenable). Plain values,
   * nearly all of them, are not awaited: an `await` costs a microtask turn even for a value that is ready, which
   * was a fifth of rendering a 20-row page asynchronously (bench/README.md). The value goes through one temporary
   * per module, `aw$`, read right after it is set with no `await` between, so concurrent renders cannot mix it up.
   */
  aw(code: string): string {
    if (!this.options.isAsync) return code;
    this.#usesAwaitTemp = true;
    return `(${RT.thenable}(aw$ = ${code}) ? await aw$ : aw$)`;
  }

  #usesAwaitTemp = false;

  /** The module-level declarations the generated functions share (the await temporary). */
  get sharedDeclarations(): string[] {
    return this.#usesAwaitTemp ? ['let aw$;'] : [];
  }

  /** `async ` for async templates, '' otherwise. */
  get asyncKw(): string {
    return this.options.isAsync ? 'async ' : '';
  }

  staticEvalContext(autoescape: boolean): string {
    let id = this.#evalContexts.get(autoescape);
    if (id === undefined) {
      id = `EC${autoescape ? 1 : 0}`;
      this.#evalContexts.set(autoescape, id);
      this.moduleLines.push(`const ${id} = ${RT.evalContext}(${autoescape});`);
    }
    return id;
  }

  /** Module-level constant holding a filter function, checked at compile time. */
  filterRef(name: string, lineno: number): string {
    let id = this.#filters.get(name);
    if (id === undefined) {
      if (!this.options.hasFilter(name) && this.softFrame === 0) {
        throw new TemplateAssertionError(`No filter named '${name}'.`, { lineno });
      }
      id = this.ident('F', name.replaceAll('.', '_'));
      this.#filters.set(name, id);
      this.moduleLines.push(`const ${id} = ${RT.filter}(${JSON.stringify(name)});`);
    }
    return id;
  }

  testRef(name: string, lineno: number): string {
    let id = this.#tests.get(name);
    if (id === undefined) {
      if (!this.options.hasTest(name) && this.softFrame === 0) {
        throw new TemplateAssertionError(`No test named '${name}'.`, { lineno });
      }
      id = this.ident('T', name.replaceAll('.', '_'));
      this.#tests.set(name, id);
      this.moduleLines.push(`const ${id} = ${RT.test}(${JSON.stringify(name)});`);
    }
    return id;
  }

  /** A function-level temporary variable. */
  temp(frame: Frame): string {
    const id = this.ident('t');
    frame.fn.temps.push(id);
    return id;
  }

  /** Emits `ln = N;` when the line changed since the last statement of this function. */
  setLine(frame: Frame, lineno: number): void {
    if (frame.fn.lastLine !== lineno) {
      this.line(`ln = ${lineno};`);
      frame.fn.lastLine = lineno;
    }
  }

  /** The JS expression reading a template name in a frame. */
  loadName(frame: Frame, name: string): string {
    const local = frame.lookup(name);
    if (local !== undefined) return local;
    const owner = frame.fn.owner;
    let entry = owner.hoisted.get(name);
    if (entry === undefined) {
      const id = this.ident('c', name);
      let init: string;
      if (name === 'self') init = `${RT.selfRef}(ctx, ${this.options.autoescape})`;
      else if (name === 'super' && owner.blockName !== null) {
        init = `${RT.superRef}(ctx, ${JSON.stringify(owner.blockName)}, ${owner.blockIdent}, ${this.options.autoescape})`;
      } else init = this.aw(`${RT.resolve}(ctx, ${JSON.stringify(name)})`);
      entry = [id, init];
      owner.hoisted.set(name, entry);
    }
    return entry[0];
  }

  /** Autoescape as a JS boolean expression. */
  autoescapeLiteral(): string {
    return typeof this.autoescape === 'boolean' ? String(this.autoescape) : this.autoescape;
  }

  /** Runs `fn` with output going to a fresh buffer; returns the lines written. */
  capture(fn: () => void): string[] {
    const saved = this.lines;
    this.lines = [];
    try {
      fn();
      return this.lines;
    } finally {
      this.lines = saved;
    }
  }

  /**
   * Generates a whole JS function: header declarations (line, temps, hoisted lookups), a
   * try/catch that maps errors to template lines, and the body.
   */
  functionBody(fn: FunctionState, startLine: number, body: string[]): string[] {
    const head: string[] = [];
    if (fn.ownsLine) head.push(`let ln = ${startLine};`);
    if (fn.temps.length > 0) head.push(`let ${fn.temps.join(', ')};`);
    if (fn.isOwner) for (const [id, init] of fn.hoisted.values()) head.push(`const ${id} = ${init};`);
    if (!fn.ownsLine) return [...head, ...body];
    return [
      `let ln = ${startLine};`,
      'try {',
      ...head.slice(1),
      ...body,
      '} catch (e) {',
      `  throw ${RT.annotate}(e, ln, TEMPLATE_NAME);`,
      '}',
    ];
  }

  syntaxError(message: string, lineno: number): TemplateSyntaxError {
    return new TemplateSyntaxError(message, { lineno });
  }

  newFunction(
    parent: FunctionState | null,
    options?: ConstructorParameters<typeof FunctionState>[1],
  ): FunctionState {
    return new FunctionState(parent, options);
  }

  newFrame(parent: Frame | null, fn: FunctionState, isTopLevel = false): Frame {
    return new Frame(parent, fn, isTopLevel);
  }
}
