/**
 * Instructions the server process spends per request on the database-backed page (bench/sql-page.ts), counted
 * by callgrind, for Flagon + @flagon/sql and for Fastify with the same query, engine and template: unlike
 * requests/s, the count does not move with the neighbours' load. Each server answers `--small` and then
 * `--large` requests on one keep-alive connection; the difference divided by the extra requests leaves out
 * start-up and warm-up. SQLite only: with PostgreSQL most of the work is in the database server's process.
 *
 *   npx node --conditions=flagon-source bench/sql-instructions.ts [--small 2000] [--large 6000]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createEngine, parseDatabaseUrl } from '@flagon/sql';
import { runUnderCallgrind } from './profile/http-harness.ts';
import { seed } from './sql-schema.ts';

const { values: args } = parseArgs({
  options: { small: { type: 'string', default: '2000' }, large: { type: 'string', default: '6000' } },
});
const small = Number(args.small);
const large = Number(args.large);
const REQUEST = 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n';

const folder = mkdtempSync(join(tmpdir(), 'flagon-bench-sql-'));
try {
  process.env.DATABASE_URL = `sqlite:///${join(folder, 'blog.db')}`;
  const engine = createEngine(parseDatabaseUrl(process.env.DATABASE_URL, folder));
  await seed(engine.kysely);
  await engine.destroy();
  const counts: Record<string, number> = {};
  for (const server of ['sql-fastify', 'sql-flagon']) {
    const totals: number[] = [];
    for (const count of [small, large]) {
      const { stderr } = await runUnderCallgrind({
        server,
        request: REQUEST,
        count,
        outFile: '/dev/null',
        nodeOptions: ['--conditions=flagon-source'],
      });
      const match = /Collected : (\d+)/.exec(stderr);
      if (!match) throw new Error(`callgrind printed no total for ${server}:\n${stderr}`);
      totals.push(Number(match[1]));
    }
    counts[server] = Math.round(((totals[1] as number) - (totals[0] as number)) / (large - small));
    console.error(`${server}: ${counts[server]} instructions per request`);
  }
  const fastify = counts['sql-fastify'] as number;
  const flagon = counts['sql-flagon'] as number;
  console.log(`| Fastify instructions/req | Flagon instructions/req | Fastify / Flagon |`);
  console.log(`| ---: | ---: | ---: |`);
  console.log(
    `| ${fastify.toLocaleString('en-US')} | ${flagon.toLocaleString('en-US')} | ${(fastify / flagon).toFixed(2)}× |`,
  );
} finally {
  rmSync(folder, { recursive: true, force: true });
}
