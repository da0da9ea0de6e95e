#!/usr/bin/env node
// The `flagon` command; see `flagon --help`. Plain JavaScript, because Node does not strip types from files
// under node_modules: an installed package runs the built `dist/`, a checkout runs the TypeScript sources.
import { realpathSync } from 'node:fs';
import { enableCompileCache } from 'node:module';
import { fileURLToPath } from 'node:url';

// Caching compiled (and type-stripped) modules on disk halves start-up time after the first run, which the
// reloader pays on every restart. NODE_DISABLE_COMPILE_CACHE=1 turns it off.
enableCompileCache();
const installed = realpathSync(fileURLToPath(import.meta.url)).includes('/node_modules/');
const { main } = await import(installed ? '../dist/cli/main.js' : '../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
