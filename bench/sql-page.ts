/**
 * A database-backed page: the blog's index (the 20 newest posts with their authors, one join, rendered by a
 * template) served by Flagon + @flagon/sql and by Fastify with the same Kysely query, engine and template
 * engine, on SQLite (node:sqlite, a file) and on PostgreSQL (a throwaway cluster from tools/services/postgres.ts).
 * Servers take turns in rounds; each ratio is the median of the per-round Flagon / Fastify ratios.
 *
 *   npx node --conditions=flagon-source bench/sql-page.ts [--seconds 3] [--rounds 5] [--connections 20] [--markdown]
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createEngine, parseDatabaseUrl } from '@flagon/sql';
import autocannon from 'autocannon';
import { postgresUnavailableReason, startPostgres } from '../tools/services/postgres.ts';
import { seed } from './sql-schema.ts';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '3' },
    rounds: { type: 'string', default: '5' },
    connections: { type: 'string', default: '20' },
    markdown: { type: 'boolean', default: false },
  },
});
const SECONDS = Number(args.seconds);
const ROUNDS = Number(args.rounds);
const CONNECTIONS = Number(args.connections);
const SERVERS = ['sql-flagon', 'sql-fastify'] as const;
type ServerName = (typeof SERVERS)[number];

// Servers on core 1; this process (the load generator) and PostgreSQL on core 0.
const CORES = availableParallelism();
const hasTaskset = (() => {
  try {
    execFileSync('taskset', ['-c', '0', 'true']);
    return availableParallelism() >= 2;
  } catch {
    return false;
  }
})();
if (hasTaskset) execFileSync('taskset', ['-p', '-c', '0', String(process.pid)], { stdio: 'ignore' });

let nextPort = 3300;
async function start(name: ServerName, url: string): Promise<{ child: ChildProcess; port: number }> {
  const port = nextPort++;
  const script = new URL(`./servers/${name}.ts`, import.meta.url).pathname;
  const nodeArgs = ['--conditions=flagon-source', script];
  const env = { ...process.env, PORT: String(port), DATABASE_URL: url };
  const child = hasTaskset
    ? spawn('taskset', ['-c', '1', process.execPath, ...nodeArgs], {
        env,
        stdio: ['ignore', 'ignore', 'inherit'],
      })
    : spawn(process.execPath, nodeArgs, { env, stdio: ['ignore', 'ignore', 'inherit'] });
  for (;;) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/`);
      const text = await res.text();
      if (res.status !== 200) throw new Error(`${name} answered ${res.status}: ${text.slice(0, 500)}`);
      if ((text.match(/<article/g) ?? []).length !== 20) throw new Error(`${name} did not render 20 posts`);
      break;
    } catch (error) {
      if ((error as Error).message.includes('answered') || (error as Error).message.includes('did not'))
        throw error;
    }
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return { child, port };
}

// CPU time (user + system) a process has used, in µs, from /proc (clock ticks of 10 ms).
function cpuMicros(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
}

/** Requests/s, and the server's CPU µs per request (less moved by other load on the machine than requests/s). */
async function load(
  server: { port: number; child: ChildProcess },
  seconds: number,
): Promise<{ rps: number; cpu: number }> {
  const pid = server.child.pid as number;
  const before = cpuMicros(pid);
  const result = await autocannon({
    url: `http://127.0.0.1:${server.port}/`,
    connections: CONNECTIONS,
    duration: seconds,
  });
  const cpu = cpuMicros(pid) - before;
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`port ${server.port}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return { rps: result.requests.average, cpu: cpu / result.requests.total };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

interface Row {
  database: string;
  flagon: number;
  fastify: number;
  ratio: number;
  low: number;
  high: number;
  flagonCpu: number;
  fastifyCpu: number;
  cpuRatio: number;
}

async function measure(database: string, url: string): Promise<Row> {
  const rps: Record<ServerName, number[]> = { 'sql-flagon': [], 'sql-fastify': [] };
  const cpu: Record<ServerName, number[]> = { 'sql-flagon': [], 'sql-fastify': [] };
  const ratios: number[] = [];
  const cpuRatios: number[] = [];
  const running = await Promise.all(SERVERS.map(async (name) => [name, await start(name, url)] as const));
  try {
    for (const [, server] of running) await load(server, 1); // warm-up
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? running : [...running].reverse();
      for (const [name, server] of order) {
        const result = await load(server, SECONDS);
        rps[name].push(result.rps);
        cpu[name].push(result.cpu);
      }
      ratios.push((rps['sql-flagon'].at(-1) as number) / (rps['sql-fastify'].at(-1) as number));
      cpuRatios.push((cpu['sql-fastify'].at(-1) as number) / (cpu['sql-flagon'].at(-1) as number));
    }
  } finally {
    await Promise.all(
      running.map(
        ([, server]) =>
          new Promise((resolve) => {
            if (server.child.exitCode !== null) return resolve(undefined);
            server.child.once('exit', resolve);
            server.child.kill('SIGTERM');
          }),
      ),
    );
  }
  return {
    database,
    flagon: median(rps['sql-flagon']),
    fastify: median(rps['sql-fastify']),
    ratio: median(ratios),
    low: Math.min(...ratios),
    high: Math.max(...ratios),
    flagonCpu: median(cpu['sql-flagon']),
    fastifyCpu: median(cpu['sql-fastify']),
    cpuRatio: median(cpuRatios),
  };
}

async function seeded(url: string): Promise<void> {
  const engine = createEngine(parseDatabaseUrl(url, tmpdir()));
  try {
    await seed(engine.kysely);
  } finally {
    await engine.destroy();
  }
}

const rows: Row[] = [];
const folder = mkdtempSync(join(tmpdir(), 'flagon-bench-sql-'));
try {
  const sqliteUrl = `sqlite:///${join(folder, 'blog.db')}`;
  await seeded(sqliteUrl);
  rows.push(await measure('SQLite (node:sqlite, WAL)', sqliteUrl));
  const reason = postgresUnavailableReason();
  if (reason === null) {
    const postgres = await startPostgres();
    try {
      const url = await postgres.createDatabase('bench');
      await seeded(url);
      rows.push(await measure('PostgreSQL 15 (pg, pool of 10)', url));
    } finally {
      await postgres.stop();
    }
  } else {
    console.error(`PostgreSQL skipped: ${reason}`);
  }
} finally {
  rmSync(folder, { recursive: true, force: true });
}

