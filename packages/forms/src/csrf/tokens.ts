import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  BadData,
  currentApp,
  type Flagon,
  g,
  hasRequestContext,
  type SecretKey,
  SignatureExpired,
  session,
  URLSafeTimedSerializer,
} from 'flagon';
import { csrfSettings } from './config.ts';
import { CSRFConfigError, CSRFValidationError } from './csrf-error.ts';

/** The salt Flask-WTF signs its tokens with; the same salt is what makes tokens interchangeable. */
const SALT = 'wtf-csrf-token';

/** Options shared by `generateCsrf` and `validateCsrf`, as Flask-WTF's keyword arguments. */
export interface CsrfOptions {
  /** Signs the token. Default: `WTF_CSRF_SECRET_KEY`, else `SECRET_KEY`. */
  secretKey?: SecretKey;
  /** The session key holding the raw token. Default: `WTF_CSRF_FIELD_NAME` (`'csrf_token'`). */
  tokenKey?: string;
}

/** Options of `validateCsrf`. */
export interface ValidateCsrfOptions extends CsrfOptions {
  /** Seconds a token stays valid; null for no limit. Default: `WTF_CSRF_TIME_LIMIT` (3600). */
  timeLimit?: number | null;
}

interface SerializerCache {
  readonly key: unknown;
  readonly fallbacks: readonly unknown[];
  readonly serializer: URLSafeTimedSerializer;
}

// Deriving a signer costs a few HMACs; the serializer is rebuilt only when the keys change (tests swap them).
const serializers = new WeakMap<Flagon, SerializerCache>();

function isKey(value: unknown): value is SecretKey {
  return (typeof value === 'string' && value !== '') || (value instanceof Uint8Array && value.length > 0);
}

function serializerFor(app: Flagon, secretKey: SecretKey | undefined): URLSafeTimedSerializer {
  if (secretKey !== undefined) return new URLSafeTimedSerializer(secretKey, { salt: SALT });
  const own = app.config.get('WTF_CSRF_SECRET_KEY');
  const key = isKey(own) ? own : app.config.SECRET_KEY;
  if (!isKey(key)) {
    throw new CSRFConfigError(
      'A secret key is required to use CSRF: set app.config.SECRET_KEY (or WTF_CSRF_SECRET_KEY) to a long ' +
        'random string, e.g. from `node -e "console.log(crypto.randomBytes(32).toString(\'hex\'))"`.',
    );
  }
  // Old keys still verify tokens during a key rotation (Flask-WTF ignores them; Flagon accepts them).
  const list = isKey(own)
    ? app.config.get('WTF_CSRF_SECRET_KEY_FALLBACKS', [])
    : app.config.get('SECRET_KEY_FALLBACKS', []);
  const fallbacks = Array.isArray(list) ? list.filter(isKey) : [];
  const cached = serializers.get(app);
  if (
    cached !== undefined &&
    cached.key === key &&
    cached.fallbacks.length === fallbacks.length &&
    cached.fallbacks.every((k, i) => k === fallbacks[i])
  ) {
    return cached.serializer;
  }
  const serializer = new URLSafeTimedSerializer([...fallbacks, key], { salt: SALT });
  serializers.set(app, { key, fallbacks, serializer });
  return serializer;
}

function requireRequest(helper: string): void {
  if (!hasRequestContext()) {
    throw new CSRFConfigError(
      `${helper}() needs a request context (it reads and writes the session); call it in a view, a hook or a ` +
        'template, or inside app.testRequestContext().run().',
    );
  }
}

/** A fresh raw token: 40 hex characters, as Flask-WTF makes them. */
function newRawToken(): string {
  return createHash('sha1').update(randomBytes(64)).digest('hex');
}

/**
 * The signed CSRF token for this request, to put in a form's `csrf_token` field or an `X-CSRFToken` header.
 * The raw token lives in `session['csrf_token']` (made on first use); the signed form carries a timestamp and
 * is the same for every call within one request. Tokens are Flask-WTF's own: a Flask app with the same secret
 * key accepts them, and the reverse.
 *
 * @example
 * app.get('/api/token', () => ({ csrfToken: generateCsrf() }));
 * @throws CSRFConfigError without a secret key or outside a request.
 */
export function generateCsrf(options: CsrfOptions = {}): string {
  requireRequest('generateCsrf');
  const app = currentApp;
  const fieldName = options.tokenKey ?? csrfSettings(app).fieldName;
  const cacheKey = `_csrf_signed:${fieldName}`;
  const cached = g.get(cacheKey);
  if (typeof cached === 'string' && options.secretKey === undefined) return cached;
  const serializer = serializerFor(app, options.secretKey);
  let raw = session.get(fieldName);
  if (typeof raw !== 'string' || raw === '') {
    raw = newRawToken();
    session.set(fieldName, raw);
  }
  const token = serializer.dumps(raw);
  if (options.secretKey === undefined) g[cacheKey] = token;
  return token;
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Checks a signed CSRF token against the raw token in the session, as Flask-WTF's `validate_csrf`.
 *
 * @throws CSRFValidationError with Flask-WTF's reason: "The CSRF token is missing.", "The CSRF session token
 *   is missing.", "The CSRF token has expired.", "The CSRF token is invalid." or "The CSRF tokens do not match."
 * @throws CSRFConfigError without a secret key or outside a request.
 */
export function validateCsrf(data: unknown, options: ValidateCsrfOptions = {}): void {
  requireRequest('validateCsrf');
  const app = currentApp;
  const settings = csrfSettings(app);
  const fieldName = options.tokenKey ?? settings.fieldName;
  const timeLimit = options.timeLimit === undefined ? settings.timeLimit : options.timeLimit;
  if (typeof data !== 'string' || data === '') throw new CSRFValidationError('The CSRF token is missing.');
  const raw = session.get(fieldName);
  if (typeof raw !== 'string' || raw === '') {
    throw new CSRFValidationError('The CSRF session token is missing.');
  }
  const serializer = serializerFor(app, options.secretKey);
  let token: unknown;
  try {
    token = serializer.loads(data, { maxAge: timeLimit });
  } catch (error) {
    if (error instanceof SignatureExpired) throw new CSRFValidationError('The CSRF token has expired.');
    if (error instanceof BadData) throw new CSRFValidationError('The CSRF token is invalid.');
    throw error;
  }
  if (typeof token !== 'string' || !sameText(raw, token)) {
    throw new CSRFValidationError('The CSRF tokens do not match.');
  }
}
