/**
 * The server of bench/auth-latency.ts: `/plain` answers at once, `POST /login` checks a password against a
 * default scrypt hash, either with @flagon/auth (`--mode async`: thread pool, capped) or with `scryptSync` on
 * the request path (`--mode sync`: what a hand-written login does). Prints its URL on stdout.
 */
import { scryptSync, timingSafeEqual } from 'node:crypto';
import { checkPasswordHash, generatePasswordHash } from '@flagon/auth';
import { Flagon } from 'flagon';

const mode = process.argv.includes('sync') ? 'sync' : 'async';
const PASSWORD = 'correct horse battery staple';
const stored = await generatePasswordHash(PASSWORD);

function checkSync(hash: string, password: string): boolean {
  const [method = '', salt = '', hex = ''] = hash.split('$');
  const [, n, r, p] = method.split(':').map(Number);
  const key = scryptSync(password, salt, 64, {
    N: n ?? 0,
    r: r ?? 0,
    p: p ?? 0,
    maxmem: 132 * (n ?? 0) * (r ?? 0) * (p ?? 0),
  });
  return timingSafeEqual(key, Buffer.from(hex, 'hex'));
}

const app = new Flagon('auth-bench');
app.get('/plain', () => 'ok');
app.post('/login', async () => {
  const ok = mode === 'sync' ? checkSync(stored, PASSWORD) : await checkPasswordHash(stored, PASSWORD);
  return ok ? 'welcome' : ['no', 401];
});
const server = await app.listen({ port: 0, host: '127.0.0.1' });
console.log(server.url);
