/** Token authentication, as Flask-HTTPAuth's `HTTPTokenAuth`. */
import type { Request } from 'flagon';
import { hasControlCharacter } from '../internal/text.ts';
import { type AuthResult, authorizationScheme, HTTPAuth, MAX_CREDENTIALS_LENGTH } from './http-auth.ts';

type Verified<U> = U | true | null | undefined | false;
type VerifyToken<U> = (token: string) => Verified<U> | Promise<Verified<U>>;

/**
 * Token authentication: `Authorization: Bearer <token>` (another `scheme` may be given, matched
 * case-insensitively) or the token alone in a custom `header`. `verifyToken(async (token) => user | null)`
 * decides; it receives `''` when the request has no token.
 *
 * @example
 * const auth = new HTTPTokenAuth({ scheme: 'Bearer' });
 * auth.verifyToken(async (token) => verifyToken(token, { salt: 'api', maxAge: 3600 }));
 */
export class HTTPTokenAuth<U = unknown> extends HTTPAuth<U> {
  #verify: VerifyToken<U> | null = null;

  constructor(options: { scheme?: string; realm?: string; header?: string | null } = {}) {
    super(options.scheme ?? 'Bearer', { realm: options.realm, header: options.header });
  }

  /** Sets the callback that turns a token into a user (or null). */
  verifyToken<F extends VerifyToken<U>>(callback: F): F {
    this.#verify = callback;
    return callback;
  }

  /** The token of the request, or null when it has none of this scheme. */
  tokenOf(request: Request): string | null {
    let token: string | null;
    if (this.header !== null) {
      token = request.headers.get(this.header);
    } else {
      const header = request.headers.get('Authorization');
      if (authorizationScheme(header) !== this.scheme.toLowerCase()) return null;
      token = (header ?? '').trim().slice(this.scheme.length).trim();
    }
    if (
      token === null ||
      token === '' ||
      token.length > MAX_CREDENTIALS_LENGTH ||
      hasControlCharacter(token)
    ) {
      return null;
    }
    return token;
  }

  protected override async authenticate(request: Request): Promise<AuthResult> {
    if (this.#verify === null) {
      throw new TypeError('HTTPTokenAuth needs auth.verifyToken((token) => user) to check tokens.');
    }
    const token = this.tokenOf(request);
    const user = await this.#verify(token ?? '');
    return { user: user ?? null, reason: token === null ? 'missing' : 'invalid' };
  }
}
