// Registration, login and logout, and the `loginRequired` guard (the tutorial's auth blueprint).
import { Blueprint, flash, g, redirect, renderTemplate, session, urlFor, type ViewFunction } from 'flagon';
import { getDb } from './db.ts';
import { checkPasswordHash, generatePasswordHash } from './passwords.ts';

/** A row of the user table. */
export interface User {
  id: number;
  username: string;
  password: string;
}

declare module 'flagon' {
  interface AppGlobals {
    user: User | null;
  }
  interface SessionData {
    userId: number;
  }
}

export const auth = new Blueprint('auth', import.meta.url, { urlPrefix: '/auth' });

/** Wraps a view so anonymous visitors are sent to the login page. */
export function loginRequired<P>(view: ViewFunction<P>): ViewFunction<P> {
  const wrapped: ViewFunction<P> = (params, request) => {
    if (!g.user) return redirect(urlFor('auth.login'));
    return view(params, request);
  };
  Object.defineProperty(wrapped, 'name', { value: view.name });
  return wrapped;
}

auth.beforeAppRequest(function loadLoggedInUser() {
  const userId = session.get('userId');
  g.user =
    userId === undefined
      ? null
      : ((getDb().prepare('SELECT * FROM user WHERE id = ?').get(userId) as User | undefined) ?? null);
});

auth.route('/register', { methods: ['GET', 'POST'] }, async function register(_params, request) {
  if (request.method === 'POST') {
    const form = await request.form;
    const username = (form.get('username') ?? '').trim();
    const password = form.get('password') ?? '';
    let error: string | null = null;
    if (!username) error = 'Username is required.';
    else if (!password) error = 'Password is required.';
    if (error === null) {
      try {
        getDb()
          .prepare('INSERT INTO user (username, password) VALUES (?, ?)')
          .run(username, generatePasswordHash(password));
        return redirect(urlFor('auth.login'));
      } catch (e) {
        if (!String((e as Error).message).includes('UNIQUE')) throw e;
        error = `User ${username} is already registered.`;
      }
    }
    flash(error);
  }
  return renderTemplate('auth/register.html');
});

auth.route('/login', { methods: ['GET', 'POST'] }, async function login(_params, request) {
  if (request.method === 'POST') {
    const form = await request.form;
    const username = form.get('username') ?? '';
    const password = form.get('password') ?? '';
    const user = getDb().prepare('SELECT * FROM user WHERE username = ?').get(username) as User | undefined;
    let error: string | null = null;
    if (user === undefined) error = 'Incorrect username.';
    else if (!checkPasswordHash(user.password, password)) error = 'Incorrect password.';
    if (error === null && user !== undefined) {
      session.clear();
      session.set('userId', user.id);
      return redirect(urlFor('index'));
    }
    flash(error ?? 'Login failed.');
  }
  return renderTemplate('auth/login.html');
});

auth.get('/logout', function logout() {
  session.clear();
  return redirect(urlFor('index'));
});
