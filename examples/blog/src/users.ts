// The logged-in user, as @flagon/auth sees it: a row of `user` with Flask-Login's flags.
import { LoginManager, UserMixin } from '@flagon/auth';
import type { Flagon } from 'flagon';
import { db, type Role, type UserRow } from './db.ts';

/** A user of the blog. `password` is the Werkzeug-format hash, never the password. */
export class User extends UserMixin {
  readonly id: number;
  readonly username: string;
  readonly password: string;
  readonly role: Role;
  readonly hasApiToken: boolean;

  constructor(row: UserRow) {
    super();
    this.id = row.id;
    this.username = row.username;
    this.password = row.password;
    this.role = row.role;
    this.hasApiToken = row.api_token_hash !== null;
  }

  get isAdmin(): boolean {
    return this.role === 'admin';
  }

  /** The author of a post or comment, or an admin, may change it. */
  mayModerate(authorId: number): boolean {
    return this.id === authorId || this.isAdmin;
  }
}

// Types `currentUser` (and the loaders) as the blog's User.
declare module '@flagon/auth' {
  interface LoginUsers {
    user: User;
  }
}

/** The user with this id, or null when there is none (a deleted user's old session or remember cookie). */
export async function findUser(id: number): Promise<User | null> {
  if (!Number.isSafeInteger(id) || id <= 0) return null;
  const row = await db.query.selectFrom('user').selectAll().where('id', '=', id).executeTakeFirst();
  return row === undefined ? null : new User(row);
}

export async function findUserByName(username: string): Promise<User | null> {
  const row = await db.query
    .selectFrom('user')
    .selectAll()
    .where('username', '=', username)
    .executeTakeFirst();
  return row === undefined ? null : new User(row);
}

/** Attaches a LoginManager to `app`: anonymous visitors of guarded pages go to the login form. */
export function initLogin(app: Flagon): LoginManager {
  const login = new LoginManager(app, {
    loginView: 'auth.login',
    loginMessage: 'Please log in to see this page.',
    loginMessageCategory: 'error',
  });
  login.userLoader(async (id) => findUser(Number(id)));
  return login;
}
