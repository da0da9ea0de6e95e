// Runs Flagon beside raw node:http and Fastify on the same scenarios, interleaved in rounds, and writes the
// requests/s table with ratios into bench/README.md. Usage: npm run bench [-- --duration 5 --rounds 3]
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { echoPayload, ROUTED_PATH } from './servers/scenarios.ts';

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

const SERVERS = ['node-raw', 'fastify', 'flagon'] as const;
type ServerName = (typeof SERVERS)[number];
const SCENARIOS = [
  { name: 'plaintext', path: '/plaintext', method: 'GET' as const },
  { name: 'json', path: '/json', method: 'GET' as const },
  { name: 'routing (1 of 100 routes)', path: ROUTED_PATH, method: 'GET' as const },
  { name: 'json echo (1 KB)', path: '/echo', method: 'POST' as const, body: echoPayload() },
];

// Pin servers to one core and the load generator to the other, so both sides get a whole core each.
const hasTaskset = (() => {
  try {
    execFileSync('taskset', ['-c', '0', 'true']);
    return availableParallelism() >= 2;
  } catch {
    return false;
  }
})();

interface Started {
  child: ChildProcess;
  port: number;
  startupMs: number;
}

let nextPort = 3100;
async function start(name: ServerName): Promise<Started> {
  const port = nextPort++;
  const script = join(here, 'servers', `${name}.ts`);
  // Without the flagon-source condition, `flagon` resolves to its built dist/, as it does for anyone who
  // installs the package; the sources would add the type stripping of every module to the cold start.
  const nodeArgs = [script];
  const began = performance.now();
  const child = hasTaskset
    ? spawn('taskset', ['-c', '1', process.execPath, ...nodeArgs], {
        env: { ...process.env, PORT: String(port) },
        stdio: ['ignore', 'pipe', 'inherit'],
      })
    : spawn(process.execPath, nodeArgs, {
        env: { ...process.env, PORT: String(port) },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
  // Cold start: spawn until the first 200, polled every 5 ms.
  for (;;) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/plaintext`);
      await res.arrayBuffer();
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return { child, port, startupMs: performance.now() - began };
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /VmRSS:\s+(\d+) kB/.exec(status);
  return match ? Number(match[1]) / 1024 : Number.NaN;
}

// wrk (C, from Debian) loads the server harder than autocannon (JavaScript) on the same core, so the
// server, not the load generator, is what gets measured. autocannon is the fallback.
const hasWrk = (() => {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
    return true;
  } catch (error) {
    // wrk --version exits 1 after printing its version.
    return (error as { status?: number }).status === 1;
  }
})();
const tool = args.tool ?? (hasWrk ? 'wrk' : 'autocannon');
const luaDir = mkdtempSync(join(tmpdir(), 'flagon-bench-'));

interface LoadResult {
  rps: number;
  requests: number;
}

function wrkLoad(port: number, scenario: (typeof SCENARIOS)[number], seconds: number): LoadResult {
  const wrkArgs = ['-t1', `-c${connections}`, `-d${seconds}s`, '--latency'];
  if (scenario.body !== undefined) {
    const script = join(luaDir, 'post.lua');
    writeFileSync(
      script,
      `wrk.method = "POST"\nwrk.body = ${JSON.stringify(scenario.body)}\nwrk.headers["Content-Type"] = "application/json"\n`,
    );
    wrkArgs.push('-s', script);
  }
  wrkArgs.push(`http://127.0.0.1:${port}${scenario.path}`);
  const command = hasTaskset ? 'taskset' : 'wrk';
  const output = execFileSync(command, hasTaskset ? ['-c', '0', 'wrk', ...wrkArgs] : wrkArgs, {
    encoding: 'utf8',
  });
  const bad = /Non-2xx or 3xx responses: (\d+)/.exec(output) ?? /Socket errors: .*/.exec(output);
  if (bad) throw new Error(`${scenario.name} on port ${port}: ${bad[0]}`);
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(output);
  const requests = /(\d+) requests in/.exec(output);
  if (!rps || !requests) throw new Error(`could not read wrk output:\n${output}`);
  return { rps: Number(rps[1]), requests: Number(requests[1]) };
}

async function load(
  port: number,
  scenario: (typeof SCENARIOS)[number],
  seconds: number,
): Promise<LoadResult> {
  if (tool === 'wrk') return wrkLoad(port, scenario, seconds);
  const result = await autocannon({
    url: `http://127.0.0.1:${port}${scenario.path}`,
    method: scenario.method,
    body: scenario.body,
    headers: scenario.body ? { 'content-type': 'application/json' } : undefined,
    connections,
    duration: seconds,
  });
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`${scenario.name} on port ${port}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  }
  return { rps: result.requests.average, requests: result.requests.total };
}

/** CPU time (user + system) a process has used so far, in microseconds, from /proc/<pid>/stat. */
function cpuMicros(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  const ticks = Number(fields[11]) + Number(fields[12]); // utime and stime, fields 14 and 15 of stat
  return (ticks * 1e6) / clockTicksPerSecond;
}
const clockTicksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
};

// The servers run Flagon's published form: build dist/ first.
execFileSync('npm', ['run', 'build'], { cwd: join(here, '..'), stdio: ['ignore', 'ignore', 'inherit'] });
const started = new Map<ServerName, Started>();
for (const name of SERVERS) started.set(name, await start(name));
interface Round {
  rps: number;
  /** Server CPU time per request, µs: what the framework costs, whatever else the machine runs. */
  cpuUs: number;
}
const results = new Map<string, Map<ServerName, Round[]>>();
try {
  for (const scenario of SCENARIOS) {
    // Warm every server up (JIT) before measuring.
    for (const name of SERVERS) await load((started.get(name) as Started).port, scenario, 1);
    const perServer = new Map<ServerName, Round[]>(SERVERS.map((n) => [n, []]));
    for (let round = 0; round < rounds; round++) {
      // Interleave: a different server goes first each round so drift hits all of them alike.
      const order = SERVERS.map((_, i) => SERVERS[(i + round) % SERVERS.length] as ServerName);
      for (const name of order) {
        const server = started.get(name) as Started;
        const cpuBefore = cpuMicros(server.child.pid as number);
        const { rps, requests } = await load(server.port, scenario, duration);
        const cpuUs = (cpuMicros(server.child.pid as number) - cpuBefore) / requests;
        perServer.get(name)?.push({ rps, cpuUs });
        console.log(
          `${scenario.name.padEnd(28)} round ${round + 1} ${name.padEnd(9)} ${rps.toFixed(0)} req/s, ${cpuUs.toFixed(1)} µs CPU/request`,
        );
      }
    }
    results.set(scenario.name, perServer);
  }
} catch (error) {
  for (const { child } of started.values()) child.kill();
  throw error;
}
// Resident memory of each server after all the load, before stopping them.
const rss = new Map<ServerName, number>(
  SERVERS.map((n) => [n, rssMb((started.get(n) as Started).child.pid as number)]),
);
for (const { child } of started.values()) child.kill();

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
const startup = SERVERS.map((n) => `${n} ${(started.get(n) as Started).startupMs.toFixed(0)} ms`).join(', ');
const memory = SERVERS.map((n) => `${n} ${(rss.get(n) as number).toFixed(0)} MB`).join(', ');
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
