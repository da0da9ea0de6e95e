// What `import 'flagon'` costs: the modules it loads (flagon's own, and the rest) and the wall time, in a
// fresh process each run. Usage: node bench/import-cost.ts [entry] [--runs 9]
// The entry defaults to 'flagon' (its built dist/); pass a path to measure another build.
import { execFileSync } from 'node:child_process';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { runs: { type: 'string', default: '9' }, conditions: { type: 'string' } },
});
const entry = positionals[0] ?? 'flagon';

// Runs in the child: counts every module the loader loads, then times the import itself.
const probe = `
import { registerHooks } from 'node:module';
const loaded = [];
registerHooks({ load(url, context, next) { loaded.push(url); return next(url, context); } });
const began = performance.now();
await import(${JSON.stringify(entry)});
const ms = performance.now() - began;
const own = loaded.filter((url) => url.includes('/packages/flagon/') || url.includes('/node_modules/flagon/'));
const builtins = loaded.filter((url) => url.startsWith('node:'));
const names = (pattern) => own.filter((url) => pattern.test(url)).map((url) => url.replace(/^.*\\/(src|dist)\\//, ''));
console.log(JSON.stringify({
  ms,
  total: loaded.length - builtins.length,
  own: own.length,
  outer: names(/\\/(server|cli|testing|adapters)\\//),
  multipart: names(/form-parser|multipart|busboy/).concat(loaded.filter((u) => u.includes('busboy')).length ? ['busboy'] : []),
}));
`;

const runs = Number(values.runs);
const samples: { ms: number; total: number; own: number; outer: string[]; multipart: string[] }[] = [];
for (let i = 0; i < runs; i++) {
  const args = ['--input-type=module', '-e', probe];
  if (values.conditions) args.unshift(`--conditions=${values.conditions}`);
  samples.push(JSON.parse(execFileSync(process.execPath, args, { encoding: 'utf8' })));
}
const times = samples.map((s) => s.ms).sort((a, b) => a - b);
const first = samples[0] as (typeof samples)[number];
console.log(`entry: ${entry}`);
console.log(
  `modules loaded (not counting node: built-ins): ${first.total}, of which flagon's own: ${first.own}`,
);
console.log(
  `outer-layer modules (server, cli, testing, adapters): ${first.outer.length} ${first.outer.join(' ')}`,
);
console.log(`multipart modules: ${first.multipart.length} ${first.multipart.join(' ')}`);
console.log(`import time, median of ${runs}: ${times[Math.floor(runs / 2)]?.toFixed(1)} ms`);