const header = `${new Date().toISOString().slice(0, 10)}, ${CORES} cores, Node ${process.version}, load average ${loadavg()[0]?.toFixed(1)}: autocannon, ${CONNECTIONS} connections, ${ROUNDS} rounds of ${SECONDS} s per server${hasTaskset ? ', servers pinned to core 1, load generator and PostgreSQL to core 0' : ''}.`;
const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
if (args.markdown) {
  console.log(header);
  console.log(
    '\n| database | Fastify req/s | Flagon req/s | Flagon / Fastify | Fastify CPU µs/req | Flagon CPU µs/req | Fastify µs / Flagon µs |',
  );
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of rows) {
    console.log(
      `| ${r.database} | ${fmt(r.fastify)} | ${fmt(r.flagon)} | ${r.ratio.toFixed(2)}× (${r.low.toFixed(2)}–${r.high.toFixed(2)}) | ` +
        `${fmt(r.fastifyCpu)} | ${fmt(r.flagonCpu)} | ${r.cpuRatio.toFixed(2)}× |`,
    );
  }
} else {
  console.log(header);
  console.table(
    rows.map((r) => ({
      database: r.database,
      'Fastify req/s': fmt(r.fastify),
      'Flagon req/s': fmt(r.flagon),
      'Flagon / Fastify': `${r.ratio.toFixed(2)} (${r.low.toFixed(2)}-${r.high.toFixed(2)})`,
      'Fastify µs/req': fmt(r.fastifyCpu),
      'Flagon µs/req': fmt(r.flagonCpu),
      'CPU ratio': r.cpuRatio.toFixed(2),
    })),
  );
}
