/**
 * The example blog's index page, deployed as the README's Deploy section says: `flagon serve --workers 2`
 * (NODE_ENV=production, the Procfile's release migration first) on a database holding 20 posts by two
 * authors, on SQLite (a file) and on PostgreSQL (a throwaway cluster from tools/services/postgres.ts).
 * autocannon loads `/` for --seconds per round; the median requests/s of the rounds is reported, with the
 * page's status and size checked before each run. No peer: this is the app's own number, for the README.
 *
 *   npx node --conditions=flagon-source bench/blog-index.ts [--seconds 5] [--rounds 3] [--connections 20] [--markdown]
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { createEngine, parseDatabaseUrl } from '@flagon/sql';
import autocannon from 'autocannon';
import { postgresUnavailableReason, startPostgres } from '../tools/services/postgres.ts';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '5' },
    rounds: { type: 'string', default: '3' },
    connections: { type: 'string', default: '20' },
    markdown: { type: 'boolean', default: false },
  },
});
const SECONDS = Number(args.seconds);
const ROUNDS = Number(args.rounds);
const CONNECTIONS = Number(args.connections);
const BLOG = new URL('../examples/blog/', import.meta.url).pathname;
const REPO = new URL('../', import.meta.url).pathname;

function environment(databaseUrl: string, port: number): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    SECRET_KEY: randomBytes(32).toString('hex'),
    DATABASE_URL: databaseUrl,
    PORT: String(port),
    FLAGON_SERVE_HOST: '127.0.0.1',
    NODE_OPTIONS: '--conditions=flagon-source',
    PATH: [join(REPO, 'node_modules/.bin'), dirname(process.execPath), process.env.PATH].join(delimiter),
  };
  for (const key of Object.keys(env)) if (key.startsWith('npm_') || key === 'FLAGON_APP') delete env[key];
  return env;
}

/** The release migration, then 2 authors and 20 posts, straight into the database. */
async function prepare(databaseUrl: string, env: NodeJS.ProcessEnv): Promise<void> {
  execFileSync('flagon', ['db', 'upgrade'], { cwd: BLOG, env, stdio: 'ignore' });
  const engine = createEngine<{
    user: { id?: number; username: string; password: string };
    post: { author_id: number; title: string; body: string };
  }>(parseDatabaseUrl(databaseUrl, join(BLOG, 'instance')));
  try {
    const db = engine.kysely;
    const ids: number[] = [];
    for (const username of ['ada', 'grace']) {
      await db.insertInto('user').values({ username, password: 'scrypt:32768:8:1$x$y' }).execute();
      const row = await db
        .selectFrom('user')
        .select('id')
        .where('username', '=', username)
        .executeTakeFirstOrThrow();
      ids.push(row.id as number);
    }
    for (let i = 1; i <= 20; i++) {
      await db
        .insertInto('post')
        .values({
          author_id: ids[i % 2] as number,
          title: `Post number ${i}`,
          body: `The body of post ${i}, a few sentences long. `.repeat(6),
        })
        .execute();
    }
  } finally {
    await engine.destroy();
  }
}

async function serve(env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const child = spawn('flagon', ['serve', '--workers', '2'], {
    cwd: BLOG,
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    log += chunk.toString();
  });
  const deadline = Date.now() + 30_000;
  while ((log.match(/Booted worker/g) ?? []).length < 2) {
    if (child.exitCode !== null || Date.now() > deadline)
      throw new Error(`flagon serve did not boot:\n${log}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return child;
}

async function measure(url: string): Promise<{ rps: number; bytes: number; shown: number }> {
  const page = await fetch(url);
  const body = await page.text();
  if (page.status !== 200 || !body.includes('Post number 20'))
    throw new Error(`The index page is not the blog's (status ${page.status}):\n${body.slice(0, 500)}`);
  await autocannon({ url, connections: CONNECTIONS, duration: 1 }); // warm-up
  const rates: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const result = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS });
    if (result.non2xx > 0 || result.errors > 0)
      throw new Error(`${result.non2xx} non-2xx answers and ${result.errors} errors`);
    rates.push(result.requests.average);
  }
  rates.sort((a, b) => a - b);
  const shown = (body.match(/<article\b/g) ?? []).length;
  return { rps: rates[Math.floor(rates.length / 2)] as number, bytes: Buffer.byteLength(body), shown };
}

async function run(name: string, databaseUrl: string): Promise<[string, number, number, number]> {
  const port = 3400 + Math.floor(Math.random() * 500);
  const env = environment(databaseUrl, port);
  await prepare(databaseUrl, env);
  const child = await serve(env);
  try {
    const { rps, bytes, shown } = await measure(`http://127.0.0.1:${port}/`);
    return [name, rps, bytes, shown];
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  }
}

const rows: [string, number, number, number][] = [];
const folder = mkdtempSync(join(tmpdir(), 'flagon-blog-bench-'));
try {
  rows.push(await run('SQLite (file, WAL)', `sqlite:///${join(folder, 'blog.sqlite')}`));
  const reason = postgresUnavailableReason();
  if (reason === null) {
    const postgres = await startPostgres();
    try {
      rows.push(await run('PostgreSQL 15 (local)', await postgres.createDatabase('blog_bench')));
    } finally {
      await postgres.stop();
    }
  } else console.error(`PostgreSQL skipped: ${reason}`);
} finally {
  rmSync(folder, { recursive: true, force: true });
}

const note = `${availableParallelism()} CPUs shared by the workers, autocannon (${CONNECTIONS} connections) and the database; median of ${ROUNDS} × ${SECONDS} s`;
if (args.markdown) {
  console.log(
    '| Blog index (20 posts), flagon serve --workers 2 | requests/s | posts on the page | page bytes |',
  );
  console.log('| --- | ---: | ---: | ---: |');
  for (const [name, rps, bytes, shown] of rows)
    console.log(`| ${name} | ${Math.round(rps)} | ${shown} | ${bytes} |`);
  console.log(`\n${note}.`);
} else {
  for (const [name, rps, bytes] of rows)
    console.log(`${name.padEnd(48)} ${Math.round(rps)} req/s  (${bytes} bytes)`);
  console.log(note);
}
