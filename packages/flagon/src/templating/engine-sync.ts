import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * The template engine, loaded synchronously where a caller cannot wait (a view's `gettext`, translations read
 * outside a render). `'flagon'` does not load the engine with every app; `renderTemplate` loads it with
 * `import()`, and this gives the same module instance (Node shares one cache for both).
 */
export function templateEngineSync(): typeof import('@flagon/templates') {
  return require('@flagon/templates') as typeof import('@flagon/templates');
}
