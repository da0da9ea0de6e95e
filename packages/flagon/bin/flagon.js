#!/usr/bin/env node
// The `flagon` command; see `flagon --help`. Plain JavaScript, because Node does not strip types from files
// under node_modules: an installed package runs the built `dist/`, a checkout runs the TypeScript sources.
// Only what Node 20 can link is imported statically, so an old Node hears which version it needs.
import { existsSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// 24.2: the first with import.meta.main, which the apps Flagon documents and scaffolds use.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 24 || (major === 24 && minor < 2)) {
  process.stderr.write(
    `Flagon needs Node.js 24.2 or newer (this is ${process.versions.node}). Install it from https://nodejs.org ` +
      'or with a version manager (nvm install 24), then run the command again.\n',
  );
  process.exit(1);
}

const { enableCompileCache, registerHooks } = await import('node:module');
// Caching compiled (and type-stripped) modules on disk halves start-up time after the first run, which the
// reloader pays on every restart. NODE_DISABLE_COMPILE_CACHE=1 turns it off.
enableCompileCache();

const here = realpathSync(fileURLToPath(import.meta.url));
const fromSources =
  !here.includes('/node_modules/') || !existsSync(new URL('../dist/cli/main.js', import.meta.url));
if (fromSources) {
  // A checkout (a workspace link resolves outside node_modules) runs the sources, and so must the app's own
  // `import 'flagon'`: resolve with the `flagon-source` condition, as `node --conditions=flagon-source` would,
  // so `npx flagon` works in examples/* without a build and without a second copy of flagon.
  registerHooks({
    resolve(specifier, context, nextResolve) {
      if (context.conditions.includes('flagon-source')) return nextResolve(specifier, context);
      return nextResolve(specifier, { ...context, conditions: [...context.conditions, 'flagon-source'] });
    },
  });
}
const { main } = await import(fromSources ? '../src/cli/main.ts' : '../dist/cli/main.js');
process.exitCode = await main(process.argv.slice(2));
