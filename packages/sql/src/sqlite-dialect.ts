import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import {
  CompiledQuery,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  type QueryCompiler,
  type QueryResult,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from 'kysely';
import { SQLConfigError } from './errors.ts';

/** Options of `NodeSqliteDialect`. */
export interface NodeSqliteDialectOptions {
  /** A file path, or `':memory:'`. */
  readonly path: string;
  /** Create the file's folder when missing (done for the default database in the instance folder). */
  readonly createFolder?: boolean;
  /** How long a statement waits for another process's write lock before failing, in ms. Default 5000. */
  readonly busyTimeout?: number;
  /** Write-ahead logging: readers do not block the writer. Default true (ignored for `:memory:`). */
  readonly wal?: boolean;
  /** Enforce FOREIGN KEY constraints (off by default in SQLite itself). Default true. */
  readonly foreignKeys?: boolean;
  /** How many prepared statements to keep for reuse. Default 200. */
  readonly statementCacheSize?: number;
}

/**
 * A Kysely dialect for Node's built-in `node:sqlite` (no native addon to compile). One connection, taken in turn:
 * a query or a whole transaction holds it, the next waits (SQLite has one writer anyway). WAL mode and foreign
 * keys are on, and a busy timeout makes a locked database wait before failing.
 *
 * `node:sqlite` is synchronous: each statement blocks the event loop while it runs, which is fast for the
 * indexed lookups of a web page (microseconds) and slow for full scans of large tables. Keep queries short.
 *
 * @example
 * const db = new Kysely<Database>({ dialect: new NodeSqliteDialect({ path: 'app.db' }) });
 */
export class NodeSqliteDialect implements Dialect {
  readonly #options: NodeSqliteDialectOptions;

  constructor(options: NodeSqliteDialectOptions) {
    this.#options = { ...options };
  }

  createDriver(): Driver {
    return new NodeSqliteDriver(this.#options);
  }

  createQueryCompiler(): QueryCompiler {
    return new SqliteQueryCompiler();
  }

  createAdapter(): DialectAdapter {
    return new NodeSqliteAdapter();
  }

  // Kysely types the introspector's database as `Kysely<any>`.
  // biome-ignore lint/suspicious/noExplicitAny: the signature is Kysely's.
  createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    return new SqliteIntrospector(db);
  }
}

// SQLite runs schema changes inside transactions (Kysely's adapter says otherwise to be safe with every driver):
// saying so makes the migrator apply an upgrade as one transaction, all or nothing, as on PostgreSQL.
class NodeSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

class NodeSqliteDriver implements Driver {
  readonly #options: NodeSqliteDialectOptions;
  #database: DatabaseSync | undefined;
  #connection: NodeSqliteConnection | undefined;
  // The tail of the queue of connection holders: each waits for the one before to release.
  #lock: Promise<void> = Promise.resolve();
  #release: (() => void) | undefined;

  constructor(options: NodeSqliteDialectOptions) {
    this.#options = options;
  }

  async init(): Promise<void> {
    const { path } = this.#options;
    if (path !== ':memory:' && this.#options.createFolder) mkdirSync(dirname(path), { recursive: true });
    let database: DatabaseSync;
    try {
      database = new DatabaseSync(path, {
        timeout: this.#options.busyTimeout ?? 5000,
        enableForeignKeyConstraints: this.#options.foreignKeys !== false,
      });
    } catch (error) {
      throw new SQLConfigError(
        `Cannot open the SQLite database ${JSON.stringify(path)}: ${(error as Error).message}. Check that its ` +
          'folder exists and is writable by this process, or set DATABASE_URL.',
        { cause: error },
      );
    }
    try {
      if (path !== ':memory:' && this.#options.wal !== false) database.exec('pragma journal_mode = wal');
    } catch (error) {
      database.close();
      throw new SQLConfigError(
        `Cannot use the SQLite database ${JSON.stringify(path)}: ${(error as Error).message}.`,
        {
          cause: error,
        },
      );
    }
    this.#database = database;
    this.#connection = new NodeSqliteConnection(database, this.#options.statementCacheSize ?? 200);
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const previous = this.#lock;
    let release!: () => void;
    this.#lock = new Promise<void>((resolve) => {
      release = resolve;
    });
    await previous;
    this.#release = release;
    return this.#connection as NodeSqliteConnection;
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin'));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  async savepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`savepoint ${quoteName(name)}`));
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`rollback to ${quoteName(name)}`));
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`release ${quoteName(name)}`));
  }

  async releaseConnection(): Promise<void> {
    const release = this.#release;
    this.#release = undefined;
    release?.();
  }

  async destroy(): Promise<void> {
    this.#connection?.clear();
    if (this.#database?.isOpen) this.#database.close();
    this.#database = undefined;
  }

  /** True while a query or transaction holds the connection. */
  get isBusy(): boolean {
    return this.#release !== undefined;
  }
}

function quoteName(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** node:sqlite binds numbers, bigints, strings, null and bytes; booleans and dates are converted here. */
function toSqlite(value: unknown): unknown {
  if (value === undefined) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof Date) return value.toISOString();
  return value;
}

class NodeSqliteConnection implements DatabaseConnection {
  readonly #database: DatabaseSync;
  readonly #statements = new Map<string, StatementSync>();
  readonly #cacheSize: number;

  constructor(database: DatabaseSync, cacheSize: number) {
    this.#database = database;
    this.#cacheSize = cacheSize;
  }

  #prepare(sql: string): StatementSync {
    let statement = this.#statements.get(sql);
    if (statement === undefined) {
      statement = this.#database.prepare(sql);
      if (this.#statements.size >= this.#cacheSize) {
        const oldest = this.#statements.keys().next().value;
        if (oldest !== undefined) this.#statements.delete(oldest);
      }
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const { sql, parameters } = compiledQuery;
    const statement = this.#prepare(sql);
    const values = parameters.map(toSqlite) as never[];
    if (statement.columns().length > 0) return { rows: statement.all(...values) as R[] };
    const { changes, lastInsertRowid } = statement.run(...values);
    return { insertId: BigInt(lastInsertRowid), numAffectedRows: BigInt(changes), rows: [] };
  }

  async *streamQuery<R>(
    compiledQuery: CompiledQuery,
    chunkSize = 100,
  ): AsyncIterableIterator<QueryResult<R>> {
    // A fresh statement: a cached one may be used by another query between two chunks.
    const statement = this.#database.prepare(compiledQuery.sql);
    const iterator = statement.iterate(...(compiledQuery.parameters.map(toSqlite) as never[]));
    try {
      let rows: R[] = [];
      for (const row of iterator) {
        rows.push(row as R);
        if (rows.length >= chunkSize) {
          yield { rows };
          rows = [];
        }
      }
      if (rows.length > 0) yield { rows };
    } finally {
      iterator.return?.();
    }
  }

  clear(): void {
    this.#statements.clear();
  }
}
