// What CSRF protection costs a form POST: the same urlencoded POST (title, body, csrf_token; the session cookie
// sent) answered by a route with nothing in front of it, by one whose view reads the session (the share of the
// check that is the session cookie's), behind CSRFProtect, and behind CSRFProtect with the view binding and
// validating a form. Each configuration runs in its own process (bench/forms-server.ts);
// autocannon loads it for --seconds, in interleaved rounds, and the median requests/s of the rounds is reported
// with its ratio to the unprotected route.
//
//   node --conditions=flagon-source bench/forms-csrf.ts [--rounds 3] [--seconds 5] [--connections 50]

import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { freePort } from '../tools/free-port.ts';

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
const MODES = ['plain', 'session', 'csrf', 'csrf+form'] as const;

interface Server {
  url: string;
  child: ChildProcess;
  cookie: string;
  body: string;
}

async function startServer(mode: string): Promise<Server> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    ['--conditions=flagon-source', new URL('./forms-server.ts', import.meta.url).pathname],
    { env: { ...process.env, MODE: mode, PORT: String(port) }, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  child.stdout?.on('data', (d) => {
    out += d;
  });
  while (!out.includes('ready')) {
    if (child.exitCode !== null) throw new Error(`${mode} server exited`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const url = `http://127.0.0.1:${port}`;
  const page = await fetch(`${url}/token`);
  const cookie = page.headers.get('set-cookie')?.split(';')[0] ?? '';
  const token = await page.text();
  const body = new URLSearchParams({
    title: 'A post title',
    body: 'Some text '.repeat(20),
    csrf_token: token,
  });
  return { url, child, cookie, body: body.toString() };
}

async function load(server: Server): Promise<{ rps: number; non2xx: number }> {
  const result = await autocannon({
    url: `${server.url}/submit`,
    method: 'POST',
    connections,
    duration: seconds,
    headers: { cookie: server.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: server.body,
  });
  return { rps: result.requests.average, non2xx: result.non2xx };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

const servers = new Map<string, Server>();
for (const mode of MODES) {
  const server = await startServer(mode);
  servers.set(mode, server);
  await load(server); // warm-up
}
const samples = new Map<string, number[]>(MODES.map((m) => [m, []]));
try {
  for (let round = 0; round < rounds; round++) {
    const order = [...MODES.slice(round % MODES.length), ...MODES.slice(0, round % MODES.length)];
    for (const mode of order) {
      const server = servers.get(mode) as Server;
      const { rps, non2xx } = await load(server);
      if (non2xx > 0) throw new Error(`${mode}: ${non2xx} responses were not 2xx`);
      samples.get(mode)?.push(rps);
    }
  }
} finally {
  for (const { child } of servers.values()) {
    child.kill('SIGTERM');
    await once(child, 'exit');
  }
}
const base = median(samples.get('plain') ?? []);
console.log(
  `${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores, Node ${process.version}, load average ` +
    `${loadavg()[0]?.toFixed(1)}, autocannon ${connections} connections, ${rounds} rounds of ${seconds} s`,
);
console.log('| POST /submit | req/s (median) | rounds | vs unprotected |');
console.log('| --- | ---: | --- | ---: |');
const labels: Record<string, string> = {
  plain: 'no CSRF check',
  session: 'no CSRF check, the view reads the session',
  csrf: 'CSRFProtect',
  'csrf+form': 'CSRFProtect + form bind and validate',
};
for (const mode of MODES) {
  const xs = samples.get(mode) ?? [];
  console.log(
    `| ${labels[mode]} | ${Math.round(median(xs))} | ${xs.map(Math.round).join(', ')} | ${(median(xs) / base).toFixed(2)}× |`,
  );
}
