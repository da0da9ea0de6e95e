import { ServiceUnavailable } from 'flagon';
import { describeParameters } from './internal/redact.ts';

/** A bad `DATABASE_URL` or `SQL_ENGINE_OPTIONS`, or the extension used before `initApp`. */
export class SQLConfigError extends Error {
  override readonly name = 'SQLConfigError';
}

/** The SQL statement an error came from, with parameter values whose column looks secret replaced. */
export interface FailedStatement {
  readonly sql: string;
  /** The parameters as sent, except values of password-like columns, shown as `'[hidden]'`. */
  readonly parameters: readonly unknown[];
}

/**
 * An error the database reported for one statement. The message carries the SQL and its parameters (values of
 * fields named like passwords, secrets or tokens hidden), so the log and the debug page show what failed.
 */
export class DatabaseError extends Error {
  override readonly name: string = 'DatabaseError';
  readonly sql: string;
  readonly parameters: readonly unknown[];
  /** The driver's error code: PostgreSQL's SQLSTATE (`'23505'`) or SQLite's extended code name. */
  readonly code: string | undefined;

  constructor(
    message: string,
    statement: FailedStatement | undefined,
    options: { cause?: unknown; code?: string },
  ) {
    super(
      statement === undefined
        ? message
        : `${message}\n  SQL: ${statement.sql}\n  Parameters: ${formatParameters(statement.parameters)}`,
      {
        cause: options.cause,
      },
    );
    this.sql = statement?.sql ?? '';
    this.parameters = statement?.parameters ?? [];
    this.code = options.code;
  }
}

/** Which constraint an `IntegrityError` broke. */
export type IntegrityKind = 'unique' | 'foreignKey' | 'notNull' | 'check' | 'primaryKey';

/**
 * A constraint violation (Flask-SQLAlchemy's `IntegrityError`), the same on SQLite and PostgreSQL: catch it in
 * the view to answer "username taken" instead of a 500.
 *
 * @example
 * try {
 *   await db.query.insertInto('user').values({ username, password }).execute();
 * } catch (error) {
 *   if (error instanceof IntegrityError && error.kind === 'unique') flash(`User ${username} is already registered.`);
 *   else throw error;
 * }
 */
export class IntegrityError extends DatabaseError {
  override readonly name = 'IntegrityError';
  /** `'primaryKey'` is a unique violation of the primary key; `isUnique` is true for both. */
  readonly kind: IntegrityKind;
  /** The constraint's name where the database reports it (PostgreSQL), else undefined. */
  readonly constraint: string | undefined;
  /** The table, where known. */
  readonly table: string | undefined;
  /** The columns involved, where known (SQLite names them in its message, PostgreSQL in its detail). */
  readonly columns: readonly string[];

  constructor(
    message: string,
    statement: FailedStatement | undefined,
    details: {
      kind: IntegrityKind;
      constraint?: string;
      table?: string;
      columns?: readonly string[];
      cause?: unknown;
      code?: string;
    },
  ) {
    super(message, statement, details);
    this.kind = details.kind;
    this.constraint = details.constraint;
    this.table = details.table;
    this.columns = details.columns ?? [];
  }

  /** True for a unique or primary-key violation. */
  get isUnique(): boolean {
    return this.kind === 'unique' || this.kind === 'primaryKey';
  }
}

/**
 * The database cannot be reached (refused, timed out, shutting down, too many connections, locked past the busy
 * timeout). An HTTP 503 with `Retry-After`, so a request fails fast instead of hanging.
 */
export class DatabaseUnavailable extends ServiceUnavailable {
  constructor(description?: string, options: { cause?: unknown; retryAfter?: number } = {}) {
    super(description ?? 'The database is unavailable at the moment. Please try again shortly.', {
      cause: options.cause,
      retryAfter: options.retryAfter ?? 5,
    } as never);
  }
}

function formatParameters(parameters: readonly unknown[]): string {
  return `[${parameters.map((p) => (p === '[hidden]' ? p : describeValue(p))).join(', ')}]`;
}

function describeValue(value: unknown): string {
  if (typeof value === 'string')
    return JSON.stringify(value.length > 200 ? `${value.slice(0, 200)}…` : value);
  if (typeof value === 'bigint') return `${value}n`;
  if (value instanceof Uint8Array) return `<${value.length} bytes>`;
  if (value instanceof Date) return value.toISOString();
  if (value !== null && typeof value === 'object') {
    try {
      return JSON.stringify(value).slice(0, 200);
    } catch {
      return Object.prototype.toString.call(value);
    }
  }
  return String(value);
}

/** The statement as an error shows it: its SQL, and its parameters with secret-looking values hidden. */
export function failedStatement(sql: string, parameters: readonly unknown[]): FailedStatement {
  return { sql, parameters: describeParameters(sql, parameters) };
}
