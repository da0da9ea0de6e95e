// The database connection for a request: opened on first use, kept on `g`, closed at teardown.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { currentApp, type Flagon, g } from 'flagon';

declare module 'flagon' {
  interface AppGlobals {
    db: DatabaseSync;
  }
}

/** The request's connection to the SQLite database named by config.DATABASE. */
export function getDb(): DatabaseSync {
  if (!g.has('db')) {
    const db = new DatabaseSync(String(currentApp.config.DATABASE));
    db.exec('PRAGMA foreign_keys = ON');
    g.db = db;
  }
  return g.db as DatabaseSync;
}

/** Closes the connection when the request ends. */
export function closeDb(): void {
  const db = g.pop('db') as DatabaseSync | undefined;
  db?.close();
}

/** Creates the tables, dropping existing data. */
export function initDb(): void {
  const schema = readFileSync(new URL('./schema.sql', import.meta.url), 'utf8');
  getDb().exec(schema);
}

/** Registers the teardown, and creates the database on first start so `npm start` works on a fresh clone. */
export function initApp(app: Flagon): void {
  app.teardownRequest(closeDb);
  // `npm run flagon -- init-db`, the tutorial's `flask init-db`.
  app.cli.command(
    'init-db',
    { description: 'Clear the existing data and create new tables.' },
    (_params, ctx) => {
      initDb();
      closeDb();
      ctx.echo('Initialized the database.');
    },
  );
  const path = String(app.config.DATABASE);
  if (path !== ':memory:' && !existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true });
    app.appContext().run(() => {
      initDb();
      closeDb();
    });
  }
}
