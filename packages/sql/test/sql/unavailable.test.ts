import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { DatabaseError, DatabaseUnavailable, SQL, SQLConfigError, sql } from '@flagon/sql';
import { Flagon } from 'flagon';
import { postgresUnavailableReason, startPostgres } from '../../../../tools/services/postgres.ts';

interface Table {
  t: { id: number };
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve(typeof address === 'object' && address !== null ? address.port : 0);
    });
  });
}

async function closedPort(): Promise<number> {
  const server = createServer();
  const port = await listen(server);
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function appFor(url: string, options: Record<string, unknown> = {}): { app: Flagon; db: SQL<Table> } {
  const app = new Flagon(import.meta.url, { config: { DATABASE_URL: url, SQL_ENGINE_OPTIONS: options } });
  const db = new SQL<Table>(app);
  app.get('/', async () => String((await db.query.selectFrom('t').selectAll().execute()).length));
  after(() => db.dispose(app));
  return { app, db };
}

describe('a database that is down', () => {
  it('answers 503 with Retry-After when PostgreSQL refuses the connection', async () => {
    const { app } = appFor(`postgresql://postgres@127.0.0.1:${await closedPort()}/app`, { retryAfter: 7 });
    const res = await app.testClient().get('/');
    assert.equal(res.status, 503);
    assert.equal(res.headers.get('retry-after'), '7');
  });

  it('answers 503 after the connect timeout when the server never answers, instead of hanging', async () => {
    const sockets = new Set<Socket>();
    const silent = createServer((socket) => sockets.add(socket));
    const port = await listen(silent);
    try {
      const { app } = appFor(`postgresql://postgres@127.0.0.1:${port}/app`, { connectTimeout: 200 });
      const res = await app.testClient().get('/');
      assert.equal(res.status, 503);
      assert.equal(res.headers.get('retry-after'), '5');
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('answers 503 once a running PostgreSQL stops, and serves again from a new server', {
    skip: postgresUnavailableReason() ?? undefined,
  }, async () => {
    const service = await startPostgres();
    try {
      const url = await service.createDatabase('down_test');
      const { app, db } = appFor(url, { connectTimeout: 500 });
      await app
        .appContext()
        .run(() => db.engine.schema.createTable('t').addColumn('id', 'integer').execute());
      assert.equal((await app.testClient().get('/')).status, 200);
      await service.stop();
      const res = await app.testClient().get('/');
      assert.equal(res.status, 503);
      assert.ok(res.headers.get('retry-after'));
    } finally {
      await service.stop();
    }
  });
});

describe('an SQLite database locked by another process', () => {
  it('answers 503 with Retry-After once the busy timeout passes', async () => {
    const root = mkdtempSync(join(tmpdir(), 'flagon-sql-busy-'));
    try {
      const url = `sqlite:///${join(root, 'app.db')}`;
      const holder = appFor(url);
      const waiter = appFor(url, { busyTimeout: 100 });
      waiter.app.post('/', async () => {
        await waiter.db.query.insertInto('t').values({ id: 2 }).execute();
        return 'written';
      });
      await holder.app.appContext().run(async () => {
        await holder.db.engine.schema.createTable('t').addColumn('id', 'integer').execute();
        // A write transaction in another connection (as another process would hold it) keeps the lock.
        await holder.db.transaction(async (trx) => {
          await trx.insertInto('t').values({ id: 1 }).execute();
          const res = await waiter.app.testClient().post('/');
          assert.equal(res.status, 503);
          assert.equal(res.headers.get('retry-after'), '5');
        });
      });
      assert.equal((await waiter.app.testClient().post('/')).status, 200);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('an SQLite file that cannot be opened', () => {
  it('fails the first query with SQLConfigError naming the path when the folder is missing', async () => {
    const { app, db } = appFor('sqlite:////nonexistent-folder-flagon/app.db');
    await assert.rejects(
      app.appContext().run(() => db.query.selectFrom('t').selectAll().execute()),
      (error: Error) =>
        error instanceof SQLConfigError && error.message.includes('/nonexistent-folder-flagon/app.db'),
    );
  });

  it('creates the instance folder for the default database', async () => {
    const root = mkdtempSync(join(tmpdir(), 'flagon-sql-default-'));
    try {
      const app = new Flagon(import.meta.url, { rootPath: root });
      const db = new SQL<Table>(app);
      await app
        .appContext()
        .run(() => db.engine.schema.createTable('t').addColumn('id', 'integer').execute());
      const rows = await app.appContext().run(() => db.query.selectFrom('t').selectAll().execute());
      assert.deepEqual(rows, []);
      await db.dispose(app);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('says so when the path is a folder', async () => {
    const root = mkdtempSync(join(tmpdir(), 'flagon-sql-dir-'));
    try {
      const { app, db } = appFor(`sqlite:///${root}`);
      await assert.rejects(
        app.appContext().run(() => db.query.selectFrom('t').selectAll().execute()),
        (error: Error) => error instanceof SQLConfigError && error.message.includes(root),
      );
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('SQL_ENGINE_OPTIONS', () => {
  it('passes ssl to PostgreSQL: a server without TLS then answers 503', {
    skip: postgresUnavailableReason() ?? undefined,
  }, async () => {
    const service = await startPostgres();
    try {
      const { app, db } = appFor(await service.createDatabase('ssl_test'), { ssl: true });
      const res = await app.testClient().get('/');
      assert.equal(res.status, 503);
      await assert.rejects(
        app.appContext().run(() => db.query.selectFrom('t').selectAll().execute()),
        (error: Error) =>
          error instanceof DatabaseUnavailable && /SSL/i.test(String((error.cause as Error)?.message)),
      );
    } finally {
      await service.stop();
    }
  });

  it('cancels a PostgreSQL statement that runs past statementTimeout with a DatabaseError', {
    skip: postgresUnavailableReason() ?? undefined,
  }, async () => {
    const service = await startPostgres();
    try {
      const { app, db } = appFor(await service.createDatabase('timeout_test'), { statementTimeout: 100 });
      await assert.rejects(
        app.appContext().run(() => sql`select pg_sleep(5)`.execute(db.query)),
        (error: Error) =>
          error instanceof DatabaseError && error.code === '57014' && /statement timeout/.test(error.message),
      );
      await db.dispose(app);
    } finally {
      await service.stop();
    }
  });

  it('refuses an unknown key, naming the known ones', () => {
    const app = new Flagon(import.meta.url, {
      config: { DATABASE_URL: 'sqlite://:memory:', SQL_ENGINE_OPTIONS: { pool_size: 3 } as never },
    });
    assert.throws(
      () => new SQL(app),
      (error: Error) => error instanceof SQLConfigError && /pool_size.*poolSize/.test(error.message),
    );
  });

  it('refuses a negative timeout', () => {
    const app = new Flagon(import.meta.url, {
      config: { DATABASE_URL: 'sqlite://:memory:', SQL_ENGINE_OPTIONS: { connectTimeout: -1 } },
    });
    assert.throws(() => new SQL(app), SQLConfigError);
  });
});
