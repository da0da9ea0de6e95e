// Turns driver errors (node:sqlite's, pg's) into the package's portable classes.
import {
  DatabaseError,
  DatabaseUnavailable,
  failedStatement,
  IntegrityError,
  type IntegrityKind,
} from '../errors.ts';

// SQLite's extended result codes for constraint failures (sqlite.org/rescode.html).
const SQLITE_CONSTRAINTS: Record<number, IntegrityKind> = {
  2067: 'unique',
  1555: 'primaryKey',
  787: 'foreignKey',
  1299: 'notNull',
  275: 'check',
};
const SQLITE_CODE_NAMES: Record<number, string> = {
  2067: 'SQLITE_CONSTRAINT_UNIQUE',
  1555: 'SQLITE_CONSTRAINT_PRIMARYKEY',
  787: 'SQLITE_CONSTRAINT_FOREIGNKEY',
  1299: 'SQLITE_CONSTRAINT_NOTNULL',
  275: 'SQLITE_CONSTRAINT_CHECK',
  5: 'SQLITE_BUSY',
  6: 'SQLITE_LOCKED',
};
// SQLSTATE class 23: integrity constraint violation.
const PG_CONSTRAINTS: Record<string, IntegrityKind> = {
  '23505': 'unique',
  '23503': 'foreignKey',
  '23502': 'notNull',
  '23514': 'check',
};
// Errors meaning "the server cannot serve you now": connection exceptions (08), shutdown and startup (57P01-3),
// too many connections (53300).
const PG_UNAVAILABLE = /^(08...|57P0[1-3]|53300)$/;
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'EPIPE',
  'EAI_AGAIN',
]);

interface DriverError {
  readonly message?: string;
  readonly code?: unknown;
  readonly errcode?: unknown;
  readonly constraint?: unknown;
  readonly table?: unknown;
  readonly column?: unknown;
  readonly detail?: unknown;
}

/** The portable error for a driver error thrown by `sql`, or the error itself when it is already one of ours. */
export function toDatabaseError(
  error: unknown,
  sql: string,
  parameters: readonly unknown[],
  retryAfter: number,
): Error {
  if (error instanceof DatabaseError || error instanceof DatabaseUnavailable) return error;
  if (error === null || typeof error !== 'object')
    return new DatabaseError(String(error), failedStatement(sql, parameters), {});
  const e = error as DriverError;
  const message = typeof e.message === 'string' ? e.message : String(error);
  const statement = failedStatement(sql, parameters);
  if (e.code === 'ERR_SQLITE_ERROR' && typeof e.errcode === 'number') {
    const kind = SQLITE_CONSTRAINTS[e.errcode];
    const code = SQLITE_CODE_NAMES[e.errcode] ?? `SQLITE_${e.errcode}`;
    if (kind !== undefined) {
      const { table, columns } = sqliteColumns(message);
      return new IntegrityError(message, statement, { kind, table, columns, cause: error, code });
    }
    if ((e.errcode & 0xff) === 5 || (e.errcode & 0xff) === 6) {
      return new DatabaseUnavailable(
        'The database is busy (locked by another writer). Please try again shortly.',
        {
          cause: new DatabaseError(message, statement, { cause: error, code }),
          retryAfter,
        },
      );
    }
    return new DatabaseError(message, statement, { cause: error, code });
  }
  if (typeof e.code === 'string') {
    const kind = PG_CONSTRAINTS[e.code];
    if (kind !== undefined) {
      const constraint = typeof e.constraint === 'string' ? e.constraint : undefined;
      const columns = typeof e.column === 'string' ? [e.column] : pgDetailColumns(e.detail);
      return new IntegrityError(message, statement, {
        kind: kind === 'unique' && constraint?.endsWith('_pkey') ? 'primaryKey' : kind,
        constraint,
        table: typeof e.table === 'string' ? e.table : undefined,
        columns,
        cause: error,
        code: e.code,
      });
    }
    if (PG_UNAVAILABLE.test(e.code) || NETWORK_CODES.has(e.code)) {
      return new DatabaseUnavailable(undefined, {
        cause: new DatabaseError(message, statement, { cause: error, code: e.code }),
        retryAfter,
      });
    }
    return new DatabaseError(message, statement, { cause: error, code: e.code });
  }
  if (/Connection terminated|connection timeout|timeout exceeded when trying to connect/i.test(message)) {
    return new DatabaseUnavailable(undefined, {
      cause: new DatabaseError(message, statement, { cause: error }),
      retryAfter,
    });
  }
  return new DatabaseError(message, statement, { cause: error });
}

// "UNIQUE constraint failed: user.username, user.email" / "NOT NULL constraint failed: post.title".
function sqliteColumns(message: string): { table: string | undefined; columns: string[] } {
  const match = /constraint failed: (.+)$/i.exec(message);
  if (match === null) return { table: undefined, columns: [] };
  const parts = (match[1] ?? '').split(',').map((part) => part.trim());
  const qualified = parts.filter((part) => /^\w+\.\w+$/.test(part));
  if (qualified.length === 0) return { table: undefined, columns: [] };
  return {
    table: qualified[0]?.split('.')[0],
    columns: qualified.map((part) => part.split('.')[1] ?? part),
  };
}

// "Key (username)=(ada) already exists." / "Key (a, b)=(1, 2) is not present in table ...".
function pgDetailColumns(detail: unknown): string[] {
  if (typeof detail !== 'string') return [];
  const match = /^Key \(([^)]*)\)=/.exec(detail);
  return match === null ? [] : (match[1] ?? '').split(',').map((name) => name.trim().replace(/^"|"$/g, ''));
}
