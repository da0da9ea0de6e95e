// Flagon + @flagon/sql serving the blog's index: 20 posts with their authors, rendered by a template.
import { SQL } from '@flagon/sql';
import { Flagon, renderTemplate } from 'flagon';
import { type BenchDatabase, indexQuery } from '../sql-schema.ts';

const app = new Flagon(import.meta.url, {
  templateFolder: '../templates/sql',
  config: { DATABASE_URL: process.env.DATABASE_URL, SQL_ENGINE_OPTIONS: { poolSize: 10 } },
});
const db = new SQL<BenchDatabase>(app);
app.get('/', async function index() {
  const posts = await indexQuery(db.query).execute();
  return renderTemplate('index.html', { posts });
});
await app.listen({ port: Number(process.env.PORT) });
console.log('ready');
process.on('SIGTERM', () => process.exit(0));
