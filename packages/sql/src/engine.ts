import {
  type CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  Kysely,
  PostgresAdapter,
  PostgresDialect,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';
import pg from 'pg';
import type { DatabaseTarget } from './database-url.ts';
import { DatabaseUnavailable, SQLConfigError } from './errors.ts';
import { toDatabaseError } from './internal/error-mapping.ts';
import { NodeSqliteDialect } from './sqlite-dialect.ts';

/** `SQL_ENGINE_OPTIONS`: how connections are made. Every key is optional. */
export interface EngineOptions {
  /** PostgreSQL: the most connections the pool opens. Default 10. */
  readonly poolSize?: number;
  /** PostgreSQL: how long to wait for a connection (new, or free in the pool) before a 503, in ms. Default 5000. */
  readonly connectTimeout?: number;
  /** PostgreSQL: how long an idle pooled connection stays open, in ms. Default 10000. */
  readonly idleTimeout?: number;
  /** Cancel statements running longer than this, in ms (PostgreSQL's statement_timeout). Default: none. */
  readonly statementTimeout?: number;
  /** PostgreSQL: TLS. `true` verifies the server certificate; pass node:tls options for more. `sslmode` in the URL also works. */
  readonly ssl?: boolean | Record<string, unknown>;
  /** The value of `Retry-After` on the 503 sent when the database is unavailable, in seconds. Default 5. */
  readonly retryAfter?: number;
  /** SQLite: how long to wait for another process's write lock, in ms. Default 5000. */
  readonly busyTimeout?: number;
  /** SQLite: write-ahead logging. Default true. */
  readonly wal?: boolean;
  /** SQLite: enforce foreign keys. Default true. */
  readonly foreignKeys?: boolean;
}

/** Called after each statement when echo is on. */
export type EchoListener = (sql: string, parameters: readonly unknown[], milliseconds: number) => void;

/** Pool counters, for health checks and leak tests. */
export interface PoolStatus {
  /** Connections open (SQLite: 1 once opened). */
  readonly total: number;
  /** Open connections not held by a query, transaction or stream. */
  readonly idle: number;
  /** Callers waiting for a connection. */
  readonly waiting: number;
}

/** A Kysely instance with the pieces `SQL` needs beside it. */
export interface Engine<DB> {
  readonly kysely: Kysely<DB>;
  readonly dialect: 'sqlite' | 'postgres';
  poolStatus(): PoolStatus;
  destroy(): Promise<void>;
}

const OPTION_KEYS = new Set([
  'poolSize',
  'connectTimeout',
  'idleTimeout',
  'statementTimeout',
  'ssl',
  'retryAfter',
  'busyTimeout',
  'wal',
  'foreignKeys',
]);

function checkOptions(options: EngineOptions): void {
  for (const key of Object.keys(options)) {
    if (!OPTION_KEYS.has(key)) {
      throw new SQLConfigError(
        `SQL_ENGINE_OPTIONS has an unknown key ${JSON.stringify(key)}; known keys: ${[...OPTION_KEYS].join(', ')}.`,
      );
    }
  }
  for (const key of [
    'poolSize',
    'connectTimeout',
    'idleTimeout',
    'statementTimeout',
    'retryAfter',
    'busyTimeout',
  ] as const) {
    const value = options[key];
    if (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value) || value < 0)) {
      throw new SQLConfigError(
        `SQL_ENGINE_OPTIONS.${key} must be a non-negative number, not ${JSON.stringify(value)}.`,
      );
    }
  }
  if (options.poolSize === 0) throw new SQLConfigError('SQL_ENGINE_OPTIONS.poolSize must be at least 1.');
}

/**
 * Creates the Kysely instance for a database target, with the errors of every statement mapped to
 * `IntegrityError`/`DatabaseError`, an unreachable database to `DatabaseUnavailable` (503), and `echo` called with
 * each statement's time. The bench uses it to give Fastify the same queries as Flagon.
 *
 * @example
 * const engine = createEngine<Database>(parseDatabaseUrl(process.env.DATABASE_URL, 'instance'));
 * const posts = await engine.kysely.selectFrom('post').selectAll().execute();
 */
