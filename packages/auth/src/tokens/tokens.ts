/** Signed, timed tokens for API access and password-reset links, on the core's `URLSafeTimedSerializer`. */
import { BadData, currentApp, hasAppContext, type SecretKey, URLSafeTimedSerializer } from 'flagon';
import { secretKeysOf } from '../login/remember-cookie.ts';

/** Options of `generateToken` and `verifyToken`. */
export interface TokenOptions {
  /** Separates token kinds: a token made with one salt never verifies with another. Default `'flagon-auth.token'`. */
  salt?: string;
  /** `verifyToken` only: refuse tokens older than this many seconds. */
  maxAge?: number;
  /** Keys to sign and verify with, oldest first; default the app's `SECRET_KEY_FALLBACKS` and `SECRET_KEY`. */
  secretKey?: SecretKey | readonly SecretKey[];
  /** The current time in milliseconds (tests inject a clock to check expiry). */
  now?: () => number;
}

const DEFAULT_SALT = 'flagon-auth.token';

function serializerFor(options: TokenOptions): URLSafeTimedSerializer {
  let keys: SecretKey[];
  if (options.secretKey !== undefined) {
    keys = (Array.isArray(options.secretKey) ? [...options.secretKey] : [options.secretKey]) as SecretKey[];
  } else if (hasAppContext()) {
    keys = secretKeysOf(currentApp.config);
  } else {
    throw new TypeError(
      'generateToken/verifyToken need an app context (for SECRET_KEY) or a secretKey option.',
    );
  }
  if (keys.length === 0) throw new TypeError('Tokens are signed with SECRET_KEY; set app.config.SECRET_KEY.');
  return new URLSafeTimedSerializer(keys, {
    salt: options.salt ?? DEFAULT_SALT,
    signerOptions: options.now ? { now: options.now } : {},
  });
}

/**
 * Signs `payload` (anything JSON can hold) with a timestamp: a URL-safe token an itsdangerous
 * `URLSafeTimedSerializer` with the same key and salt also reads.
 *
 * @throws TypeError outside an app context without `secretKey`, or when no key is set.
 * @example
 * const token = generateToken({ reset: user.id }, { salt: 'password-reset' });
 */
export function generateToken(payload: unknown, options: Omit<TokenOptions, 'maxAge'> = {}): string {
  return serializerFor(options).dumps(payload);
}

/**
 * The payload of a token made by `generateToken` with the same salt, or null when it is forged, malformed,
 * made with another salt, or older than `maxAge` seconds.
 *
 * @throws TypeError outside an app context without `secretKey`, or when no key is set.
 * @example
 * const data = verifyToken(request.args.get('token'), { salt: 'password-reset', maxAge: 3600 });
 * if (data === null) abort(400);
 */
export function verifyToken(token: unknown, options: TokenOptions = {}): unknown {
  const serializer = serializerFor(options);
  if (typeof token !== 'string' || token === '' || token.length > 16384) return null;
  try {
    return serializer.loads(token, { maxAge: options.maxAge ?? null });
  } catch (error) {
    if (error instanceof BadData || error instanceof SyntaxError) return null;
    throw error;
  }
}
