import { AsyncLocalStorage } from 'node:async_hooks';
import { resolve } from 'node:path';
import {
  ContextError,
  callOnTeardown,
  currentApp,
  type Flagon,
  g,
  hasAppContext,
  hasRequestContext,
  NotFound,
  request,
  SetupError,
} from 'flagon';
import type {
  ControlledTransaction,
  IsolationLevel,
  Kysely,
  Selectable,
  SelectQueryBuilder,
  Transaction,
} from 'kysely';
import { sql } from 'kysely';
import { parseDatabaseUrl } from './database-url.ts';
import { createEngine, type EchoListener, type EngineOptions, type PoolStatus } from './engine.ts';
import { DatabaseError, SQLConfigError } from './errors.ts';
import { describeParameters } from './internal/redact.ts';
import { registerDbCommands } from './migrations.ts';
import { Pagination } from './pagination.ts';
import type { SQLState } from './state.ts';

declare module 'flagon' {
  interface ConfigValues {
    /** Where the database is: `sqlite:///app.db` (the default, in the instance folder) or `postgresql://…`. */
    DATABASE_URL?: string;
    /** Pool size, timeouts, SSL: see `EngineOptions` in @flagon/sql. */
    SQL_ENGINE_OPTIONS?: EngineOptions;
    /** Log each statement with its time (at debug level, so shown in debug mode). */
    SQL_ECHO?: boolean;
    /** The migrations folder, relative to the app's root. Default `migrations`. */
    SQL_MIGRATIONS_FOLDER?: string;
  }
}

const EXTENSION = 'sql';
const SCOPE = Symbol('flagon.sql.requestScope');

/** Options of `new SQL(app, options)`. */
export interface SQLOptions {
  /** The migrations folder; relative paths are read from the app's root. Default `SQL_MIGRATIONS_FOLDER` or `migrations`. */
  readonly migrationsFolder?: string;
}

// Connections a request holds beyond a single statement: a transaction from `db.begin()`, open row streams.
interface RequestScope {
  transaction: ControlledTransaction<unknown> | undefined;
  /** Counted in `#scopesWithTransaction` (from the first `begin()` until the teardown). */
  isCounted: boolean;
  readonly streams: Set<AsyncIterator<unknown>>;
}

/** Options of `paginate`, as Flask-SQLAlchemy's. */
export interface PaginateOptions {
  /** The page, from 1. Default: `?page=` of the request, else 1. */
  readonly page?: number;
  /** Rows per page. Default: `?per_page=` of the request, else 20. */
  readonly perPage?: number;
  /** The most rows a page may have, whatever `per_page` asks. Default 100; null for no limit. */
  readonly maxPerPage?: number | null;
  /** 404 for a page or per_page that is not a positive integer, and for an empty page past the first. Default true. */
  readonly errorOut?: boolean;
  /** Run a COUNT query for `total` and `pages`. Default true. */
  readonly count?: boolean;
}

/** Options of `keysetPaginate`. */
export interface KeysetOptions<K> {
  /** The column the cursor is compared with, unique and indexed (`'post.id'`). */
  readonly column: string;
  /** The field of each row that holds the cursor (`'id'`). */
  readonly key: K;
  /** Rows after this cursor. Default: `?after=` of the request, else the start. */
  readonly after?: string | number | null;
  /** Rows per page. Default: `?per_page=`, else 20; at most `maxPerPage` (100). */
  readonly perPage?: number;
  readonly maxPerPage?: number;
  /** Default `'asc'`; `'desc'` walks from the newest. */
  readonly direction?: 'asc' | 'desc';
}

/** A page of keyset pagination: the rows and the cursor of the next page (null on the last). */
export interface KeysetPage<O> {
  readonly items: O[];
  readonly next: string | number | null;
}