export function createEngine<DB>(
  target: DatabaseTarget,
  options: EngineOptions = {},
  echo?: EchoListener,
): Engine<DB> {
  checkOptions(options);
  const retryAfter = options.retryAfter ?? 5;
  if (target.kind === 'sqlite') {
    const inner = new NodeSqliteDialect({
      path: target.path,
      createFolder: target.isDefault,
      busyTimeout: options.busyTimeout,
      wal: options.wal,
      foreignKeys: options.foreignKeys,
    });
    let status: () => PoolStatus = () => ({ total: 0, idle: 0, waiting: 0 });
    const dialect = instrument(inner, 'sqlite', {
      retryAfter,
      echo,
      onDriver: (driver) => {
        status = () => driver.status();
      },
    });
    const kysely = new Kysely<DB>({ dialect });
    return { kysely, dialect: 'sqlite', poolStatus: () => status(), destroy: () => kysely.destroy() };
  }
  const pool = new pg.Pool({
    connectionString: target.connectionString,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: options.connectTimeout ?? 5000,
    idleTimeoutMillis: options.idleTimeout ?? 10_000,
    ...(options.statementTimeout === undefined ? {} : { statement_timeout: options.statementTimeout }),
    ...(options.ssl === undefined
      ? {}
      : { ssl: options.ssl === true ? { rejectUnauthorized: true } : options.ssl }),
  });
  // An idle client losing its server (a restart) emits on the pool; without a listener that would crash the process.
  pool.on('error', () => {});
  const dialect = instrument(new PostgresDialect({ pool }), 'postgres', { retryAfter, echo });
  const kysely = new Kysely<DB>({ dialect });
  return {
    kysely,
    dialect: 'postgres',
    poolStatus: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    destroy: () => kysely.destroy(),
  };
}

interface InstrumentOptions {
  readonly retryAfter: number;
  readonly echo: EchoListener | undefined;
  readonly onDriver?: (driver: InstrumentedDriver) => void;
}

function instrument(inner: Dialect, kind: 'sqlite' | 'postgres', options: InstrumentOptions): Dialect {
  return {
    createDriver: () => {
      const driver = new InstrumentedDriver(inner.createDriver(), kind, options);
      options.onDriver?.(driver);
      return driver;
    },
    createQueryCompiler: () => inner.createQueryCompiler(),
    createAdapter: () => inner.createAdapter(),
    createIntrospector: (db) => inner.createIntrospector(db),
  };
}

function unavailable(error: unknown, retryAfter: number): DatabaseUnavailable {
  return new DatabaseUnavailable(undefined, { cause: error, retryAfter });
}

/** Wraps a dialect's driver: maps errors, times statements, and streams PostgreSQL rows through a cursor. */
class InstrumentedDriver implements Driver {
  readonly #inner: Driver;
  readonly #kind: 'sqlite' | 'postgres';
  readonly #options: InstrumentOptions;
  #open = 0;
  #held = 0;
  #waiting = 0;

  constructor(inner: Driver, kind: 'sqlite' | 'postgres', options: InstrumentOptions) {
    this.#inner = inner;
    this.#kind = kind;
    this.#options = options;
  }

  status(): PoolStatus {
    return { total: this.#open, idle: this.#open - this.#held, waiting: this.#waiting };
  }

  async init(): Promise<void> {
    await this.#inner.init();
    this.#open = 1;
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    this.#waiting++;
    let connection: DatabaseConnection;
    try {
      connection = await this.#inner.acquireConnection();
    } catch (error) {
      throw unavailable(error, this.#options.retryAfter);
    } finally {
      this.#waiting--;
    }
    this.#held++;
    return new InstrumentedConnection(connection, this.#kind, this.#options);
  }

  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const wrapped = connection as InstrumentedConnection;
    wrapped.inTransaction = true;
    return this.#mapped(wrapped, 'begin', () => this.#inner.beginTransaction(wrapped.inner, settings));
  }

  commitTransaction(connection: DatabaseConnection): Promise<void> {
    const wrapped = connection as InstrumentedConnection;
    wrapped.inTransaction = false;
    return this.#mapped(wrapped, 'commit', () => this.#inner.commitTransaction(wrapped.inner));
  }

  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    const wrapped = connection as InstrumentedConnection;
    wrapped.inTransaction = false;
    return this.#mapped(wrapped, 'rollback', () => this.#inner.rollbackTransaction(wrapped.inner));
  }

  async savepoint(
    connection: DatabaseConnection,
    name: string,
    compile: Parameters<NonNullable<Driver['savepoint']>>[2],
  ): Promise<void> {
    await this.#inner.savepoint?.((connection as InstrumentedConnection).inner, name, compile);
  }

  async rollbackToSavepoint(
    connection: DatabaseConnection,
    name: string,
    compile: Parameters<NonNullable<Driver['savepoint']>>[2],
  ): Promise<void> {
    await this.#inner.rollbackToSavepoint?.((connection as InstrumentedConnection).inner, name, compile);
  }

  async releaseSavepoint(
    connection: DatabaseConnection,
    name: string,
    compile: Parameters<NonNullable<Driver['savepoint']>>[2],
  ): Promise<void> {
    await this.#inner.releaseSavepoint?.((connection as InstrumentedConnection).inner, name, compile);
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    this.#held--;
    await this.#inner.releaseConnection((connection as InstrumentedConnection).inner);
  }

  async destroy(): Promise<void> {
    this.#open = 0;
    await this.#inner.destroy();
  }

  async #mapped(connection: InstrumentedConnection, sql: string, run: () => Promise<void>): Promise<void> {
    const started = performance.now();
    try {
      await run();
    } catch (error) {
      throw toDatabaseError(error, sql, [], this.#options.retryAfter);
    }
    this.#options.echo?.(sql, [], performance.now() - started);
    void connection;
  }
}

class InstrumentedConnection implements DatabaseConnection {
  readonly inner: DatabaseConnection;
  readonly #kind: 'sqlite' | 'postgres';
  readonly #options: InstrumentOptions;
  inTransaction = false;

