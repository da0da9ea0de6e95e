// What Redis-backed sessions and rate limits cost per request, against a real redis-server:
//   session-reading route: cookie sessions vs Redis sessions;
//   rate-limited route: no limiter vs the memory storage vs the Redis storage.
// Each configuration runs in its own process; autocannon loads it for --seconds, in interleaved rounds, and
// the median requests/s of the rounds is reported with its ratio to the first configuration of its group.
//
//   node --conditions=flagon-source bench/redis.ts [--rounds 3] [--seconds 5] [--connections 50]

import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { freePort } from '../tools/free-port.ts';
import { startRedis } from '../tools/services/redis.ts';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    seconds: { type: 'string', default: '5' },
    connections: { type: 'string', default: '50' },
  },
});
const rounds = Number(values.rounds);
const seconds = Number(values.seconds);
const connections = Number(values.connections);

const GROUPS = [
  { name: 'session-reading route (GET /me)', path: '/me', modes: ['cookie-session', 'redis-session'] },
  {
    name: 'rate-limited route (GET /limited)',
    path: '/limited',
    modes: ['plain', 'limit-memory', 'limit-redis'],
  },
] as const;

async function startServer(mode: string, redisUrl: string): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    ['--conditions=flagon-source', new URL('./redis-server.ts', import.meta.url).pathname],
    {
      env: { ...process.env, MODE: mode, PORT: String(port), REDIS_URL: redisUrl },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  let err = '';
  child.stdout?.on('data', (d) => (out += d));
  child.stderr?.on('data', (d) => (err += d));
  while (!out.includes('ready')) {
    if (child.exitCode !== null) throw new Error(`${mode} server exited:\n${err}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return { url: `http://127.0.0.1:${port}`, child };
}

interface Sample {
  rps: number;
  non2xx: number;
  /** CPU µs per request: the app's process, and redis-server's. */
  appCpu: number;
  redisCpu: number;
}

async function load(
  url: string,
  path: string,
  cookie: string | undefined,
  pids: { app: number | undefined; redis: number | undefined },
): Promise<Sample> {
  const app0 = cpuMicros(pids.app);
  const redis0 = cpuMicros(pids.redis);
  const result = await autocannon({
    url: url + path,
    connections,
    duration: seconds,
    headers: cookie ? { cookie } : {},
  });
  const total = Math.max(1, result.requests.total);
  return {
    rps: result.requests.average,
    non2xx: result.non2xx,
    appCpu: (cpuMicros(pids.app) - app0) / total,
    redisCpu: (cpuMicros(pids.redis) - redis0) / total,
  };
}

/** User + system CPU time of a process so far, in microseconds (Linux /proc; clock ticks of 10 ms). */
function cpuMicros(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) * 10_000;
  } catch {
    return 0;
  }
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

const redis = await startRedis();
const lines: string[] = [];
try {
  for (const group of GROUPS) {
    const servers = new Map<string, { url: string; child: ChildProcess; cookie: string | undefined }>();
    for (const mode of group.modes) {
      const server = await startServer(mode, redis.url);
      const login = await fetch(`${server.url}/login`);
      const cookie = login.headers.get('set-cookie')?.split(';')[0];
      servers.set(mode, { ...server, cookie });
      await load(server.url, group.path, cookie, { app: server.child.pid, redis: redis.pid }); // warm-up
    }
    const samples = new Map<string, Sample[]>(group.modes.map((m) => [m, []]));
    for (let round = 0; round < rounds; round++) {
      const order = [
        ...group.modes.slice(round % group.modes.length),
        ...group.modes.slice(0, round % group.modes.length),
      ];
      for (const mode of order) {
        const server = servers.get(mode);
        if (!server) continue;
        const sample = await load(server.url, group.path, server.cookie, {
          app: server.child.pid,
          redis: redis.pid,
        });
        if (sample.non2xx > 0) throw new Error(`${mode}: ${sample.non2xx} responses were not 2xx`);
        samples.get(mode)?.push(sample);
      }
    }
    for (const { child } of servers.values()) {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
    const rps = (mode: string): number[] => (samples.get(mode) ?? []).map((x) => x.rps);
    const base = median(rps(group.modes[0]));
    lines.push(
      `\n${group.name}`,
      '| configuration | req/s (median) | rounds | vs first | app CPU µs/req | redis-server CPU µs/req |',
      '| --- | ---: | --- | ---: | ---: | ---: |',
    );
    for (const mode of group.modes) {
      const xs = samples.get(mode) ?? [];
      const appCpu = median(xs.map((x) => x.appCpu)).toFixed(1);
      const redisCpu = median(xs.map((x) => x.redisCpu)).toFixed(1);
      const ratio = (median(rps(mode)) / base).toFixed(2);
      lines.push(
        `| ${mode} | ${Math.round(median(rps(mode)))} | ${rps(mode).map(Math.round).join(', ')} | ${ratio}× | ${appCpu} | ${redisCpu} |`,
      );
    }
  }
} finally {
  await redis.stop();
}
console.log(
  `${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores, Node ${process.version}, autocannon ${connections} connections, ${rounds} rounds of ${seconds} s`,
);
console.log(lines.join('\n'));
