import { isAbsolute, join } from 'node:path';
import { SQLConfigError } from './errors.ts';

/** Where a `DATABASE_URL` points: a SQLite file (or memory), or a PostgreSQL server. */
export type DatabaseTarget =
  | { readonly kind: 'sqlite'; readonly path: string; readonly isDefault: boolean }
  | { readonly kind: 'postgres'; readonly connectionString: string };

/**
 * Reads a `DATABASE_URL` as Flask-SQLAlchemy reads its URI.
 *
 * - `sqlite:///relative/path.db`: relative to the app's instance folder (as Flask-SQLAlchemy 3 does);
 * - `sqlite:////absolute/path.db`: an absolute path;
 * - `sqlite://:memory:` or `sqlite://`: an in-memory database;
 * - `postgresql://user:pass@host:port/db`, and `postgres://…` as Heroku writes it.
 *
 * With no URL, the default is `sqlite:///app.db`, a file in the instance folder.
 *
 * @throws SQLConfigError for any other scheme or a malformed URL.
 */
export function parseDatabaseUrl(url: string | undefined, instancePath: string): DatabaseTarget {
  if (url === undefined || url === '') {
    return { kind: 'sqlite', path: join(instancePath, 'app.db'), isDefault: true };
  }
  if (/^sqlite:/i.test(url)) {
    const rest = url.slice('sqlite:'.length);
    if (
      rest === '' ||
      rest === '//' ||
      rest === '//:memory:' ||
      rest === ':memory:' ||
      rest === '///:memory:'
    ) {
      return { kind: 'sqlite', path: ':memory:', isDefault: false };
    }
    if (!rest.startsWith('///')) {
      throw new SQLConfigError(
        `DATABASE_URL ${JSON.stringify(url)} is not a SQLite URL Flagon reads: write sqlite:///relative.db ` +
          '(in the instance folder), sqlite:////absolute/path.db or sqlite://:memory:.',
      );
    }
    const raw = decodeURIComponent(rest.slice(3).replace(/\?.*$/, ''));
    const path = isAbsolute(raw) ? raw : join(instancePath, raw);
    return { kind: 'sqlite', path, isDefault: false };
  }
  if (/^postgres(ql)?(\+\w+)?:\/\//i.test(url)) {
    // Heroku's postgres:// and SQLAlchemy's postgresql+driver:// both name the same server.
    const connectionString = url.replace(/^postgres(ql)?(\+\w+)?:/i, 'postgresql:');
    try {
      new URL(connectionString);
    } catch (error) {
      throw new SQLConfigError(`DATABASE_URL is not a valid PostgreSQL URL: ${redactUrl(url)}`, {
        cause: error,
      });
    }
    return { kind: 'postgres', connectionString };
  }
  throw new SQLConfigError(
    `DATABASE_URL ${redactUrl(url)} uses a database Flagon does not support: use sqlite:///… or postgresql://….`,
  );
}

/** The URL with its password replaced by `***`, for messages and logs. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z][\w+.-]*:\/\/[^:/@]*:)[^@/]*@/i, '$1***@');
}
