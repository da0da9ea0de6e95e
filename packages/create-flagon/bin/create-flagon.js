#!/usr/bin/env node
// `npm create flagon@latest my-app` runs this. Plain JavaScript that Node 20 can still parse, so an old Node
// hears which version it needs; the package itself is TypeScript built to dist/.
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
// Installed, it runs the built dist/; in a checkout (a workspace link resolves outside node_modules) the sources.
const built = new URL('../dist/index.js', import.meta.url);
const installed =
  realpathSync(fileURLToPath(import.meta.url)).includes('/node_modules/') && existsSync(built);
const { main } = await import(installed ? built.href : '../src/index.ts');
process.exitCode = await main(process.argv.slice(2));
