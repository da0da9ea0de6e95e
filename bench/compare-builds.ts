// Two builds of Flagon side by side with Fastify, in one run: the same server script (servers/flagon.ts) with
// 'flagon' resolved to each build's dist/, on the four HTTP scenarios, interleaved in rounds. For changes
// that must not slow a scenario down: build the commit before into one folder and the change into another.
//
//   git archive <before> packages/flagon tsconfig.base.json | tar -x -C /tmp/before   (same for after)
//   (cd /tmp/before/packages/flagon && ln -s /path/to/repo/node_modules ../../node_modules && npx tsc -p tsconfig.build.json)
//   node --conditions=flagon-source bench/compare-builds.ts /tmp/before/packages/flagon /tmp/after/packages/flagon
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { echoPayload, ROUTED_PATH } from './servers/scenarios.ts';

const here = dirname(fileURLToPath(import.meta.url));
const { values: args, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    duration: { type: 'string', default: '3' },
    rounds: { type: 'string', default: '5' },
    connections: { type: 'string', default: '50' },
  },
});
const [beforeDir, afterDir] = positionals.map((p) => resolve(p));
if (beforeDir === undefined || afterDir === undefined)
  throw new Error('usage: compare-builds.ts <before> <after>');
const duration = Number(args.duration);
const rounds = Number(args.rounds);
const connections = Number(args.connections);

const SCENARIOS = [
  { name: 'plaintext', path: '/plaintext', method: 'GET' as const },
  { name: 'json', path: '/json', method: 'GET' as const },
  { name: 'routing (1 of 100 routes)', path: ROUTED_PATH, method: 'GET' as const },
  { name: 'json echo (1 KB)', path: '/echo', method: 'POST' as const, body: echoPayload() },
];
const hasTaskset = (() => {
  try {
    execFileSync('taskset', ['-c', '0', 'true']);
    return availableParallelism() >= 2;
  } catch {
    return false;
  }
})();

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

const SERVERS = [
  { name: 'fastify', args: [join(here, 'servers/fastify.ts')] },
  { name: 'before', args: ['--import', redirectTo(beforeDir), join(here, 'servers/flagon.ts')] },
  { name: 'after', args: ['--import', redirectTo(afterDir), join(here, 'servers/flagon.ts')] },
];

interface Started {
  child: ChildProcess;
  port: number;
  startupMs: number;
}
let nextPort = 3300;
async function start(nodeArgs: string[]): Promise<Started> {
  const port = nextPort++;
  const began = performance.now();
  const env = { ...process.env, PORT: String(port) };
  const child = hasTaskset
    ? spawn('taskset', ['-c', '1', process.execPath, ...nodeArgs], {
        env,
        stdio: ['ignore', 'pipe', 'inherit'],
      })
    : spawn(process.execPath, nodeArgs, { env, stdio: ['ignore', 'pipe', 'inherit'] });
  for (;;) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/plaintext`);
      await res.arrayBuffer();
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null) throw new Error(`${nodeArgs.join(' ')} exited with ${child.exitCode}`);
    await new Promise((r) => setTimeout(r, 5));
  }
  return { child, port, startupMs: performance.now() - began };
}

const clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
function cpuMicros(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return ((Number(fields[11]) + Number(fields[12])) * 1e6) / clockTicks;
}
function rssMb(pid: number): number {
  return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) / 1024;
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

async function load(port: number, scenario: (typeof SCENARIOS)[number], seconds: number) {
  const result = await autocannon({
    url: `http://127.0.0.1:${port}${scenario.path}`,
    method: scenario.method,
    body: scenario.body,
    headers: scenario.body ? { 'content-type': 'application/json' } : undefined,
    connections,
    duration: seconds,
  });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${scenario.name}: ${result.non2xx} non-2xx`);
  return { rps: result.requests.average, requests: result.requests.total };
}

const started = new Map<string, Started>();
for (const server of SERVERS) started.set(server.name, await start(server.args));
const rows: string[] = [];
try {
  for (const scenario of SCENARIOS) {
    for (const { name } of SERVERS) await load((started.get(name) as Started).port, scenario, 1);
    const rps = new Map<string, number[]>(SERVERS.map((s) => [s.name, []]));
    const cpu = new Map<string, number[]>(SERVERS.map((s) => [s.name, []]));
    for (let round = 0; round < rounds; round++) {
      // The order rotates each round, so no server always runs first on a machine warming up.
      for (let i = 0; i < SERVERS.length; i++) {
        const { name } = SERVERS[(round + i) % SERVERS.length] as (typeof SERVERS)[number];
        const server = started.get(name) as Started;
        const cpuBefore = cpuMicros(server.child.pid as number);
        const result = await load(server.port, scenario, duration);
        cpu.get(name)?.push((cpuMicros(server.child.pid as number) - cpuBefore) / result.requests);
        rps.get(name)?.push(result.rps);
      }
    }
    const m = (n: string) => median(rps.get(n) as number[]);
    const c = (n: string) => median(cpu.get(n) as number[]);
    rows.push(
      `| ${scenario.name} | ${m('fastify').toFixed(0)} | ${m('before').toFixed(0)} | ${m('after').toFixed(0)} | ` +
        `${(m('after') / m('before')).toFixed(3)}× | ${(m('before') / m('fastify')).toFixed(2)}× | ` +
        `${(m('after') / m('fastify')).toFixed(2)}× | ${c('before').toFixed(1)} | ${c('after').toFixed(1)} |`,
    );
    console.error(rows.at(-1));
  }
} finally {
  const rss = SERVERS.map(
    ({ name }) => `${name} ${rssMb(started.get(name)?.child.pid as number).toFixed(0)} MB`,
  );
  const cold = SERVERS.map(({ name }) => `${name} ${started.get(name)?.startupMs.toFixed(0)} ms`);
  for (const { child } of started.values()) child.kill('SIGTERM');
  console.log(
    `${rounds} rounds of ${duration} s, autocannon ${connections} connections, median req/s; CPU µs per request\n\n` +
      '| scenario | Fastify | before | after | after / before | before / Fastify | after / Fastify | before µs | after µs |\n' +
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n' +
      `${rows.join('\n')}\n\nCold start (spawn → first 200): ${cold.join(', ')}.\nRSS after load: ${rss.join(', ')}.`,
  );
}