  constructor(inner: DatabaseConnection, kind: 'sqlite' | 'postgres', options: InstrumentOptions) {
    this.inner = inner;
    this.#kind = kind;
    this.#options = options;
  }

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const echo = this.#options.echo;
    const started = echo === undefined ? 0 : performance.now();
    let result: QueryResult<R>;
    try {
      result = await this.inner.executeQuery<R>(compiledQuery);
    } catch (error) {
      throw toDatabaseError(error, compiledQuery.sql, compiledQuery.parameters, this.#options.retryAfter);
    }
    echo?.(compiledQuery.sql, compiledQuery.parameters, performance.now() - started);
    return result;
  }

  async *streamQuery<R>(
    compiledQuery: CompiledQuery,
    chunkSize = 100,
  ): AsyncIterableIterator<QueryResult<R>> {
    if (this.#kind === 'sqlite') {
      try {
        yield* this.inner.streamQuery<R>(compiledQuery, chunkSize);
      } catch (error) {
        throw toDatabaseError(error, compiledQuery.sql, compiledQuery.parameters, this.#options.retryAfter);
      }
      return;
    }
    yield* this.#streamWithCursor<R>(compiledQuery, chunkSize);
  }

  // pg-cursor is not a dependency: a server-side cursor declared in SQL does the same (a transaction is needed
  // for its life, so one is opened when the connection is not already in one).
  async *#streamWithCursor<R>(
    compiledQuery: CompiledQuery,
    chunkSize: number,
  ): AsyncIterableIterator<QueryResult<R>> {
    const raw = (sql: string, parameters: readonly unknown[] = []): Promise<QueryResult<R>> =>
      this.executeQuery<R>({ ...compiledQuery, sql, parameters });
    const ownTransaction = !this.inTransaction;
    const cursor = `flagon_cursor_${Math.random().toString(36).slice(2)}`;
    if (ownTransaction) await raw('begin');
    let isDeclared = false;
    let isFailed = false;
    try {
      await raw(`declare ${cursor} no scroll cursor for ${compiledQuery.sql}`, compiledQuery.parameters);
      isDeclared = true;
      const size = Math.max(1, Math.floor(chunkSize));
      while (true) {
        const { rows } = await raw(`fetch ${size} from ${cursor}`);
        if (rows.length === 0) break;
        yield { rows };
        if (rows.length < size) break;
      }
    } catch (error) {
      isFailed = true;
      throw error;
    } finally {
      if (ownTransaction) await raw(isFailed ? 'rollback' : 'commit').catch(() => {});
      else if (isDeclared && !isFailed) await raw(`close ${cursor}`).catch(() => {});
    }
  }
}

/**
 * Which database a Kysely instance talks to, for the few statements that differ (an auto-increment key is
 * `serial` on PostgreSQL and `integer primary key` on SQLite).
 *
 * @example
 * .addColumn('id', dialectOf(db) === 'postgres' ? 'serial' : 'integer', (col) => col.primaryKey())
 */
// biome-ignore lint/suspicious/noExplicitAny: works for a Kysely of any schema, migrations use Kysely<any>.
export function dialectOf(db: Kysely<any>): 'sqlite' | 'postgres' {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}
