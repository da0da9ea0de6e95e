// Two builds of Flagon side by side with Fastify, in one run: the same server script (servers/flagon.ts) with
// 'flagon' resolved to each build's dist/, on the four HTTP scenarios, interleaved in rounds. For changes
// that must not slow a scenario down: build the commit before into one folder and the change into another.
//
//   git archive <before> packages/flagon tsconfig.base.json | tar -x -C /tmp/before   (same for after)
//   (cd /tmp/before/packages/flagon && ln -s /path/to/repo/node_modules ../../node_modules && npx tsc -p tsconfig.build.json)
//   node --conditions=flagon-source bench/compare-builds.ts /tmp/before/packages/flagon /tmp/after/packages/flagon \
//     [--duration 3 --rounds 5 --connections 50 --tool wrk|autocannon]
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { type BenchServer, median, runRounds } from './lib/http-bench.ts';
import { loadTool } from './lib/http-load.ts';

const here = dirname(fileURLToPath(import.meta.url));
const { values: args, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    duration: { type: 'string', default: '3' },
    rounds: { type: 'string', default: '5' },
    connections: { type: 'string', default: '50' },
    tool: { type: 'string' },
  },
});
const [beforeDir, afterDir] = positionals.map((p) => resolve(p));
if (beforeDir === undefined || afterDir === undefined)
  throw new Error('usage: compare-builds.ts <before> <after>');
const duration = Number(args.duration);
const rounds = Number(args.rounds);
const connections = Number(args.connections);
const tool = loadTool(args.tool);

/** A module for `--import` that resolves 'flagon' to the given build's dist/. */
function redirectTo(dir: string): string {
  const file = join(tmpdir(), `flagon-redirect-${Buffer.from(dir).toString('hex').slice(-16)}.mjs`);
  const target = pathToFileURL(join(dir, 'dist/index.js')).href;
  writeFileSync(
    file,
    `import { registerHooks } from 'node:module';\nregisterHooks({ resolve(specifier, context, next) {\n` +
      `  return specifier === 'flagon' ? { url: ${JSON.stringify(target)}, shortCircuit: true } : next(specifier, context);\n} });\n`,
  );
  return file;
}

const SERVERS: BenchServer[] = [
  { name: 'fastify', nodeArgs: [join(here, 'servers/fastify.ts')] },
  { name: 'before', nodeArgs: ['--import', redirectTo(beforeDir), join(here, 'servers/flagon.ts')] },
  { name: 'after', nodeArgs: ['--import', redirectTo(afterDir), join(here, 'servers/flagon.ts')] },
];

const rows: string[] = [];
const { startupMs, rssMb } = await runRounds(SERVERS, {
  tool,
  connections,
  rounds,
  duration,
  onScenario(scenario, perServer) {
    const m = (n: string) => median((perServer.get(n) ?? []).map((r) => r.rps));
    const c = (n: string) => median((perServer.get(n) ?? []).map((r) => r.cpuUs));
    rows.push(
      `| ${scenario.name} | ${m('fastify').toFixed(0)} | ${m('before').toFixed(0)} | ${m('after').toFixed(0)} | ` +
        `${(m('after') / m('before')).toFixed(3)}× | ${(m('before') / m('fastify')).toFixed(2)}× | ` +
        `${(m('after') / m('fastify')).toFixed(2)}× | ${c('before').toFixed(1)} | ${c('after').toFixed(1)} |`,
    );
    console.error(rows.at(-1));
  },
});
const rss = SERVERS.map(({ name }) => `${name} ${rssMb.get(name)?.toFixed(0)} MB`);
const cold = SERVERS.map(({ name }) => `${name} ${startupMs.get(name)?.toFixed(0)} ms`);
console.log(
  `${rounds} rounds of ${duration} s, ${tool} ${connections} connections, median req/s; CPU µs per request\n\n` +
    '| scenario | Fastify | before | after | after / before | before / Fastify | after / Fastify | before µs | after µs |\n' +
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n' +
    `${rows.join('\n')}\n\nCold start (spawn → first 200): ${cold.join(', ')}.\nRSS after load: ${rss.join(', ')}.`,
);
