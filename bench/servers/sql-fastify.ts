// Fastify 5 serving the same page: the same Kysely query on the same engine (node:sqlite dialect or pg pool,
// from @flagon/sql's createEngine), and the same template rendered by @flagon/templates.
import { fileURLToPath } from 'node:url';
import { createEngine, parseDatabaseUrl } from '@flagon/sql';
import { Environment, FileSystemLoader } from '@flagon/templates';
import Fastify from 'fastify';
import { type BenchDatabase, indexQuery } from '../sql-schema.ts';

const folder = fileURLToPath(new URL('../templates/sql/', import.meta.url));
// As Flagon outside debug mode (TEMPLATES_AUTO_RELOAD off): templates are not checked for changes on each render.
const env = new Environment({ loader: new FileSystemLoader(folder), autoescape: true, autoReload: false });
const engine = createEngine<BenchDatabase>(parseDatabaseUrl(process.env.DATABASE_URL, folder), {
  poolSize: 10,
});
const app = Fastify({ logger: false });
app.get('/', async (_req, reply) => {
  const posts = await indexQuery(engine.kysely).execute();
  reply.type('text/html; charset=utf-8');
  return env.getTemplate('index.html').render({ posts });
});
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
console.log('ready');
process.on('SIGTERM', () => process.exit(0));
