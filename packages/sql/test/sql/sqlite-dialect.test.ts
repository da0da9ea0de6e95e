import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { type Generated, Kysely, NodeSqliteDialect, sql } from '@flagon/sql';

const folder = mkdtempSync(join(tmpdir(), 'flagon-sqlite-dialect-'));
after(() => rmSync(folder, { recursive: true, force: true }));
let files = 0;

interface Db {
  item: { id: Generated<number>; flag: number | null; at: string | null; data: Uint8Array | null };
}

function open(options: Partial<ConstructorParameters<typeof NodeSqliteDialect>[0]> = {}): Kysely<Db> {
  const db = new Kysely<Db>({
    dialect: new NodeSqliteDialect({ path: join(folder, `d${++files}.db`), ...options }),
  });
  after(() => db.destroy());
  return db;
}

async function pragma(db: Kysely<Db>, name: string): Promise<unknown> {
  const { rows } = await sql.raw<Record<string, unknown>>(`pragma ${name}`).execute(db);
  return Object.values(rows[0] ?? {})[0];
}

describe('NodeSqliteDialect', () => {
  it('turns on WAL mode and foreign keys by default', async () => {
    const db = open();
    assert.equal(await pragma(db, 'journal_mode'), 'wal');
    assert.equal(await pragma(db, 'foreign_keys'), 1);
  });

  it('leaves them off when asked', async () => {
    const db = open({ wal: false, foreignKeys: false });
    assert.equal(await pragma(db, 'journal_mode'), 'delete');
    assert.equal(await pragma(db, 'foreign_keys'), 0);
  });

  it('sets the busy timeout', async () => {
    const db = open({ busyTimeout: 1234 });
    assert.equal(await pragma(db, 'busy_timeout'), 1234);
  });

  it('stores booleans as 1/0 and dates as ISO text, and reports insert ids', async () => {
    const db = open();
    await db.schema
      .createTable('item')
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('flag', 'integer')
      .addColumn('at', 'text')
      .addColumn('data', 'blob')
      .execute();
    const when = new Date('2026-01-02T03:04:05.000Z');
    const result = await db
      .insertInto('item')
      .values({
        flag: true as unknown as number,
        at: when as unknown as string,
        data: new Uint8Array([1, 2]),
      })
      .executeTakeFirstOrThrow();
    assert.equal(result.insertId, 1n);
    const row = await db.selectFrom('item').selectAll().executeTakeFirstOrThrow();
    assert.equal(row.flag, 1);
    assert.equal(row.at, '2026-01-02T03:04:05.000Z');
    assert.deepEqual([...(row.data ?? [])], [1, 2]);
  });

  it('runs transactions one after another on its one connection', async () => {
    const db = open();
    await db.schema
      .createTable('item')
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('flag', 'integer')
      .execute();
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        db.transaction().execute(async (trx) => {
          const { n } = await trx
            .selectFrom('item')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow();
          await new Promise((resolve) => setTimeout(resolve, 1));
          await trx
            .insertInto('item')
            .values({ id: i + 1, flag: Number(n) })
            .execute();
        }),
      ),
    );
    const flags = (await db.selectFrom('item').select('flag').orderBy('id').execute()).map((r) => r.flag);
    assert.deepEqual(flags, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('rolls back a savepoint inside a transaction', async () => {
    const db = open();
    await db.schema
      .createTable('item')
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .execute();
    const trx = await db.startTransaction().execute();
    await trx
      .insertInto('item')
      .values({ id: 1 } as never)
      .execute();
    const sp = await trx.savepoint('inner').execute();
    await sp
      .insertInto('item')
      .values({ id: 2 } as never)
      .execute();
    await sp.rollbackToSavepoint('inner').execute();
    await trx.commit().execute();
    assert.deepEqual(
      (await db.selectFrom('item').select('id').execute()).map((r) => r.id),
      [1],
    );
  });
});
