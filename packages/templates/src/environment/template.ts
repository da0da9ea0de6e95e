/** A compiled template: render it, render it asynchronously, or use it as a module of macros. */

import { buildParent, Context } from '../runtime/context.ts';
import type { CompiledModule, LoadedTemplate } from '../runtime/runtime.ts';
import { TemplateModule } from '../runtime/template-objects.ts';

/** What a Template needs from its Environment (kept narrow so the two files do not import each other). */
export interface TemplateHost {
  readonly globals: Record<string, unknown>;
  readonly maxRecursion: number;
}

/** Compiles a template for sync or async rendering and instantiates the code. */
export type ModuleCompiler = (isAsync: boolean) => CompiledModule;

/**
 * A template ready to render. Get one from `env.getTemplate(name)` or `env.fromString(source)`.
 *
 * @example env.getTemplate('hello.html').render({ name: 'Ann' })
 */
export class Template implements LoadedTemplate {
  /** The name it was loaded under, or null for `fromString`. */
  readonly name: string | null;
  /** The file it came from, when known. */
  readonly filename: string | null;
  readonly #host: TemplateHost;
  readonly #ownGlobals: Record<string, unknown>;
  readonly #uptodate: (() => boolean) | null;
  readonly #compile: ModuleCompiler;
  #sync: CompiledModule | null = null;
  #async: CompiledModule | null = null;
  #module: TemplateModule | null = null;

  constructor(
    host: TemplateHost,
    name: string | null,
    filename: string | null,
    uptodate: (() => boolean) | null,
    globals: Record<string, unknown> | null,
    compile: ModuleCompiler,
  ) {
    this.#host = host;
    this.name = name;
    this.filename = filename;
    this.#uptodate = uptodate;
    this.#ownGlobals = Object.assign(Object.create(null), globals ?? {});
    this.#compile = compile;
  }

  /** Environment globals overlaid with the globals given when the template was loaded. */
  get globals(): Record<string, unknown> {
    return Object.assign(Object.create(null), this.#host.globals, this.#ownGlobals);
  }

  /** False once the loader reports that the source changed. */
  get isUpToDate(): boolean {
    return this.#uptodate === null ? true : this.#uptodate();
  }

  /** The compiled code for sync or async rendering (compiled on first use). */
  getModule(isAsync: boolean): CompiledModule {
    if (isAsync) {
      this.#async ??= this.#compile(true);
      return this.#async;
    }
    this.#sync ??= this.#compile(false);
    return this.#sync;
  }

  /** A fresh render context over the globals and `vars`. */
  newContext(vars?: unknown, isAsync = false): Context {
    const mod = this.getModule(isAsync);
    return new Context(buildParent(this.globals, vars), this.name, mod.blocks, {
      depth: 0,
      maxDepth: this.#host.maxRecursion,
    });
  }

  /**
   * Renders the template with these variables (a plain object or Map).
   * @throws TemplateError subclasses (with `lineno` and `templateName`) and the errors of operations
   *   (`TypeError`, `ValueError`, `ZeroDivisionError`) when rendering fails; a TemplateRuntimeError when
   *   it meets an async iterable, which only `renderAsync` iterates.
   */
  render(vars?: Record<string, unknown> | Map<string, unknown>): string {
    const ctx = this.newContext(vars, false);
    return this.getModule(false).root(ctx) as string;
  }

  /**
   * Renders like `render`, awaiting promises met in variables, attributes, calls and filters, and
   * iterating async iterables (async generators, object-mode streams) as Jinja2 does with
   * `enable_async=True`: in `{% for %}`, lazily, and in the filters first, groupby, join, list, map,
   * reject, rejectattr, select, selectattr, slice, sum and unique. A loop left early (`{% break %}`, an
   * error) calls the iterator's `return()`, so generators run their `finally` blocks and streams close.
   * @throws the same errors as `render`, as a rejected promise; an error thrown by an async iterator too.
   * @example
   * const tmpl = env.fromString('{% for row in rows %}{{ row.name }}{% endfor %}');
   * await tmpl.renderAsync({ rows: streamRows() }); // streamRows: an async generator
   */
  async renderAsync(vars?: Record<string, unknown> | Map<string, unknown>): Promise<string> {
    const ctx = this.newContext(vars, true);
    return await this.getModule(true).root(ctx);
  }

  /** Renders the template as a module with these variables: its exported macros and variables. */
  makeModule(vars?: Record<string, unknown> | Map<string, unknown>): TemplateModule {
    const ctx = this.newContext(vars, false);
    const body = this.getModule(false).root(ctx) as string;
    return new TemplateModule(ctx.getExported(), body, this.name);
  }

  /** The template as a module without variables (cached), e.g. `tmpl.module.exports().myMacro`. */
  get module(): TemplateModule {
    this.#module ??= this.makeModule();
    return this.#module;
  }

  toString(): string {
    return `<Template ${JSON.stringify(this.name ?? 'memory')}>`;
  }
}
