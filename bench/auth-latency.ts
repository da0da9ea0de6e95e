/**
 * Latency of a plain route while logins are in flight. A server (bench/auth-server.ts, its own process)
 * answers `/plain` and `POST /login` (a default scrypt check). One client asks `/plain` back to back, first
 * idle, then while 50 logins are kept in flight; p50/p99/max of `/plain` are reported. The same is run with
 * the check done by `scryptSync` on the request path, the way a hand-written login blocks the event loop.
 *
 *   npx node --conditions=flagon-source bench/auth-latency.ts [--seconds 5] [--logins 50] [--markdown]
 */
import { spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { availableParallelism, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? Number(args[at + 1]) : fallback;
};
const SECONDS = option('seconds', 5);
const LOGINS = option('logins', 50);
const MARKDOWN = args.includes('--markdown');

async function startServer(mode: 'async' | 'sync'): Promise<{ url: string; stop: () => void }> {
  const child = spawn(
    process.execPath,
    ['--conditions=flagon-source', new URL('./auth-server.ts', import.meta.url).pathname, mode],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  return { url, stop: () => child.kill() };
}

function send(url: string, method: string, agent: Agent): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

interface Sample {
  p50: number;
  p99: number;
  max: number;
  count: number;
  logins: number;
}

async function run(url: string, withLogins: boolean): Promise<Sample> {
  const plainAgent = new Agent({ keepAlive: true, maxSockets: 1 });
  const loginAgent = new Agent({ keepAlive: true, maxSockets: LOGINS });
  for (let i = 0; i < 50; i++) await send(`${url}/plain`, 'GET', plainAgent);
  let stop = false;
  let logins = 0;
  const loginLoops = withLogins
    ? Array.from({ length: LOGINS }, async () => {
        while (!stop) {
          await send(`${url}/login`, 'POST', loginAgent);
          logins++;
        }
      })
    : [];
  if (withLogins) await new Promise((r) => setTimeout(r, 500));
  const latencies: number[] = [];
  const end = performance.now() + SECONDS * 1000;
  const loginsBefore = logins;
  while (performance.now() < end) {
    const start = performance.now();
    await send(`${url}/plain`, 'GET', plainAgent);
    latencies.push(performance.now() - start);
  }
  const loginCount = logins - loginsBefore;
  stop = true;
  await Promise.all(loginLoops);
  plainAgent.destroy();
  loginAgent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return {
    p50: at(0.5),
    p99: at(0.99),
    max: latencies.at(-1) ?? 0,
    count: latencies.length,
    logins: loginCount / SECONDS,
  };
}

const rows: Array<{ server: string; scenario: string } & Sample> = [];
for (const mode of ['async', 'sync'] as const) {
  const server = await startServer(mode);
  try {
    const label = mode === 'async' ? '@flagon/auth checkPasswordHash' : 'scryptSync on the request path';
    rows.push({ server: label, scenario: 'idle', ...(await run(server.url, false)) });
    rows.push({ server: label, scenario: `${LOGINS} logins in flight`, ...(await run(server.url, true)) });
  } finally {
    server.stop();
  }
}

const header = `${availableParallelism()} cores, Node ${process.version}, ${SECONDS} s per scenario, load average ${loadavg()[0]?.toFixed(1)}`;
const ms = (x: number) => x.toFixed(2);
if (MARKDOWN) {
  console.log(header);
  console.log('\n| Login check | Scenario | /plain p50 ms | p99 ms | max ms | /plain req/s | logins/s |');
  console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: |');
  for (const r of rows) {
    console.log(
      `| ${r.server} | ${r.scenario} | ${ms(r.p50)} | ${ms(r.p99)} | ${ms(r.max)} | ${(r.count / SECONDS).toFixed(0)} | ${r.logins.toFixed(1)} |`,
    );
  }
} else {
  console.log(header);
  console.table(
    rows.map((r) => ({
      check: r.server,
      scenario: r.scenario,
      'p50 ms': ms(r.p50),
      'p99 ms': ms(r.p99),
      'max ms': ms(r.max),
      'plain req/s': (r.count / SECONDS).toFixed(0),
      'logins/s': r.logins.toFixed(1),
    })),
  );
}
