// The application factory, as in the Flask tutorial: `createApp()` reads the environment (what `npm start`,
// `flagon serve` and `flagon db upgrade` use), `createApp({...})` takes a test's configuration instead.
import { currentUser } from '@flagon/auth';
import { CSRFProtect } from '@flagon/forms';
import { hasClusterMaster, Limiter, RedisSessionInterface } from '@flagon/redis';
import { CommandError, Flagon, sendFile } from 'flagon';
import { api } from './api.ts';
import { auth, login } from './auth.ts';
import { blog } from './blog.ts';
import { configFromEnv } from './config.ts';
import { db, toDate } from './db.ts';
import { registerErrorPages } from './errors.ts';
import { initLogin } from './users.ts';

const instancePath = new URL('../instance', import.meta.url).pathname;

/** Flagon's own settings the blog chooses, before the environment's or the test's. */
const DEFAULTS = {
  // A session that outlives the browser only through "Remember me"; the remember cookie lasts 30 days.
  REMEMBER_COOKIE_DURATION: 30 * 24 * 3600,
  SESSION_PROTECTION: 'basic',
  LOGIN_RATE_LIMIT: '10 per minute',
  POSTS_PER_PAGE: 10,
  // Posts are text; a megabyte is more than any form here needs.
  MAX_CONTENT_LENGTH: 1024 * 1024,
};

/** No scripts, no frames, no plugins; styles, images and forms from the blog itself only. */
const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'none'; object-src 'none'; frame-ancestors 'none'; " +
  "base-uri 'none'; form-action 'self'; img-src 'self' data:";

/**
 * Makes the blog.
 *
 * @param testConfig Configuration to use instead of the environment's (tests).
 * @param env Where `createApp()` reads `SECRET_KEY`, `DATABASE_URL`, `REDIS_URL`, `PROXY_FIX`, `NODE_ENV`.
 * @throws BlogConfigError in production (`NODE_ENV=production`) without `SECRET_KEY`, or for a bad `PROXY_FIX`.
 */
export function createApp(
  testConfig?: Record<string, unknown>,
  env: NodeJS.ProcessEnv = process.env,
): Flagon {
  const app = new Flagon(import.meta.url, { instancePath });
  app.config.fromMapping(DEFAULTS);
  app.config.fromMapping(testConfig ?? configFromEnv(env, instancePath));

  db.initApp(app);
  initLogin(app);
  const csrf = new CSRFProtect(app);
  // The API authenticates with a Bearer token, which a cross-site page cannot send: no CSRF token needed.
  csrf.exempt(api);

  const redisUrl = app.config.REDIS_URL;
  if (redisUrl) app.sessionInterface = new RedisSessionInterface({ url: redisUrl });
  // Failed log-ins are counted per client address (the proxy's client with PROXY_FIX): in Redis when there
  // is one (every machine shares the count), else in the `flagon serve` master (every worker of this
  // machine), else in this process.
  const limiter = new Limiter(app, { storage: redisUrl || (hasClusterMaster() ? 'cluster' : 'memory') });
  limiter.limit(String(app.config.LOGIN_RATE_LIMIT), {
    methods: ['POST'],
    // A successful log-in redirects; only the re-rendered form (a failure) counts.
    deductWhen: (response) => response.status !== 302,
    errorMessage: 'Too many failed log-in attempts from your address. Wait a minute and try again.',
  })(login);

  // The page layout shows who is logged in; an error page may be rendered before anyone was loaded.
  app.contextProcessor(function viewer() {
    try {
      return { viewer: currentUser.isAuthenticated ? currentUser : null };
    } catch {
      return { viewer: null };
    }
  });
  app.templateFilter(function datetime(value: string | Date): string {
    return toDate(value).toISOString().slice(0, 16).replace('T', ' ');
  });
  app.templateFilter(function isodate(value: string | Date): string {
    return toDate(value).toISOString();
  });

  app.registerBlueprint(auth);
  app.registerBlueprint(blog);
  app.registerBlueprint(api);
  // The index is the blog's; `urlFor('index')` works too, as in the tutorial.
  app.addUrlRule('/', { endpoint: 'index', buildOnly: true });
  // Browsers ask for /favicon.ico whatever the page says; the SVG icon answers it.
  app.get('/favicon.ico', function favicon() {
    return sendFile(new URL('./static/favicon.svg', import.meta.url).pathname, {
      mimetype: 'image/svg+xml',
      maxAge: 86400,
    });
  });
  registerErrorPages(app);
  app.afterRequest(function securityHeaders(response) {
    // The blog runs no script and embeds nothing: a policy that allows neither makes injected markup inert.
    response.headers.setDefault('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    response.headers.setDefault('X-Content-Type-Options', 'nosniff');
    response.headers.setDefault('Referrer-Policy', 'same-origin');
    return response;
  });
  app.cli.command(
    'set-role',
    {
      description: 'Give a user a role: `admin` may edit and delete any post, `user` only their own.',
      arguments: ['username', 'role'],
    },
    async ({ username, role }, ctx) => {
      if (role !== 'admin' && role !== 'user')
        throw new CommandError(`The role must be admin or user, not ${role}.`);
      const result = await db.query
        .updateTable('user')
        .set({ role })
        .where('username', '=', username)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) throw new CommandError(`There is no user named ${username}.`);
      ctx.echo(`${username} is now ${role === 'admin' ? 'an admin' : 'a user'}.`);
    },
  );
  return app;
}

/** Closes what the app holds open: database connections, and the Redis connections of sessions and limits. */
export async function closeApp(app: Flagon): Promise<void> {
  if (app.sessionInterface instanceof RedisSessionInterface) app.sessionInterface.close();
  (app.extensions.get('limiter') as Limiter | undefined)?.close();
  await db.dispose(app);
}
