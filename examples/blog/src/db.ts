// The blog's database: its tables as types, the one SQL extension every app instance shares, and the
// migrations `npm start` applies on first start (what `flagon db upgrade` does on a deploy).

import {
  createMigrator,
  type Generated,
  type Kysely,
  type Selectable,
  SQL,
  type SQLState,
} from '@flagon/sql';
import type { Flagon } from 'flagon';

/** `user`: the tutorial's table, plus a role and the SHA-256 of the user's API token. */
export interface UserTable {
  id: Generated<number>;
  username: string;
  /** Werkzeug's format (`scrypt:32768:8:1$salt$hex`), so a Flask copy of the blog reads the same rows. */
  password: string;
  role: Generated<Role>;
  api_token_hash: string | null;
}

/** `user` may write and edit their own posts; `admin` may also edit and delete anyone's. */
export type Role = 'user' | 'admin';

export interface PostTable {
  id: Generated<number>;
  author_id: number;
  /** SQLite gives the text `YYYY-MM-DD HH:MM:SS` (UTC), PostgreSQL a `Date`. */
  created: Generated<string | Date>;
  title: string;
  body: string;
}

export interface CommentTable {
  id: Generated<number>;
  post_id: number;
  author_id: number;
  created: Generated<string | Date>;
  body: string;
}

export interface Database {
  user: UserTable;
  post: PostTable;
  comment: CommentTable;
}

export type UserRow = Selectable<UserTable>;

/** The extension; `createApp` calls `db.initApp(app)` for each app it makes. */
export const db = new SQL<Database>();

/** Applies the migrations not yet applied (all of them on a fresh database), as `flagon db upgrade` does. */
export async function upgradeDatabase(app: Flagon): Promise<string[]> {
  const state = app.extensions.get('sql') as SQLState;
  const migrator = createMigrator(state.engine.kysely as Kysely<unknown>, state.migrationsFolder);
  const result = await migrator.migrateToLatest();
  if (result.error !== undefined) {
    throw new Error(`The database could not be migrated: ${String((result.error as Error).message)}`, {
      cause: result.error,
    });
  }
  return (result.results ?? []).map((step) => step.migrationName);
}

/** A row's `created` as a `Date`, whichever database it came from. */
export function toDate(value: string | Date): Date {
  if (value instanceof Date) return value;
  // SQLite's CURRENT_TIMESTAMP is UTC without a zone; read as such rather than as local time.
  return new Date(`${value.replace(' ', 'T')}Z`);
}
