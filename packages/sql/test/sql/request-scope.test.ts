import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SQL } from '@flagon/sql';
import { Flagon, renderTemplateString } from 'flagon';
import { type Database, databases, MIGRATIONS } from '../support/databases.ts';

async function makeApp(
  url: string,
  config: Record<string, unknown> = {},
): Promise<{ app: Flagon; db: SQL<Database> }> {
  const app = new Flagon(import.meta.url, { config: { DATABASE_URL: url, ...config } });
  const db = new SQL<Database>(app, { migrationsFolder: MIGRATIONS });
  const result = await app.testCliRunner().invoke(['db', 'upgrade']);
  assert.equal(result.exitCode, 0, `${result.stdout}${result.stderr}`);
  await app.appContext().run(async () => {
    const { id } = await db.query
      .insertInto('user')
      .values({ username: 'ada', password: 'x' })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (let i = 1; i <= 50; i++)
      await db.query
        .insertInto('post')
        .values({ author_id: id, title: `Post ${i}` })
        .execute();
  });
  return { app, db };
}

const CONCURRENT = 24;

for (const database of databases()) {
  describe(`connections scoped to the request on ${database.name}`, { skip: database.skip }, () => {
    it('leaks no connection under more concurrent requests than the pool holds, over real HTTP', async () => {
      const { app, db } = await makeApp(await database.url(), { SQL_ENGINE_OPTIONS: { poolSize: 2 } });
      app.logger.sink = () => {};
      let n = 0;
      // Each kind holds a connection a different way: a request transaction the view abandons by throwing, a
      // stream the template leaves early, a committed write, and plain reads.
      app.post('/abandon', async () => {
        await db.begin();
        await db.query
          .insertInto('user')
          .values({ username: `tmp${++n}`, password: 'x' })
          .execute();
        throw new Error('the view fails after writing');
      });
      app.get('/stream', () =>
        renderTemplateString('{{ (posts|first).title }}', {
          posts: db.stream(db.query.selectFrom('post').select('title').orderBy('id'), { chunkSize: 5 }),
        }),
      );
      app.post('/write', async () => {
        await db.transaction(async (trx) => {
          await trx.updateTable('post').set({ body: 'edited' }).where('id', '=', 1).execute();
        });
        return 'ok';
      });
      app.get('/read', async () =>
        String(
          (await db.paginate(db.query.selectFrom('post').selectAll().orderBy('id'), { page: 2, perPage: 10 }))
            .items.length,
        ),
      );
      const server = await app.listen({ port: 0 });
      try {
        const kinds = [
          { method: 'POST', path: '/abandon', status: 500, body: undefined },
          { method: 'GET', path: '/stream', status: 200, body: 'Post 1' },
          { method: 'POST', path: '/write', status: 200, body: 'ok' },
          { method: 'GET', path: '/read', status: 200, body: '10' },
        ];
        const results = await Promise.all(
          Array.from({ length: CONCURRENT }, async (_, i) => {
            const kind = kinds[i % kinds.length] as (typeof kinds)[number];
            const res = await fetch(`${server.url}${kind.path}`, { method: kind.method });
            return { kind, status: res.status, text: await res.text() };
          }),
        );
        for (const { kind, status, text } of results) {
          assert.equal(status, kind.status, kind.path);
          if (kind.body !== undefined) assert.equal(text, kind.body, kind.path);
        }
        const status = app.appContext().run(() => db.poolStatus());
        assert.equal(status.waiting, 0);
        assert.equal(status.idle, status.total);
        assert.ok(status.total <= 2, `pool grew to ${status.total}`);
        const users = await app
          .appContext()
          .run(() => db.query.selectFrom('user').select('username').execute());
        assert.deepEqual(
          users.map((u) => u.username),
          ['ada'],
          'the abandoned transactions were rolled back',
        );
        assert.equal((await fetch(`${server.url}/read`)).status, 200);
      } finally {
        await server.close();
        await db.dispose(app);
      }
    });

    it('logs each statement with its time when SQL_ECHO is on in debug mode, passwords hidden', async () => {
      const { app, db } = await makeApp(await database.url(), { SQL_ECHO: true, DEBUG: true });
      const lines: string[] = [];
      app.logger.sink = (_level, line) => lines.push(line);
      app.post('/user', async () => {
        await db.query.insertInto('user').values({ username: 'bob', password: 'hunter2' }).execute();
        return 'ok';
      });
      await app.testClient().post('/user');
      const line = lines.find((l) => l.includes('insert into "user"'));
      assert.ok(line, lines.join('\n'));
      assert.match(line, /DEBUG .*SQL \(\d+\.\d\d ms\) insert into "user" \("username", "password"\) values/);
      assert.match(line, /"bob"/);
      assert.doesNotMatch(line, /hunter2/);
      await db.dispose(app);
    });

    it('logs a failing statement with its SQL and parameters, secrets hidden', async () => {
      const { app, db } = await makeApp(await database.url());
      const lines: string[] = [];
      app.logger.sink = (_level, line) => lines.push(line);
      app.post('/user', async () => {
        await db.query.insertInto('user').values({ username: 'ada', password: 'hunter2' }).execute();
        return 'ok';
      });
      const res = await app.testClient().post('/user');
      assert.equal(res.status, 500);
      const logged = lines.join('\n');
      assert.match(logged, /IntegrityError/);
      assert.match(logged, /SQL: insert into "user"/);
      assert.match(logged, /Parameters: \["ada", \[hidden\]\]/);
      assert.doesNotMatch(logged, /hunter2/);
      await db.dispose(app);
    });

    it('puts db in scope in flagon shell', async () => {
      const { app, db } = await makeApp(await database.url());
      const result = await app.testCliRunner().invoke(['shell'], {
        input:
          "(await db.query.selectFrom('user').select('username').execute()).map((u) => u.username).join('+')\n",
      });
      assert.equal(result.exitCode, 0, result.stderr);
      assert.match(result.stdout, /'ada'/);
      await db.dispose(app);
    });
  });
}
