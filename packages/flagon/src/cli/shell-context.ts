import type { Flagon } from '../app/flagon.ts';

/** Returns names to put in scope in `flagon shell` (Flask's `shell_context_processor`). May be async. */
export type ShellContextProcessor = () => Record<string, unknown> | Promise<Record<string, unknown>>;

const processors = new WeakMap<object, ShellContextProcessor[]>();

/**
 * Registers `fn` so `flagon shell` puts the names it returns in scope. Returns `fn`.
 *
 * @example
 * shellContextProcessor(app, () => ({ db, User }));
 */
export function shellContextProcessor<F extends ShellContextProcessor>(app: Flagon, fn: F): F {
  const list = processors.get(app);
  if (list) list.push(fn);
  else processors.set(app, [fn]);
  return fn;
}

/**
 * The names in scope in `flagon shell`: `app`, `g` and `config`, then whatever the registered processors
 * return (later ones win). Call it inside the app context the shell runs in.
 */
export async function makeShellContext(app: Flagon, g: unknown): Promise<Record<string, unknown>> {
  const context: Record<string, unknown> = Object.create(null);
  context.app = app;
  context.g = g;
  context.config = app.config;
  for (const fn of processors.get(app) ?? []) {
    const names = await fn();
    for (const [name, value] of Object.entries(names ?? {})) context[name] = value;
  }
  return context;
}
