// What Redis-backed sessions and rate limits cost per request, against a real redis-server:
//   session-reading route: cookie sessions vs Redis sessions;
//   rate-limited route: no limiter vs the memory storage vs the Redis storage.
// Each configuration runs in its own process; autocannon loads it for --seconds, in interleaved rounds, and
// the median requests/s of the rounds is reported with its ratio to the first configuration of its group.
//
//   node --conditions=development bench/redis.ts [--rounds 3] [--seconds 5] [--connections 50]

import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
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

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

async function startServer(mode: string, redisUrl: string): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    ['--conditions=development', new URL('./redis-server.ts', import.meta.url).pathname],
    {
      env: { ...process.env, MODE: mode, PORT: String(port), REDIS_URL: redisUrl },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let out = '';
  child.stdout?.on('data', (d) => (out += d));
  while (!out.includes('ready')) {
    if (child.exitCode !== null) throw new Error(`${mode} server exited`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return { url: `http://127.0.0.1:${port}`, child };
}

async function load(
  url: string,
  path: string,
  cookie: string | undefined,
): Promise<{ rps: number; non2xx: number }> {
  const result = await autocannon({
    url: url + path,
    connections,
    duration: seconds,
    headers: cookie ? { cookie } : {},
  });
  return { rps: result.requests.average, non2xx: result.non2xx };
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
      await load(server.url, group.path, cookie); // warm-up
    }
    const samples = new Map<string, number[]>(group.modes.map((m) => [m, []]));
    for (let round = 0; round < rounds; round++) {
      const order = [
        ...group.modes.slice(round % group.modes.length),
        ...group.modes.slice(0, round % group.modes.length),
      ];
      for (const mode of order) {
        const server = servers.get(mode);
        if (!server) continue;
        const { rps, non2xx } = await load(server.url, group.path, server.cookie);
        if (non2xx > 0) throw new Error(`${mode}: ${non2xx} responses were not 2xx`);
        samples.get(mode)?.push(rps);
      }
    }
    for (const { child } of servers.values()) {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
    const base = median(samples.get(group.modes[0]) ?? []);
    lines.push(
      `\n${group.name}`,
      '| configuration | req/s (median) | rounds | vs first |',
      '| --- | ---: | --- | ---: |',
    );
    for (const mode of group.modes) {
      const xs = samples.get(mode) ?? [];
      lines.push(
        `| ${mode} | ${Math.round(median(xs))} | ${xs.map(Math.round).join(', ')} | ${(median(xs) / base).toFixed(2)}× |`,
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
