/** HTTP Basic authentication, as Flask-HTTPAuth's `HTTPBasicAuth`. */
import type { Request } from 'flagon';
import { type AuthResult, HTTPAuth, MAX_CREDENTIALS_LENGTH } from './http-auth.ts';

type Verified<U> = U | true | null | undefined | false;
type VerifyPassword<U> = (username: string, password: string) => Verified<U> | Promise<Verified<U>>;

/**
 * Basic authentication: `verifyPassword(async (username, password) => user | null)` decides. Credentials are
 * decoded as UTF-8, falling back to Latin-1. As in Flask-HTTPAuth, a request without (or with malformed)
 * credentials calls the callback with two empty strings, so it can allow anonymous access.
 *
 * @example
 * const auth = new HTTPBasicAuth();
 * auth.verifyPassword(async (username, password) => {
 *   const user = await db.findUser(username);
 *   return user && (await checkPasswordHash(user.hash, password)) ? user : null;
 * });
 */
export class HTTPBasicAuth<U = unknown> extends HTTPAuth<U> {
  #verify: VerifyPassword<U> | null = null;

  constructor(options: { realm?: string; scheme?: string } = {}) {
    super(options.scheme ?? 'Basic', { realm: options.realm });
  }

  /** Sets the callback that turns a username and password into a user (or null). */
  verifyPassword<F extends VerifyPassword<U>>(callback: F): F {
    this.#verify = callback;
    return callback;
  }

  protected override async authenticate(request: Request): Promise<AuthResult> {
    if (this.#verify === null) {
      throw new TypeError(
        'HTTPBasicAuth needs auth.verifyPassword((username, password) => user) to check logins.',
      );
    }
    const header = request.headers.get('Authorization');
    const auth = header !== null && header.length <= MAX_CREDENTIALS_LENGTH ? request.authorization : null;
    const basic = auth?.type === 'basic' ? (auth as { username: string; password: string }) : null;
    const user = await this.#verify(basic?.username ?? '', basic?.password ?? '');
    return {
      user: user ?? null,
      reason: basic === null ? 'missing' : 'invalid',
      username: basic?.username ?? null,
    };
  }
}