/** Options of `withOne` and `withMany`. */
export interface RelationOptions<R, T extends string, As extends string> {
  /** The related table. */
  readonly table: T;
  /** withOne: the field of each row that points to the related row (`'author_id'`); withMany: the related table's column that points back. */
  readonly foreignKey: string;
  /** The field the related row(s) are put in (`'author'`, `'posts'`). */
  readonly as: As;
  /** The key on the other side: withOne, the related table's column (default `'id'`); withMany, each row's field (default `'id'`). */
  readonly references?: string;
  /** withMany: the related rows' order, by one column of theirs. */
  readonly orderBy?: string;
  readonly row?: R;
}

/**
 * SQL databases for a Flagon app (Flask-SQLAlchemy's `SQLAlchemy`): SQLite by default, PostgreSQL with
 * `DATABASE_URL`, queries written with Kysely's typed builder.
 *
 * @example
 * interface Database { user: UserTable; post: PostTable }
 * export const db = new SQL<Database>(app);
 * app.get('/post/<int:id>', async ({ id }) => {
 *   const post = await db.getOr404('post', id);
 *   return renderTemplate('post.html', { post });
 * });
 */
export class SQL<DB> {
  readonly #options: SQLOptions;
  readonly #transactions = new AsyncLocalStorage<Transaction<DB>>();
  // Requests that called begin() and are not torn down yet: while there are none, db.query need not look for a
  // request transaction (which costs a `g` object per request).
  #scopesWithTransaction = 0;

  constructor(app?: Flagon, options: SQLOptions = {}) {
    this.#options = options;
    if (app !== undefined) this.initApp(app);
  }

  /**
   * Connects the extension to an app: reads `DATABASE_URL`, `SQL_ENGINE_OPTIONS` and `SQL_ECHO`, and adds
   * `db` in `flagon shell` and the `flagon db` commands. Requests that hold a connection (`begin`, `stream`)
   * release it in their teardown (`callOnTeardown`); the others keep Flagon's fast path.
   *
   * @throws SetupError when the app already has an SQL extension.
   * @throws SQLConfigError for a malformed `DATABASE_URL` or `SQL_ENGINE_OPTIONS`.
   */
  initApp(app: Flagon): void {
    if (app.extensions.has(EXTENSION)) {
      throw new SetupError(
        'This app already has an SQL extension: create one SQL instance per app and share it.',
      );
    }
    const config = app.config;
    const url = config.DATABASE_URL ?? process.env.DATABASE_URL;
    const target = parseDatabaseUrl(url, app.instancePath);
    const logger = app.logger;
    const echo: EchoListener | undefined =
      config.SQL_ECHO === true
        ? (text, parameters, ms) => {
            const shown =
              parameters.length === 0
                ? ''
                : ` ${JSON.stringify(describeParameters(text, parameters), jsonSafe)}`;
            logger.debug(`SQL (${ms.toFixed(2)} ms) ${text}${shown}`);
          }
        : undefined;
    const engine = createEngine<unknown>(target, config.SQL_ENGINE_OPTIONS ?? {}, echo);
    const folder = this.#options.migrationsFolder ?? config.SQL_MIGRATIONS_FOLDER ?? 'migrations';
    const state: SQLState = {
      owner: this,
      engine,
      migrationsFolder: resolve(app.rootPath, folder),
    };
    app.extensions.set(EXTENSION, state);
    app.shellContextProcessor(() => ({ db: this }));
    registerDbCommands(app, state);
  }

