// @flagon/sql's public API. Named re-exports only.

// The query builder's own names, so apps and migrations import everything from one package.
export {
  type ColumnType,
  type ControlledTransaction,
  type Generated,
  type Insertable,
  Kysely,
  type Selectable,
  sql,
  type Transaction,
  type Updateable,
} from 'kysely';
export { type DatabaseTarget, parseDatabaseUrl, redactUrl } from './database-url.ts';
export {
  createEngine,
  dialectOf,
  type EchoListener,
  type Engine,
  type EngineOptions,
  type PoolStatus,
} from './engine.ts';
export {
  DatabaseError,
  DatabaseUnavailable,
  type FailedStatement,
  IntegrityError,
  type IntegrityKind,
  SQLConfigError,
} from './errors.ts';
export { createMigrator, FolderMigrationProvider, registerDbCommands } from './migrations.ts';
export { type IterPagesOptions, Pagination } from './pagination.ts';
export {
  type KeysetOptions,
  type KeysetPage,
  type PaginateOptions,
  type RelationOptions,
  SQL,
  type SQLOptions,
} from './sql.ts';
export { NodeSqliteDialect, type NodeSqliteDialectOptions } from './sqlite-dialect.ts';
export type { SQLState } from './state.ts';
