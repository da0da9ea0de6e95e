// Runs Flagon beside raw node:http and Fastify on the same scenarios, interleaved in rounds, and writes the
// requests/s table with ratios into bench/README.md. Usage: npm run bench [-- --duration 5 --rounds 3]
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { hasTaskset } from './lib/cpu-pinning.ts';
import { type BenchServer, median, type Round, runRounds } from './lib/http-bench.ts';
import { loadTool } from './lib/http-load.ts';

const here = dirname(fileURLToPath(import.meta.url));
const { values: args } = parseArgs({
  allowNegative: true,
  options: {
    duration: { type: 'string', default: '3' },
    rounds: { type: 'string', default: '7' },
    connections: { type: 'string', default: '50' },
    write: { type: 'boolean', default: true },
    tool: { type: 'string' },
  },
});
const duration = Number(args.duration);
const rounds = Number(args.rounds);
const connections = Number(args.connections);
const tool = loadTool(args.tool);

const SERVERS = ['node-raw', 'fastify', 'flagon'] as const;
type ServerName = (typeof SERVERS)[number];

// The servers run Flagon's published form: build dist/ first.
execFileSync('npm', ['run', 'build'], { cwd: join(here, '..'), stdio: ['ignore', 'ignore', 'inherit'] });
const servers: BenchServer<ServerName>[] = SERVERS.map((name) => ({
  name,
  nodeArgs: [join(here, 'servers', `${name}.ts`)],
}));
const { results, startupMs, rssMb } = await runRounds(servers, {
  tool,
  connections,
  rounds,
  duration,
  onRound: (scenario, round, name, { rps, cpuUs }) =>
    console.log(
      `${scenario.name.padEnd(28)} round ${round + 1} ${name.padEnd(9)} ${rps.toFixed(0)} req/s, ${cpuUs.toFixed(1)} µs CPU/request`,
    ),
});

// Ratios are taken per round (the three servers ran back to back, seconds apart) and their median reported
// with the range, so a noisy neighbour that slows one round does not decide the result.
const ratio = (a: ServerName, b: ServerName, perServer: Map<ServerName, Round[]>) => {
  const xs = perServer.get(a) as Round[];
  const ys = perServer.get(b) as Round[];
  const ratios = xs.map((x, i) => x.rps / (ys[i] as Round).rps);
  const sorted = [...ratios].sort((p, q) => p - q);
  return `${median(ratios).toFixed(2)}× (${(sorted[0] as number).toFixed(2)}–${(sorted.at(-1) as number).toFixed(2)})`;
};
const lines: string[] = [];
lines.push(
  '| scenario | node:http req/s | Fastify req/s | Flagon req/s | Flagon / node:http | Flagon / Fastify | Fastify / node:http |',
);
lines.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const [scenario, perServer] of results) {
  const rps = (n: ServerName) => median((perServer.get(n) as Round[]).map((r) => r.rps)).toFixed(0);
  lines.push(
    `| ${scenario} | ${rps('node-raw')} | ${rps('fastify')} | ${rps('flagon')} | ${ratio('flagon', 'node-raw', perServer)} | ${ratio('flagon', 'fastify', perServer)} | ${ratio('fastify', 'node-raw', perServer)} |`,
  );
}
const cpuLines: string[] = [];
cpuLines.push('| scenario | node:http µs | Fastify µs | Flagon µs | Flagon − node:http | Flagon − Fastify |');
cpuLines.push('| --- | ---: | ---: | ---: | ---: | ---: |');
for (const [scenario, perServer] of results) {
  const cpu = (n: ServerName) => median((perServer.get(n) as Round[]).map((r) => r.cpuUs));
  const [raw, fastify, flagon] = [cpu('node-raw'), cpu('fastify'), cpu('flagon')];
  const signed = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(1)}`;
  cpuLines.push(
    `| ${scenario} | ${raw.toFixed(1)} | ${fastify.toFixed(1)} | ${flagon.toFixed(1)} | ${signed(flagon - raw)} | ${signed(flagon - fastify)} |`,
  );
}
const startup = SERVERS.map((n) => `${n} ${(startupMs.get(n) as number).toFixed(0)} ms`).join(', ');
const memory = SERVERS.map((n) => `${n} ${(rssMb.get(n) as number).toFixed(0)} MB`).join(', ');
console.log(lines.join('\n'));
console.log(cpuLines.join('\n'));
console.log(`cold start (spawn → first 200): ${startup}`);
console.log(`RSS after load: ${memory}`);

if (args.write) {
  const section = [
    '<!-- http:start -->',
    '## HTTP',
    '',
    `Measured ${new Date().toISOString().slice(0, 10)} with \`npm run bench\` on ${availableParallelism()} cores, Node ${process.version}: ` +
      `${tool}, ${connections} connections, ${rounds} interleaved rounds of ${duration} s per server and scenario, ` +
      'Flagon running from its built `dist/` as installed' +
      `${hasTaskset ? ', each server pinned to one core and the load generator to the other' : ''}. ` +
      'Requests/s are medians of the rounds; each ratio is the median of the per-round ratios (the servers of a ' +
      'round run back to back), with the lowest and highest round in brackets.',
    '',
    ...lines,
    '',
    'Server CPU time per request (user + system, from /proc, median of the rounds): what each server spends on a ' +
      'request. Other load on the machine moves it too (a busy neighbour slows every instruction), but less than ' +
      'requests/s, which also depend on the load generator getting its core.',
    '',
    ...cpuLines,
    '',
    `Cold start (spawn → first 200): ${startup}.`,
    '',
    `RSS after load: ${memory}.`,
    '<!-- http:end -->',
  ].join('\n');
  const readme = join(here, 'README.md');
  let text = '';
  try {
    text = readFileSync(readme, 'utf8');
  } catch {
    text =
      '# Benchmarks\n\nEvery figure comes from one run with the peers side by side; ratios are what to compare.\n';
  }
  const marked = /<!-- http:start -->[\s\S]*<!-- http:end -->/;
  text = marked.test(text) ? text.replace(marked, section) : `${text.trimEnd()}\n\n${section}\n`;
  writeFileSync(readme, text);
}
