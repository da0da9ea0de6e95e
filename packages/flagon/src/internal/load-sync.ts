import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
// The sources run as .ts (the flagon-source condition); the built package as .js.
const EXTENSION = import.meta.url.endsWith('.ts') ? '.ts' : '.js';

/**
 * Loads a module of this package synchronously, on first use rather than with `'flagon'`: for the members
 * of `Flagon` that return at once (`testClient()`, `handler`) yet need an outer layer. `path` is relative to
 * `src/`, without an extension. The module is the same instance `import` gives (Node shares one cache).
 */
export function loadSync<M>(path: string): M {
  return require(`../${path}${EXTENSION}`) as M;
}
