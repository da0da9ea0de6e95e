/** Flask-Login's signals: connect receivers to track logins (`userLoggedIn.connect((app, user) => …)`). */
import { type Flagon, Signal } from 'flagon';
import type { AppUser } from './user.ts';

/** Sent after `loginUser` logs a user in. */
export const userLoggedIn = new Signal<[user: AppUser], Flagon>('user-logged-in', 'A user logged in.');
/** Sent after `logoutUser`, with the user who was logged in (or the anonymous user). */
export const userLoggedOut = new Signal<[user: AppUser | unknown], Flagon>(
  'user-logged-out',
  'A user logged out.',
);
/** Sent when a user is loaded from the remember cookie instead of the session. */
export const userLoadedFromCookie = new Signal<[user: AppUser], Flagon>(
  'user-loaded-from-cookie',
  'A user was loaded from the remember cookie.',
);
/** Sent when a user is loaded by the request loader. */
export const userLoadedFromRequest = new Signal<[user: AppUser], Flagon>(
  'user-loaded-from-request',
  'A user was loaded by the request loader.',
);
/** Sent by `confirmLogin`, when a stale login is made fresh again. */
export const userLoginConfirmed = new Signal<[], Flagon>('user-login-confirmed', 'A login was confirmed.');
/** Sent when a guard refuses an anonymous user. */
export const userUnauthorized = new Signal<[], Flagon>(
  'user-unauthorized',
  'A guard refused an anonymous user.',
);
/** Sent when `freshLoginRequired` refuses a login that is not fresh. */
export const userNeedsRefresh = new Signal<[], Flagon>('user-needs-refresh', 'A fresh login is required.');
/** Sent each time the user is loaded for a request. */
export const userAccessed = new Signal<[], Flagon>('user-accessed', 'The user was loaded for a request.');
/** Sent when session protection marks a session not fresh or clears it. */
export const sessionProtected = new Signal<[], Flagon>(
  'session-protected',
  'Session protection acted on a session whose identifier changed.',
);
