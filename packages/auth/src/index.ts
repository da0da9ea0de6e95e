// Public API of @flagon/auth: named re-exports only.

export {
  type AuthErrorHandler,
  type AuthFailure,
  HTTPAuth,
  type HTTPAuthRequiredOptions,
  type RoleRequirement,
} from './http-auth/http-auth.ts';
export { HTTPBasicAuth } from './http-auth/http-basic-auth.ts';
export {
  type DigestAlgorithm,
  HTTPDigestAuth,
  type HTTPDigestAuthOptions,
} from './http-auth/http-digest-auth.ts';
export { HTTPTokenAuth } from './http-auth/http-token-auth.ts';
export { MultiAuth } from './http-auth/multi-auth.ts';
export { currentUser, loadCurrentUser } from './login/current-user.ts';
export { freshLoginRequired, type GuardScope, loginRequired } from './login/guards.ts';
export {
  DEFAULT_REMEMBER_SECONDS,
  LoginManager,
  type LoginManagerOptions,
  loginManagerOf,
  SESSION_KEYS,
} from './login/login-manager.ts';
export {
  confirmLogin,
  type LoginUserOptions,
  loginFresh,
  loginUser,
  logoutUser,
} from './login/login-user.ts';
export { decodeRememberCookie, encodeRememberCookie } from './login/remember-cookie.ts';
export {
  MemoryRememberTokenStore,
  type RememberToken,
  type RememberTokenStore,
} from './login/remember-store.ts';
export { safeNextUrl } from './login/safe-next-url.ts';
export { createSessionIdentifier } from './login/session-identifier.ts';
export {
  sessionProtected,
  userAccessed,
  userLoadedFromCookie,
  userLoadedFromRequest,
  userLoggedIn,
  userLoggedOut,
  userLoginConfirmed,
  userNeedsRefresh,
  userUnauthorized,
} from './login/signals.ts';
export {
  AnonymousUser,
  type AppUser,
  type CurrentUser,
  type LoginUser,
  type LoginUsers,
  UserMixin,
} from './login/user.ts';
export {
  checkPasswordHash,
  DEFAULT_PASSWORD_METHOD,
  DEFAULT_PBKDF2_ITERATIONS,
  generatePasswordHash,
  genSalt,
  hasArgon2,
  hashQueue,
  needsRehash,
  PasswordHashMethodError,
  type PasswordHashOptions,
  setHashConcurrency,
} from './passwords/password-hash.ts';
export { generateToken, type TokenOptions, verifyToken } from './tokens/tokens.ts';
