import type { App } from '../app/app.ts';
import type { ShellContextProcessor } from '../app/types.ts';

/**
 * Registers `fn` so `flagon shell` puts the names it returns in scope. Returns `fn`. Same as
 * `app.shellContextProcessor(fn)`.
 *
 * @example
 * shellContextProcessor(app, () => ({ db, User }));
 */
export function shellContextProcessor<F extends ShellContextProcessor>(app: App, fn: F): F {
  return app.shellContextProcessor(fn);
}

/**
 * The names in scope in `flagon shell`: `app`, `g` and `config`, then whatever the registered processors
 * return (later ones win). Call it inside the app context the shell runs in.
 */
export async function makeShellContext(app: App, g: unknown): Promise<Record<string, unknown>> {
  const context: Record<string, unknown> = Object.create(null);
  context.app = app;
  context.g = g;
  context.config = app.config;
  for (const fn of app.shellContextProcessors) {
    const names = await fn();
    for (const [name, value] of Object.entries(names ?? {})) context[name] = value;
  }
  return context;
}
