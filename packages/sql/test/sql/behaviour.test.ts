import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { IntegrityError, SQL } from '@flagon/sql';
import { Flagon, renderTemplateString, request } from 'flagon';
import { type Database, databases, MIGRATIONS } from '../support/databases.ts';

async function makeApp(
  url: string,
  config: Record<string, unknown> = {},
): Promise<{ app: Flagon; db: SQL<Database> }> {
  const app = new Flagon(import.meta.url, { config: { DATABASE_URL: url, TESTING: true, ...config } });
  const db = new SQL<Database>(app, { migrationsFolder: MIGRATIONS });
  const result = await app.testCliRunner().invoke(['db', 'upgrade']);
  assert.equal(result.exitCode, 0, `${result.stdout}${result.stderr}${String(result.exception)}`);
  return { app, db };
}

async function seed(app: Flagon, db: SQL<Database>, posts: number): Promise<void> {
  await app.appContext().run(async () => {
    const ada = await db.query
      .insertInto('user')
      .values({ username: 'ada', password: 'x' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const bob = await db.query
      .insertInto('user')
      .values({ username: 'bob', password: 'y' })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (let i = 1; i <= posts; i++) {
      await db.query
        .insertInto('post')
        .values({ author_id: i % 2 === 0 ? bob.id : ada.id, title: `Post ${i}` })
        .execute();
    }
  });
}

for (const database of databases()) {
  describe(`@flagon/sql on ${database.name}`, { skip: database.skip }, () => {
    describe('queries', () => {
      it('runs typed queries through db.query inside a view', async () => {
        const { app, db } = await makeApp(await database.url());
        await seed(app, db, 3);
        app.get('/titles', async () => {
          const rows = await db.query.selectFrom('post').select('title').orderBy('id').execute();
          return rows.map((row) => row.title).join(',');
        });
        const res = await app.testClient().get('/titles');
        assert.equal(res.text, 'Post 1,Post 2,Post 3');
        await db.dispose(app);
      });

      it('says which context is missing when db.query is used outside the app', async () => {
        const { app, db } = await makeApp(await database.url());
        assert.throws(() => db.query, /needs an application context/);
        await db.dispose(app);
      });

      it('reports which database it talks to', async () => {
        const { app, db } = await makeApp(await database.url());
        assert.equal(
          app.appContext().run(() => db.dialect),
          database.name,
        );
        await db.dispose(app);
      });
    });

    describe('transactions', () => {
      it('commits db.transaction when the function resolves', async () => {
        const { app, db } = await makeApp(await database.url());
        await app.appContext().run(() =>
          db.transaction(async (trx) => {
            const user = await trx
              .insertInto('user')
              .values({ username: 'ada', password: 'x' })
              .returning('id')
              .executeTakeFirstOrThrow();
            await db.query.insertInto('post').values({ author_id: user.id, title: 'Hello' }).execute();
          }),
        );
        const count = await app.appContext().run(() =>
          db.query
            .selectFrom('post')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow(),
        );
        assert.equal(Number(count.n), 1);
        await db.dispose(app);
      });

      it('rolls db.transaction back when the function throws, and rethrows', async () => {
        const { app, db } = await makeApp(await database.url());
        await assert.rejects(
          app.appContext().run(() =>
            db.transaction(async (trx) => {
              await trx.insertInto('user').values({ username: 'ada', password: 'x' }).execute();
              throw new Error('changed my mind');
            }),
          ),
          /changed my mind/,
        );
        const rows = await app.appContext().run(() => db.query.selectFrom('user').selectAll().execute());
        assert.deepEqual(rows, []);
        await db.dispose(app);
      });

      it('rolls back the request transaction from db.begin() in teardown when the view throws', async () => {
        const { app, db } = await makeApp(await database.url());
        app.config.TESTING = false;
        app.logger.sink = () => {};
        app.post('/fail', async () => {
          await db.begin();
          await db.query.insertInto('user').values({ username: 'ada', password: 'x' }).execute();
          throw new Error('boom');
        });
        const res = await app.testClient().post('/fail');
        assert.equal(res.status, 500);
        const rows = await app.appContext().run(() => db.query.selectFrom('user').selectAll().execute());
        assert.deepEqual(rows, []);
        assert.equal(app.appContext().run(() => db.poolStatus()).waiting, 0);
        await db.dispose(app);
      });

      it('keeps what db.commit() committed in the request transaction', async () => {
        const { app, db } = await makeApp(await database.url());
        app.post('/register', async () => {
          await db.begin();
          await db.query.insertInto('user').values({ username: 'ada', password: 'x' }).execute();
          await db.commit();
          return 'ok';
        });
        assert.equal((await app.testClient().post('/register')).status, 200);
        const rows = await app
          .appContext()
          .run(() => db.query.selectFrom('user').select('username').execute());
        assert.deepEqual(
          rows.map((row) => ({ ...row })),
          [{ username: 'ada' }],
        );
        await db.dispose(app);
      });
    });

    describe('404 helpers', () => {
      it('getOr404 returns the row with that id', async () => {
        const { app, db } = await makeApp(await database.url());
        await seed(app, db, 2);
        app.get('/post/<int:id>', async ({ id }) => (await db.getOr404('post', id)).title);
        assert.equal((await app.testClient().get('/post/2')).text, 'Post 2');
        await db.dispose(app);
      });

      it('getOr404 answers 404 with the given description when no row has that id', async () => {
        const { app, db } = await makeApp(await database.url());
        app.get(
          '/post/<id>',
          async ({ id }) => (await db.getOr404('post', id, { description: 'No such post.' })).title,
        );
        const res = await app.testClient().get('/post/41');
        assert.equal(res.status, 404);
        assert.match(res.text, /No such post\./);
        assert.equal((await app.testClient().get('/post/abc')).status, 404);
        await db.dispose(app);
      });

      it('firstOr404 returns the first row, and 404 when there is none', async () => {
        const { app, db } = await makeApp(await database.url());
        await seed(app, db, 3);
        app.get('/first/<name>', async ({ name }) => {
          const post = await db.firstOr404(
            db.query
              .selectFrom('post')
              .innerJoin('user', 'user.id', 'post.author_id')
              .select('post.title')
              .where('user.username', '=', name)
              .orderBy('post.id'),
          );
          return post.title;
        });
        assert.equal((await app.testClient().get('/first/bob')).text, 'Post 2');
        assert.equal((await app.testClient().get('/first/carol')).status, 404);
        await db.dispose(app);
      });

      it('oneOr404 answers 404 for none and for several rows', async () => {
        const { app, db } = await makeApp(await database.url());
        await seed(app, db, 3);
        app.get('/one/<name>', async ({ name }) => {
          const user = await db.oneOr404(
            db.query.selectFrom('user').select('username').where('username', 'like', name),
          );
          return user.username;
        });
        assert.equal((await app.testClient().get('/one/ada')).text, 'ada');
        assert.equal((await app.testClient().get('/one/nobody')).status, 404);
        assert.equal((await app.testClient().get('/one/%25')).status, 404);
        await db.dispose(app);
      });
    });

    describe('pagination', () => {
      it('paginates by ?page= and ?per_page= with the Flask-SQLAlchemy numbers', async () => {
        const { app, db } = await makeApp(await database.url());
        await seed(app, db, 25);
        app.get('/', async () => {
          const page = await db.paginate(db.query.selectFrom('post').select(['id', 'title']).orderBy('id'));
          return {
            titles: page.items.map((p) => p.title),
            total: page.total,
            page: page.page,
            pages: page.pages,
            first: page.first,
            last: page.last,
            prev: page.prevNum,
            next: page.nextNum,
          };
        });
        const res = await app.testClient().get('/?page=2&per_page=10');
        assert.deepEqual(res.json, {
          titles: Array.from({ length: 10 }, (_, i) => `Post ${i + 11}`),
          total: 25,
          page: 2,
          pages: 3,
          first: 11,
          last: 20,
          prev: 1,
          next: 3,
        });
        await db.dispose(app);
      });

      it('answers 404 for a page that is not a positive integer, or past the end', async () => {
        const { app, db } = await makeApp(await database.url());
        await seed(app, db, 5);
        app.get('/', async () =>
          String((await db.paginate(db.query.selectFrom('post').selectAll().orderBy('id'))).items.length),
        );
        const client = app.testClient();
        for (const query of ['page=abc', 'page=0', 'page=-1', 'per_page=0', 'per_page=x', 'page=9']) {
          assert.equal((await client.get(`/?${query}`)).status, 404, query);
        }
        assert.equal((await client.get('/?per_page=1000')).text, '5');
        await db.dispose(app);
      });

      it('walks pages with a keyset cursor instead of an offset', async () => {
        const { app, db } = await makeApp(await database.url());
        await seed(app, db, 5);
        app.get('/', async () => {
          const page = await db.keysetPaginate(db.query.selectFrom('post').select(['id', 'title']), {
            column: 'post.id',
            key: 'id',
            direction: 'desc',
            perPage: 2,
          });
          return { titles: page.items.map((p) => p.title), next: page.next };
        });
        const client = app.testClient();
        const first = (await client.get('/')).json as { titles: string[]; next: number };
        assert.deepEqual(first.titles, ['Post 5', 'Post 4']);
        const second = (await client.get(`/?after=${first.next}`)).json as { titles: string[]; next: number };
        assert.deepEqual(second.titles, ['Post 3', 'Post 2']);
        const third = (await client.get(`/?after=${second.next}`)).json as {
          titles: string[];
          next: number | null;
        };
        assert.deepEqual(third, { titles: ['Post 1'], next: null });
        await db.dispose(app);
      });
    });

    describe('relations', () => {
      it('loads each post with its author in one more query', async () => {
        const { app, db } = await makeApp(await database.url());
        await seed(app, db, 3);
        const posts = await app.appContext().run(async () => {
          const rows = await db.query.selectFrom('post').selectAll().orderBy('id').execute();
          return db.withOne(rows, { table: 'user', foreignKey: 'author_id', as: 'author' });
        });
        assert.deepEqual(
          posts.map((p) => `${p.title} by ${p.author?.username}`),
          ['Post 1 by ada', 'Post 2 by bob', 'Post 3 by ada'],
        );
        await db.dispose(app);
      });

      it("loads each user's posts in one more query", async () => {
        const { app, db } = await makeApp(await database.url());
        await seed(app, db, 3);
        const users = await app.appContext().run(async () => {
          const rows = await db.query.selectFrom('user').select(['id', 'username']).orderBy('id').execute();
          return db.withMany(rows, { table: 'post', foreignKey: 'author_id', as: 'posts', orderBy: 'id' });
        });
        assert.deepEqual(
          users.map((u) => [u.username, u.posts.map((p) => p.title)]),
          [
            ['ada', ['Post 1', 'Post 3']],
            ['bob', ['Post 2']],
          ],
        );
        await db.dispose(app);
      });
    });

    describe('templates', () => {
      it('streams a query into {% for %} of renderTemplateString', async () => {
        const { app, db } = await makeApp(await database.url());
        await seed(app, db, 250);
        app.get('/', () =>
          renderTemplateString('{% for post in posts %}{{ loop.index }}:{{ post.title }};{% endfor %}', {
            posts: db.stream(db.query.selectFrom('post').select('title').orderBy('id'), { chunkSize: 50 }),
          }),
        );
        const text = (await app.testClient().get('/')).text;
        assert.equal(text.split(';').length - 1, 250);
        assert.ok(text.startsWith('1:Post 1;2:Post 2;'));
        assert.ok(text.endsWith('250:Post 250;'));
        await db.dispose(app);
      });

      it('gives the connection back when a template leaves the loop early', async () => {
        const { app, db } = await makeApp(await database.url());
        await seed(app, db, 300);
        app.get('/', () =>
          renderTemplateString('{{ (posts|first).title }};', {
            posts: db.stream(db.query.selectFrom('post').select('title').orderBy('id'), { chunkSize: 10 }),
          }),
        );
        const text = (await app.testClient().get('/')).text;
        assert.equal(text, 'Post 1;');
        const status = app.appContext().run(() => db.poolStatus());
        assert.equal(status.idle, status.total);
        await db.dispose(app);
      });
    });

    describe('integrity errors', () => {
      async function violation(run: (db: SQL<Database>) => Promise<unknown>): Promise<IntegrityError> {
        const { app, db } = await makeApp(await database.url());
        await seed(app, db, 1);
        try {
          await app.appContext().run(() => run(db));
        } catch (error) {
          assert.ok(error instanceof IntegrityError, String(error));
          return error;
        } finally {
          await db.dispose(app);
        }
        assert.fail('no IntegrityError');
      }

      it('raises IntegrityError of kind unique for a duplicate username', async () => {
        const error = await violation((db) =>
          db.query.insertInto('user').values({ username: 'ada', password: 'z' }).execute(),
        );
        assert.equal(error.kind, 'unique');
        assert.ok(error.isUnique);
        assert.deepEqual(error.columns, ['username']);
      });

      it('raises IntegrityError of kind foreignKey for a post by no user', async () => {
        const error = await violation((db) =>
          db.query.insertInto('post').values({ author_id: 999, title: 'x' }).execute(),
        );
        assert.equal(error.kind, 'foreignKey');
      });

      it('raises IntegrityError of kind notNull for a missing title', async () => {
        const error = await violation((db) =>
          db.query
            .insertInto('post')
            .values({ author_id: 1, title: null as unknown as string })
            .execute(),
        );
        assert.equal(error.kind, 'notNull');
      });

      it('raises IntegrityError of kind check for an empty title', async () => {
        const error = await violation((db) =>
          db.query.insertInto('post').values({ author_id: 1, title: '' }).execute(),
        );
        assert.equal(error.kind, 'check');
      });

      it('hides password values in the message and keeps the SQL', async () => {
        const error = await violation((db) =>
          db.query.insertInto('user').values({ username: 'ada', password: 'hunter2' }).execute(),
        );
        assert.match(error.message, /SQL: insert into "user"/);
        assert.match(error.message, /"ada"/);
        assert.doesNotMatch(error.message, /hunter2/);
        assert.match(error.message, /\[hidden\]/);
      });

      it('lets a view catch the IntegrityError and answer with a form error', async () => {
        const { app, db } = await makeApp(await database.url());
        await seed(app, db, 0);
        app.post('/register', async () => {
          try {
            await db.query
              .insertInto('user')
              .values({ username: (await request.form).get('username') ?? '', password: 'p' })
              .execute();
            return 'registered';
          } catch (error) {
            if (error instanceof IntegrityError && error.isUnique)
              return ['User is already registered.', 409];
            throw error;
          }
        });
        const res = await app.testClient().post('/register', { data: { username: 'ada' } });
        assert.equal(res.status, 409);
        await db.dispose(app);
      });
    });
  });
}
