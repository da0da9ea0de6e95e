// The app bench/redis.ts measures, in its own process: MODE picks the session interface or the limiter storage.
//   cookie-session | redis-session: GET /me reads a session (the cookie from GET /login)
//   plain | limit-memory | limit-redis: GET /limited under a limit too large to be reached
import { Limiter, RedisSessionInterface } from '@flagon/redis';
import { Flagon, session } from 'flagon';

const mode = process.env.MODE ?? 'plain';
const app = new Flagon(import.meta.url, { staticFolder: null });
app.config.SECRET_KEY = 'bench secret';
if (mode === 'redis-session')
  app.sessionInterface = new RedisSessionInterface({ url: process.env.REDIS_URL });
app.get('/login', function login() {
  session.set('user', 'ada');
  session.set('roles', ['reader', 'writer']);
  return 'ok';
});
app.get('/me', function me() {
  return { user: session.get('user') ?? null };
});
if (mode === 'limit-memory' || mode === 'limit-redis') {
  const limiter = new Limiter(app, {
    storage: mode === 'limit-redis' ? (process.env.REDIS_URL as string) : 'memory',
    headersEnabled: true,
  });
  app.get(
    '/limited',
    limiter.limit('1000000000 per minute')(function limited() {
      return { ok: true };
    }),
  );
} else {
  app.get('/limited', function limited() {
    return { ok: true };
  });
}
await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT) });
console.log('ready');
process.on('SIGTERM', () => process.exit(0));
