/**
 * Revocable remember tokens, an option beyond Flask-Login: the cookie holds `<selector>.<validator>`, the
 * store keeps the selector with a SHA-256 of the validator, and each use replaces the validator.
 * Deleting a user's tokens logs out every remembered browser; a stolen cookie stops working once the owner's
 * browser rotates it, and presenting a rotated validator revokes all of the user's tokens.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** One stored remember token. `validatorHash` is the hex SHA-256 of the validator; the validator is never stored. */
export interface RememberToken {
  selector: string;
  userId: string;
  validatorHash: string;
  expiresAt: Date;
}

/**
 * Where revocable remember tokens live: a table, a Redis hash, … Every method may be async. `deleteForUser`
 * is called when a token is presented with a wrong validator (the sign of a stolen, already rotated cookie)
 * and is yours to call when a password changes.
 */
export interface RememberTokenStore {
  save(token: RememberToken): void | Promise<void>;
  find(selector: string): RememberToken | null | undefined | Promise<RememberToken | null | undefined>;
  delete(selector: string): void | Promise<void>;
  deleteForUser(userId: string): void | Promise<void>;
}

/** A `RememberTokenStore` in process memory: for tests and single-process apps (tokens die with the process). */
export class MemoryRememberTokenStore implements RememberTokenStore {
  readonly #tokens = new Map<string, RememberToken>();

  save(token: RememberToken): void {
    this.#tokens.set(token.selector, { ...token });
  }

  find(selector: string): RememberToken | null {
    const token = this.#tokens.get(selector);
    return token === undefined ? null : { ...token };
  }

  delete(selector: string): void {
    this.#tokens.delete(selector);
  }

  deleteForUser(userId: string): void {
    for (const [selector, token] of this.#tokens) if (token.userId === userId) this.#tokens.delete(selector);
  }

  /** How many tokens are stored (for tests). */
  get size(): number {
    return this.#tokens.size;
  }
}

const COOKIE = /^([A-Za-z0-9_-]{16,64})\.([A-Za-z0-9_-]{32,128})$/;

/**
 * Makes a token for `userId` valid until `expiresAt`, saves it, and returns the cookie value. Given the
 * `selector` of a token just used, it keeps the selector and replaces the validator (rotation), so the old
 * cookie, if it comes back, is recognised as stolen.
 */
export async function issueRememberToken(
  store: RememberTokenStore,
  userId: string,
  expiresAt: Date,
  selector = randomBytes(18).toString('base64url'),
): Promise<string> {
  const validator = randomBytes(32).toString('base64url');
  await store.save({ selector, userId, validatorHash: sha256(validator), expiresAt });
  return `${selector}.${validator}`;
}

/**
 * Checks a cookie value against the store and returns the valid token (the caller then rotates it); a
 * malformed, unknown or expired one gives null, and a known selector with a wrong validator revokes every
 * token of that user.
 */
export async function consumeRememberToken(
  store: RememberTokenStore,
  cookie: string,
): Promise<RememberToken | null> {
  const match = COOKIE.exec(cookie);
  if (match === null) return null;
  const selector = match[1] as string;
  const token = await store.find(selector);
  if (!token) return null;
  const given = Buffer.from(sha256(match[2] as string), 'utf8');
  const expected = Buffer.from(String(token.validatorHash), 'utf8');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    await store.deleteForUser(token.userId);
    return null;
  }
  if (!(token.expiresAt instanceof Date) || token.expiresAt.getTime() <= Date.now()) {
    await store.delete(selector);
    return null;
  }
  return token;
}

/** The selector of a cookie value, to delete its token on logout; null when malformed. */
export function rememberSelectorOf(cookie: string): string | null {
  return COOKIE.exec(cookie)?.[1] ?? null;
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
