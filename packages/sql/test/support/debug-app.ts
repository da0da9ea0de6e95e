// An app for the debug-page test, run by `flagon run --debug` in a child process.
import { SQL } from '@flagon/sql';
import { Flagon } from 'flagon';

interface Database {
  account: { name: string; password: string };
}

export const app = new Flagon(import.meta.url, { config: { DATABASE_URL: process.env.TEST_DATABASE_URL } });
const db = new SQL<Database>(app);

app.get('/', async function register() {
  await db.query.schema
    .createTable('account')
    .ifNotExists()
    .addColumn('name', 'text', (c) => c.unique())
    .addColumn('password', 'text')
    .execute();
  await db.query
    .insertInto('account')
    .values({ name: 'ada', password: String(process.env.TEST_PASSWORD) })
    .execute();
  await db.query
    .insertInto('account')
    .values({ name: 'ada', password: String(process.env.TEST_PASSWORD) })
    .execute();
  return 'unreachable';
});
