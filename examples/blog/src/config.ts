// Where the blog's configuration comes from: the environment first (a deploy: DATABASE_URL, SECRET_KEY,
// REDIS_URL, PROXY_FIX), then the instance folder (`npm start` on a fresh clone makes a secret key there).
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ProxyFixConfig } from 'flagon';

/** The blog's own settings, beside Flagon's and the extensions'. */
declare module 'flagon' {
  interface ConfigValues {
    /** Redis for sessions and the log-in rate limit; unset, sessions are signed cookies and limits in memory. */
    REDIS_URL?: string;
    /** How many failed log-ins an address may make (Flask-Limiter syntax). Default `'10 per minute'`. */
    LOGIN_RATE_LIMIT?: string;
    /** Posts per page on the index. Default 10. */
    POSTS_PER_PAGE?: number;
  }
}

/** Raised when the blog is started in production without what it needs (a secret key). */
export class BlogConfigError extends Error {
  override readonly name = 'BlogConfigError';
}

/** True when `NODE_ENV` (or `FLAGON_ENV`) says production: then nothing is made up, everything must be given. */
export function isProduction(env: NodeJS.ProcessEnv): boolean {
  return env.NODE_ENV === 'production' || env.FLAGON_ENV === 'production';
}

/**
 * `PROXY_FIX` from the environment: a number N trusts N proxies for the client address, scheme and host
 * (`1` behind one nginx); JSON gives each header's count (`{"xFor": 1, "xProto": 1}`); empty or `0` trusts none.
 *
 * @throws BlogConfigError for anything else, so a typo cannot silently trust nothing (or everything).
 */
export function parseProxyFix(raw: string | undefined): ProxyFixConfig | null {
  if (raw === undefined || raw.trim() === '' || raw.trim() === '0') return null;
  const text = raw.trim();
  if (/^\d+$/.test(text)) {
    const n = Number(text);
    return { xFor: n, xProto: n, xHost: n };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const keys = ['xFor', 'xProto', 'xHost', 'xPort', 'xPrefix'];
  if (
    typeof parsed !== 'object' ||
    parsed === null ||
    Array.isArray(parsed) ||
    !Object.entries(parsed).every(
      ([key, value]) => keys.includes(key) && Number.isInteger(value) && value >= 0,
    )
  ) {
    throw new BlogConfigError(
      `PROXY_FIX=${JSON.stringify(raw)} is not understood: give the number of proxies in front of the app ` +
        `(1 behind one nginx), or JSON such as {"xFor": 1, "xProto": 1} with keys among ${keys.join(', ')}.`,
    );
  }
  return parsed as ProxyFixConfig;
}

/** A secret key kept in the instance folder, made on first start, so sessions survive restarts. */
function instanceSecretKey(instancePath: string): string {
  const file = join(instancePath, 'config.json');
  if (existsSync(file)) {
    const stored = (JSON.parse(readFileSync(file, 'utf8')) as { SECRET_KEY?: unknown }).SECRET_KEY;
    if (typeof stored === 'string' && stored !== '') return stored;
  }
  mkdirSync(instancePath, { recursive: true });
  const key = randomBytes(32).toString('hex');
  writeFileSync(file, `${JSON.stringify({ SECRET_KEY: key }, null, 2)}\n`, { mode: 0o600 });
  return key;
}

/**
 * The configuration of a served blog, read from `env`.
 *
 * - `SECRET_KEY` (or `FLAGON_SECRET_KEY`); outside production a key is made once in `instance/config.json`.
 * - `DATABASE_URL` (Heroku's `postgres://…` works); default `sqlite:///flaskr.sqlite` in the instance folder.
 * - `REDIS_URL`, `PROXY_FIX`, `LOGIN_RATE_LIMIT`.
 *
 * @throws BlogConfigError in production without a secret key, or for a malformed `PROXY_FIX`.
 */
export function configFromEnv(env: NodeJS.ProcessEnv, instancePath: string): Record<string, unknown> {
  const production = isProduction(env);
  let secretKey = env.SECRET_KEY || env.FLAGON_SECRET_KEY;
  if (!secretKey) {
    if (production) {
      throw new BlogConfigError(
        'SECRET_KEY is not set, and the blog refuses to start in production without one: sessions, ' +
          'remember cookies, CSRF tokens and API tokens are all signed with it. Set SECRET_KEY in the ' +
          `environment, e.g. SECRET_KEY=$(node -e "console.log(require('crypto').randomBytes(32).toString('hex'))").`,
      );
    }
    secretKey = instanceSecretKey(instancePath);
  }
  const config: Record<string, unknown> = {
    SECRET_KEY: secretKey,
    DATABASE_URL: env.DATABASE_URL || 'sqlite:///flaskr.sqlite',
    PROXY_FIX: parseProxyFix(env.PROXY_FIX),
  };
  if (env.REDIS_URL) config.REDIS_URL = env.REDIS_URL;
  if (env.LOGIN_RATE_LIMIT) config.LOGIN_RATE_LIMIT = env.LOGIN_RATE_LIMIT;
  // Cookies only over HTTPS once deployed (behind nginx with PROXY_FIX, the scheme is the client's).
  if (production) {
    config.SESSION_COOKIE_SECURE = true;
    config.REMEMBER_COOKIE_SECURE = true;
  }
  return config;
}