  /** This extension's state on the current app. */
  #state(what: string): SQLState {
    if (!hasAppContext()) {
      throw new ContextError(
        `db.${what} needs an application context: use it in a view, hook or CLI command, or inside ` +
          'app.appContext().run(...).',
      );
    }
    const state = currentApp.extensions.get(EXTENSION) as SQLState | undefined;
    if (state?.owner !== this) {
      throw new SQLConfigError(
        `db.${what}: this SQL extension is not registered on the current app; call db.initApp(app).`,
      );
    }
    return state;
  }

  #scope(create: boolean): RequestScope | undefined {
    const globals = g as unknown as Record<symbol, RequestScope | undefined>;
    let scope = globals[SCOPE];
    if (scope === undefined && create) {
      const created: RequestScope = { transaction: undefined, isCounted: false, streams: new Set() };
      globals[SCOPE] = created;
      // Only requests that hold something get a teardown; the others keep Flagon's fast path.
      callOnTeardown(() => this.#release(created));
      scope = created;
    }
    return scope;
  }

  /**
   * The typed query builder for the current app: inside `db.transaction(...)` the transaction, after
   * `db.begin()` the request's transaction, else the pool (each statement takes a connection and gives it back).
   *
   * @example
   * const posts = await db.query.selectFrom('post').selectAll().orderBy('created', 'desc').execute();
   * @throws ContextError outside an application context.
   */
  get query(): Kysely<DB> {
    const trx = this.#transactions.getStore();
    if (trx !== undefined) return trx;
    const state = this.#state('query');
    if (this.#scopesWithTransaction > 0 && hasRequestContext()) {
      const current = this.#scope(false)?.transaction;
      if (current !== undefined && !current.isCommitted && !current.isRolledBack)
        return current as unknown as Kysely<DB>;
    }
    return state.engine.kysely as Kysely<DB>;
  }

  /** The pool's query builder, never a transaction (for work that must not join the current one). */
  get engine(): Kysely<DB> {
    return this.#state('engine').engine.kysely as Kysely<DB>;
  }

  /** Which database the current app uses. */
  get dialect(): 'sqlite' | 'postgres' {
    return this.#state('dialect').engine.dialect;
  }

  /** Connections open, idle and waited for, on the current app's pool. */
  poolStatus(): PoolStatus {
    return this.#state('poolStatus').engine.poolStatus();
  }

  /**
   * Runs `fn` in a transaction: committed when it resolves, rolled back when it throws (the error goes on).
   * Inside it `db.query` is the transaction too, so helpers called from `fn` join it. A nested call joins the
   * outer transaction.
   *
   * @example
   * await db.transaction(async (trx) => {
   *   const { id } = await trx.insertInto('user').values(user).returning('id').executeTakeFirstOrThrow();
   *   await trx.insertInto('post').values({ ...post, author_id: id }).execute();
   * });
   */
  async transaction<T>(
    fn: (trx: Transaction<DB>) => Promise<T>,
    options: { isolationLevel?: IsolationLevel } = {},
  ): Promise<T> {
    const outer = this.#transactions.getStore();
    if (outer !== undefined) return fn(outer);
    if (this.#scopesWithTransaction > 0 && hasRequestContext()) {
      const current = this.#scope(false)?.transaction;
      if (current !== undefined && !current.isCommitted && !current.isRolledBack) {
        const joined = current as unknown as Transaction<DB>;
        return this.#transactions.run(joined, () => fn(joined));
      }
    }
    let builder = this.#state('transaction').engine.kysely.transaction();
    if (options.isolationLevel !== undefined) builder = builder.setIsolationLevel(options.isolationLevel);
    return (builder as unknown as ReturnType<Kysely<DB>['transaction']>).execute((trx) =>
      this.#transactions.run(trx, () => fn(trx)),
    );
  }

  /**
   * Starts a transaction that lasts until `db.commit()` or the end of the request (Flask-SQLAlchemy's session):
   * every `db.query` of the request runs in it, and the request's teardown rolls it back if it was not committed,
   * also when the view throws. Calling it again returns the same transaction.
   *
   * @throws ContextError outside a request (use `db.transaction(fn)` there).
   */
  async begin(): Promise<ControlledTransaction<DB>> {
    if (!hasRequestContext()) {
      throw new ContextError(
        'db.begin() holds a connection until the request ends; outside a request use db.transaction(fn).',
      );
    }
    const scope = this.#scope(true) as RequestScope;
    const current = scope.transaction;
    if (current !== undefined && !current.isCommitted && !current.isRolledBack)
      return current as unknown as ControlledTransaction<DB>;
    const trx = await this.#state('begin').engine.kysely.startTransaction().execute();
    scope.transaction = trx as ControlledTransaction<unknown>;
    if (!scope.isCounted) {
      scope.isCounted = true;
      this.#scopesWithTransaction++;
    }
    return trx as unknown as ControlledTransaction<DB>;
  }

  /** Commits the request's transaction from `db.begin()`, if one is open. */
  async commit(): Promise<void> {
    const trx = hasRequestContext() ? this.#scope(false)?.transaction : undefined;
    if (trx !== undefined && !trx.isCommitted && !trx.isRolledBack) await trx.commit().execute();
  }

  /** Rolls back the request's transaction from `db.begin()`, if one is open. */
  async rollback(): Promise<void> {
    const trx = hasRequestContext() ? this.#scope(false)?.transaction : undefined;
    if (trx !== undefined && !trx.isCommitted && !trx.isRolledBack) await trx.rollback().execute();
  }

  /**
   * The rows of a select query as an async iterable, fetched in chunks while it is read: hand it to
   * `renderTemplate` and `{% for %}` reads it lazily. The connection is held while rows are read and given back
   * at the end, when the loop is left early, or at the latest in the request's teardown.
   *
   * On SQLite the one connection is held for the whole loop: keep the loop short.
   *
   * @example
   * return renderTemplate('log.html', { entries: db.stream(db.query.selectFrom('entry').selectAll()) });
   */
  stream<O>(
    query: { stream(chunkSize?: number): AsyncIterableIterator<O> },
    options: { chunkSize?: number } = {},
  ): AsyncIterable<O> {
    const scope = hasRequestContext() ? this.#scope(true) : undefined;
    return {
      [Symbol.asyncIterator]: (): AsyncIterator<O> => {
        const inner = query.stream(options.chunkSize ?? 100);
        const tracked: AsyncIterator<O> = {
          next: async () => {
            try {
              const step = await inner.next();
              if (step.done) scope?.streams.delete(tracked);
              return step;
            } catch (error) {
              scope?.streams.delete(tracked);
              throw error;
            }
          },
          return: async (value?: unknown) => {
            scope?.streams.delete(tracked);
            await inner.return?.();
            return { done: true, value: value as O };
          },
        };
        scope?.streams.add(tracked as AsyncIterator<unknown>);
        return tracked;
      },
    };
  }

  async #release(scope: RequestScope): Promise<void> {
    for (const stream of scope.streams) await stream.return?.().catch(() => {});
    scope.streams.clear();
    const trx = scope.transaction;
    scope.transaction = undefined;
    if (scope.isCounted) {
      scope.isCounted = false;
      this.#scopesWithTransaction--;
    }
    if (trx !== undefined && !trx.isCommitted && !trx.isRolledBack) await trx.rollback().execute();
  }

  /**
   * The row of `table` whose `id` (or `options.column`) is `id`, or a 404 (Flask-SQLAlchemy's `get_or_404`).
   *
   * @throws NotFound when there is no such row.
   */
  async getOr404<T extends keyof DB & string>(
    table: T,
    id: string | number | bigint,
    options: { column?: string; description?: string } = {},
  ): Promise<Selectable<DB[T]>> {
    // Kysely cannot type a table chosen at run time; the result is typed from the table name instead.
    // biome-ignore lint/suspicious/noExplicitAny: see above.
    const query = (this.query as unknown as Kysely<any>)
      .selectFrom(table)
      .selectAll()
      .where(options.column ?? 'id', '=', id)
      .limit(1);
    let row: unknown;
    try {
      row = await query.executeTakeFirst();
    } catch (error) {
      // A value the column's type cannot hold ('abc' for an integer key on PostgreSQL) matches no row.
      if (error instanceof DatabaseError && error.code === '22P02') throw new NotFound(options.description);
      throw error;
    }
    if (row === undefined) throw new NotFound(options.description);
    return row as Selectable<DB[T]>;
  }

  /**
   * The first row of `query`, or a 404 (Flask-SQLAlchemy's `first_or_404`).
   *
   * @throws NotFound when the query has no rows.
   */
  async firstOr404<O>(
    query: SelectQueryBuilder<never, never, O>,
    options: { description?: string } = {},
  ): Promise<O> {
    const row = await query.limit(1).executeTakeFirst();
    if (row === undefined) throw new NotFound(options.description);
    return row as O;
  }

  /**
   * The only row of `query`, or a 404 when it has none or several (Flask-SQLAlchemy's `one_or_404`).
   *
   * @throws NotFound when the query has no row or more than one.
   */
  async oneOr404<O>(
    query: SelectQueryBuilder<never, never, O>,
    options: { description?: string } = {},
  ): Promise<O> {
    const rows = await query.limit(2).execute();
    if (rows.length !== 1) throw new NotFound(options.description);
    return rows[0] as O;
  }

  /**
   * One page of `query` (Flask-SQLAlchemy's `paginate`). Without `page`/`perPage`, reads `?page=` and
   * `?per_page=` of the request. The query should have an `orderBy`, or pages may overlap.
   *
   * @example
   * const page = await db.paginate(db.query.selectFrom('post').selectAll().orderBy('id', 'desc'));
   * return renderTemplate('index.html', { page });
   * @throws NotFound for a page or per_page that is not a positive integer, or a page past the end (errorOut).
   */
  async paginate<O>(
    query: SelectQueryBuilder<never, never, O>,
    options: PaginateOptions = {},
  ): Promise<Pagination<O>> {
    const errorOut = options.errorOut ?? true;
    let page = options.page ?? readIntArg('page', errorOut) ?? 1;
    let perPage = options.perPage ?? readIntArg('per_page', errorOut) ?? 20;
    const maxPerPage = options.maxPerPage === undefined ? 100 : options.maxPerPage;
    if (maxPerPage !== null) perPage = Math.min(perPage, maxPerPage);
    if (!Number.isSafeInteger(page) || page < 1) {
      if (errorOut) throw new NotFound();
      page = 1;
    }
    if (!Number.isSafeInteger(perPage) || perPage < 1) {
      if (errorOut) throw new NotFound();
      perPage = 20;
    }
    const items = await query
      .limit(perPage)
      .offset((page - 1) * perPage)
      .execute();
    if (items.length === 0 && page !== 1 && errorOut) throw new NotFound();
    let total: number | null = null;
    if (options.count ?? true) {
      const source = query.clearOrderBy().clearLimit().clearOffset();
      const { rows } = await sql<{
        count: number | string | bigint;
      }>`select count(*) as count from (${source}) as flagon_count`.execute(this.query);
      total = Number(rows[0]?.count ?? 0);
    }
    const fetch = (p: number): Promise<Pagination<O>> =>
      this.paginate(query, { ...options, page: p, perPage });
    return new Pagination<O>({ items: items as O[], total, page, perPage }, fetch);
  }

  /**
   * Keyset ("seek") pagination for large tables: the rows after a cursor, with no COUNT and no OFFSET, so every
   * page costs the same. The cursor is the `key` field of the last row; pass it back as `?after=`.
   *
   * @example
   * const { items, next } = await db.keysetPaginate(db.query.selectFrom('post').selectAll(), {
   *   column: 'post.id', key: 'id', direction: 'desc',
   * });
   * // next page: url_for('index', after=next)
   * @throws NotFound for a per_page that is not a positive integer.
   */
  async keysetPaginate<O, K extends keyof O & string>(
    query: SelectQueryBuilder<never, never, O>,
    options: KeysetOptions<K>,
  ): Promise<KeysetPage<O>> {
    const direction = options.direction ?? 'asc';
    let perPage = options.perPage ?? readIntArg('per_page', true) ?? 20;
    perPage = Math.min(perPage, options.maxPerPage ?? 100);
    if (!Number.isSafeInteger(perPage) || perPage < 1) throw new NotFound();
    const after =
      options.after !== undefined
        ? options.after
        : hasRequestContext()
          ? (request.args.get('after') ?? null)
          : null;
    // The column is the caller's, checked by Kysely's reference parser as any other column name.
    // biome-ignore lint/suspicious/noExplicitAny: a dynamic column on a typed builder.
    let q = query as unknown as SelectQueryBuilder<any, any, O>;
    if (after !== null && after !== '') q = q.where(options.column, direction === 'asc' ? '>' : '<', after);
    const rows = (await q
      .clearOrderBy()
      .orderBy(options.column, direction)
      .limit(perPage + 1)
      .execute()) as O[];
    const items = rows.slice(0, perPage);
    const last = items.at(-1);
    const next =
      rows.length > perPage && last !== undefined
        ? ((last as Record<string, unknown>)[options.key] as string | number)
        : null;
    return { items, next };
  }

  /**
   * Loads the row each row points to (a post's author) with one query for all rows, and puts it in `as`.
   *
   * @example
   * const posts = await db.withOne(rows, { table: 'user', foreignKey: 'author_id', as: 'author' });
   * posts[0].author?.username;
   */
  async withOne<R extends Record<string, unknown>, T extends keyof DB & string, As extends string>(
    rows: readonly R[],
    relation: RelationOptions<R, T, As>,
  ): Promise<Array<R & { [P in As]: Selectable<DB[T]> | null }>> {
    const references = relation.references ?? 'id';
    const keys = unique(rows.map((row) => row[relation.foreignKey]));
    const related = keys.length === 0 ? [] : await this.#selectIn(relation.table, references, keys);
    const byKey = new Map(related.map((row) => [keyOf(row[references]), row]));
    return rows.map((row) => ({
      ...row,
      [relation.as]: byKey.get(keyOf(row[relation.foreignKey])) ?? null,
    })) as Array<R & { [P in As]: Selectable<DB[T]> | null }>;
  }

  /**
   * Loads the rows that point to each row (a user's posts) with one query for all rows, and puts them in `as`.
   *
   * @example
   * const users = await db.withMany(rows, { table: 'post', foreignKey: 'author_id', as: 'posts' });
   */
  async withMany<R extends Record<string, unknown>, T extends keyof DB & string, As extends string>(
    rows: readonly R[],
    relation: RelationOptions<R, T, As>,
  ): Promise<Array<R & { [P in As]: Selectable<DB[T]>[] }>> {
    const references = relation.references ?? 'id';
    const keys = unique(rows.map((row) => row[references]));
    const related =
      keys.length === 0
        ? []
        : await this.#selectIn(relation.table, relation.foreignKey, keys, relation.orderBy);
    const byKey = new Map<unknown, Record<string, unknown>[]>();
    for (const row of related) {
      const key = keyOf(row[relation.foreignKey]);
      const list = byKey.get(key);
      if (list === undefined) byKey.set(key, [row]);
      else list.push(row);
    }
    return rows.map((row) => ({ ...row, [relation.as]: byKey.get(keyOf(row[references])) ?? [] })) as Array<
      R & { [P in As]: Selectable<DB[T]>[] }
    >;
  }

  async #selectIn(
    table: string,
    column: string,
    keys: unknown[],
    orderBy?: string,
  ): Promise<Record<string, unknown>[]> {
    // biome-ignore lint/suspicious/noExplicitAny: a table and column chosen at run time.
    let q = (this.query as unknown as Kysely<any>).selectFrom(table).selectAll().where(column, 'in', keys);
    if (orderBy !== undefined) q = q.orderBy(orderBy);
    return (await q.execute()) as Record<string, unknown>[];
  }

  /** Closes the app's connections (tests, shutdown); the app cannot query after it. */
  async dispose(app: Flagon): Promise<void> {
    const state = app.extensions.get(EXTENSION) as SQLState | undefined;
    if (state?.owner !== this) return;
    await state.engine.destroy();
  }
}

function unique(values: unknown[]): unknown[] {
  return [...new Set(values.filter((value) => value !== null && value !== undefined))];
}

// PostgreSQL returns bigint keys as strings and SQLite as numbers: compare them as text.
function keyOf(value: unknown): unknown {
  return typeof value === 'number' || typeof value === 'bigint' ? String(value) : value;
}

function readIntArg(name: string, errorOut: boolean): number | undefined {
  if (!hasRequestContext()) return undefined;
  const raw = request.args.get(name);
  if (raw === null || raw === undefined) return undefined;
  if (/^\s*[+-]?\d+\s*$/.test(raw)) return Number.parseInt(raw, 10);
  if (errorOut) throw new NotFound();
  return undefined;
}

function jsonSafe(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? `${value}` : value;
}
