/** What a user object must offer to be logged in, and the anonymous user `currentUser` is when nobody is. */

/**
 * A user that can be logged in: Flask-Login's user protocol in camelCase. `getId()` returns the text stored
 * in the session and remember cookie. The flags are optional and default as in Flask-Login's `UserMixin`:
 * `isActive` true, `isAuthenticated` true, `isAnonymous` false.
 */
export interface LoginUser {
  getId(): string;
  readonly isActive?: boolean;
  readonly isAuthenticated?: boolean;
  readonly isAnonymous?: boolean;
}

/**
 * Your user type, declared once so `currentUser` and the loaders are typed:
 * @example
 * declare module '@flagon/auth' {
 *   interface LoginUsers { user: User }
 * }
 */
export interface LoginUsers {}

/** The user type the app declared in `LoginUsers` (or `LoginUser` when it declared none). */
export type AppUser = LoginUsers extends { user: infer U } ? U : LoginUser;

/** The flags `currentUser` always answers, with Flask-Login's defaults for a user that lacks them. */
export interface UserFlags {
  readonly isActive: boolean;
  readonly isAuthenticated: boolean;
  readonly isAnonymous: boolean;
}

/** What `currentUser` is: the logged-in user (its flags defaulted), or the anonymous user. */
export type CurrentUser = (AppUser & UserFlags) | AnonymousUser;

/**
 * A base class giving a user Flask-Login's `UserMixin` behaviour: `getId()` is `String(this.id)`, the user is
 * active, and authenticated while active.
 *
 * @example
 * class User extends UserMixin {
 *   constructor(readonly id: number, readonly name: string) { super(); }
 * }
 */
export abstract class UserMixin implements LoginUser {
  abstract readonly id: string | number | bigint;

  get isActive(): boolean {
    return true;
  }

  get isAuthenticated(): boolean {
    return this.isActive;
  }

  get isAnonymous(): boolean {
    return false;
  }

  getId(): string {
    return String(this.id);
  }
}

/** The user `currentUser` is when nobody is logged in (Flask-Login's `AnonymousUserMixin`). */
export class AnonymousUser {
  readonly isAuthenticated = false as const;
  readonly isActive = false as const;
  readonly isAnonymous = true as const;

  getId(): null {
    return null;
  }
}

/** A user's flag, defaulted as Flask-Login's `UserMixin` when the user does not define it. */
export function userFlag(user: object, flag: keyof UserFlags): boolean {
  const value = (user as Partial<UserFlags>)[flag];
  if (typeof value === 'boolean') return value;
  return flag === 'isAnonymous' ? false : flag === 'isAuthenticated' ? userFlag(user, 'isActive') : true;
}

/** Whether a user counts as logged in: not anonymous and `isAuthenticated` (default true). */
export function isAuthenticatedUser(user: unknown): boolean {
  if (user === null || typeof user !== 'object' || user instanceof AnonymousUser) return false;
  return userFlag(user, 'isAuthenticated') && !userFlag(user, 'isAnonymous');
}

/** The session id of `user`, from `getId()`. */
export function userIdOf(user: LoginUser): string {
  if (typeof user?.getId !== 'function') {
    throw new TypeError(
      'loginUser() needs a user with a getId() method returning its id as text. Extend UserMixin or add getId().',
    );
  }
  const id = user.getId();
  if (typeof id !== 'string' || id === '') {
    throw new TypeError(
      `getId() must return the user's id as a non-empty string, not ${JSON.stringify(id)}.`,
    );
  }
  return id;
}
