// Registering, logging in (with remember me) and out, and the settings page that issues API tokens.
import { createHash, randomBytes } from 'node:crypto';
import {
  checkPasswordHash,
  currentUser,
  generatePasswordHash,
  loginRequired,
  loginUser,
  logoutUser,
  needsRehash,
  safeNextUrl,
} from '@flagon/auth';
import { IntegrityError } from '@flagon/sql';
import { Blueprint, flash, type Response, redirect, renderTemplate, request, urlFor } from 'flagon';
import { db } from './db.ts';
import { ConfirmForm, LoginForm, RegisterForm } from './forms.ts';
import { findUserByName, type User } from './users.ts';

export const auth = new Blueprint('auth', import.meta.url, { urlPrefix: '/auth' });

/** The logged-in user; only for views behind `loginRequired`. */
export function me(): User {
  return currentUser as unknown as User;
}

auth.route('/register', { methods: ['GET', 'POST'] }, async function register() {
  const form = await RegisterForm.fromRequest();
  if (await form.validateOnSubmit()) {
    const { username, password } = form.data;
    try {
      await db.query
        .insertInto('user')
        .values({ username, password: await generatePasswordHash(password), api_token_hash: null })
        .execute();
    } catch (error) {
      // Two registrations racing for one name: the form's check passed for both, the unique index did not.
      if (!(error instanceof IntegrityError && error.kind === 'unique')) throw error;
      form.username.errors.push(`User ${username} is already registered.`);
      flash('Please fix the errors below.', 'error');
      return renderTemplate('auth/register.html', { form });
    }
    flash(`Welcome, ${username}! Your account is ready: log in below.`, 'success');
    return redirect(urlFor('auth.login'));
  }
  if (form.isSubmitted()) flash('Please fix the errors below.', 'error');
  return renderTemplate('auth/register.html', { form });
});

let dummy: Promise<string> | undefined;
/** A hash of a random password, made once: what an unknown name's password is checked against. */
function dummyHash(): Promise<string> {
  dummy ??= generatePasswordHash(randomBytes(16).toString('hex'));
  return dummy;
}

/** The log-in view; `createApp` puts the failed-attempt rate limit on it. */
export async function login(): Promise<Response | string> {
  const form = await LoginForm.fromRequest();
  if (await form.validateOnSubmit()) {
    const { username, password, remember } = form.data;
    const user = await findUserByName(username);
    // The same message for an unknown name and a wrong password: the form does not reveal who has an account.
    // An unknown name is checked against a hash too, so the answer's timing does not reveal it either.
    const isValid = await checkPasswordHash(user?.password ?? (await dummyHash()), password);
    if (user !== null && isValid) {
      if (needsRehash(user.password)) {
        // An old or weaker hash (a Flask-era pbkdf2, a short salt) is replaced while the password is at hand.
        await db.query
          .updateTable('user')
          .set({ password: await generatePasswordHash(password) })
          .where('id', '=', user.id)
          .execute();
      }
      await loginUser(user, { remember });
      flash(`Welcome back, ${user.username}.`, 'success');
      return redirect(safeNextUrl(nextArgument(), urlFor('index')) ?? urlFor('index'));
    }
    flash('Incorrect username or password.', 'error');
  } else if (form.isSubmitted()) {
    flash('Please fix the errors below.', 'error');
  }
  return renderTemplate('auth/login.html', { form, next: nextArgument() });
}
auth.route('/login', { methods: ['GET', 'POST'] }, login);

function nextArgument(): string | null {
  return request.args.get('next') ?? null;
}

auth.post(
  '/logout',
  loginRequired(async function logout() {
    await logoutUser();
    flash('You are logged out.', 'success');
    return redirect(urlFor('index'));
  }),
);

/** The SHA-256 an API token is stored as. */
export function hashApiToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

auth.get(
  '/settings',
  loginRequired(async function settings() {
    return renderTemplate('auth/settings.html', {
      form: await ConfirmForm.fromRequest(),
      token: null,
      hasToken: me().hasApiToken,
    });
  }),
);

auth.post(
  '/settings/token',
  loginRequired(async function issueToken() {
    // 32 random bytes: guessing is hopeless, so a fast hash suffices for the stored copy.
    const token = randomBytes(32).toString('base64url');
    await db.query
      .updateTable('user')
      .set({ api_token_hash: hashApiToken(token) })
      .where('id', '=', me().id)
      .execute();
    flash(
      'A new API token was issued; any previous one no longer works. Copy it now: it is shown once.',
      'success',
    );
    // Rendered, not flashed: a flash would keep the token in the session cookie.
    return renderTemplate('auth/settings.html', {
      form: await ConfirmForm.fromRequest(),
      token,
      hasToken: true,
    });
  }),
);

auth.post(
  '/settings/token/revoke',
  loginRequired(async function revokeToken() {
    await db.query.updateTable('user').set({ api_token_hash: null }).where('id', '=', me().id).execute();
    flash('Your API token was revoked.', 'success');
    return redirect(urlFor('auth.settings'));
  }),
);
