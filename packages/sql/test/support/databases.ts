// The two databases every behaviour test runs on: SQLite in a temporary file, and PostgreSQL in a throwaway
// cluster (tools/services/postgres.ts), skipped with the reason only where its binaries are missing.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import type { Generated } from '@flagon/sql';
import type { Flagon } from 'flagon';
import {
  type PostgresService,
  postgresUnavailableReason,
  startPostgres,
} from '../../../../tools/services/postgres.ts';

export const MIGRATIONS = join(import.meta.dirname, 'migrations');

export interface UserTable {
  id: Generated<number>;
  username: string;
  password: string;
}

export interface PostTable {
  id: Generated<number>;
  author_id: number;
  title: string;
  body: Generated<string>;
  created: Generated<string | Date>;
}

export interface Database {
  user: UserTable;
  post: PostTable;
}

/** One database for a describe block: its name, and a fresh DATABASE_URL for each call of `url()`. */
export interface TestDatabase {
  readonly name: 'sqlite' | 'postgres';
  /** Why the block is skipped, or undefined. */
  readonly skip: string | undefined;
  url(): Promise<string>;
}

let counter = 0;
let postgres: Promise<PostgresService> | undefined;
const pgReason = postgresUnavailableReason();

function sqliteDatabase(): TestDatabase {
  let folder: string | undefined;
  after(() => {
    if (folder !== undefined) rmSync(folder, { recursive: true, force: true });
  });
  return {
    name: 'sqlite',
    skip: undefined,
    async url() {
      folder ??= mkdtempSync(join(tmpdir(), 'flagon-sql-'));
      return `sqlite:///${join(folder, `db${++counter}.db`)}`;
    },
  };
}

function postgresDatabase(): TestDatabase {
  if (pgReason === null) {
    before(() => {
      postgres ??= startPostgres();
    });
    after(async () => {
      const service = await postgres;
      postgres = undefined;
      await service?.stop();
    });
  }
  return {
    name: 'postgres',
    skip: pgReason === null ? undefined : `PostgreSQL half skipped: ${pgReason}`,
    async url() {
      postgres ??= startPostgres();
      const service = await postgres;
      return service.createDatabase(`test_${process.pid}_${++counter}`);
    },
  };
}

/** SQLite and PostgreSQL, for `for (const database of databases()) describe(database.name, { skip: database.skip }, ...)`. */
export function databases(): TestDatabase[] {
  return [sqliteDatabase(), postgresDatabase()];
}

/** Disposes the apps' pools after the file's tests. */
export function disposeAfter(apps: Array<{ app: Flagon; dispose(app: Flagon): Promise<void> }>): void {
  after(async () => {
    for (const { app, dispose } of apps) await dispose(app);
  });
}
