import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Limiter, type LimiterOptions } from '@flagon/redis';
import { Blueprint, Flagon } from 'flagon';

function makeApp(options: LimiterOptions = {}): { app: Flagon; limiter: Limiter } {
  const app = new Flagon('limited', { staticFolder: null });
  const limiter = new Limiter(app, options);
  return { app, limiter };
}

async function statuses(client: ReturnType<Flagon['testClient']>, path: string, n: number, method = 'GET') {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push((await client.open(path, { method })).status);
  return out;
}

describe('Limiter', () => {
  it('answers 429 once a route limit is used up, with Retry-After and the limit as the description', async () => {
    const { app, limiter } = makeApp();
    app.get(
      '/search',
      limiter.limit('3 per minute')(function search() {
        return 'results';
      }),
    );
    const client = app.testClient();
    assert.deepEqual(await statuses(client, '/search', 3), [200, 200, 200]);
    const res = await client.get('/search');
    assert.equal(res.status, 429);
    assert.match(res.headers.get('retry-after') ?? '', /^\d+$/);
    assert.ok(Number(res.headers.get('retry-after')) <= 60);
    assert.match(res.text, /3 per 1 minute/);
  });

  it('applies default limits per route to routes without their own', async () => {
    const { app } = makeApp({ defaultLimits: '2/minute' });
    app.get('/a', () => 'a');
    app.get('/b', () => 'b');
    const client = app.testClient();
    assert.deepEqual(await statuses(client, '/a', 3), [200, 200, 429]);
    assert.deepEqual(await statuses(client, '/b', 2), [200, 200]);
  });

  it('lets a route limit replace the default limits', async () => {
    const { app, limiter } = makeApp({ defaultLimits: '1/minute' });
    app.get(
      '/roomy',
      limiter.limit('3/minute')(function roomy() {
        return 'ok';
      }),
    );
    assert.deepEqual(await statuses(app.testClient(), '/roomy', 4), [200, 200, 200, 429]);
  });

  it('counts application limits across every route', async () => {
    const { app } = makeApp({ applicationLimits: '3/minute' });
    app.get('/a', () => 'a');
    app.get('/b', () => 'b');
    const client = app.testClient();
    assert.deepEqual(
      [...(await statuses(client, '/a', 2)), ...(await statuses(client, '/b', 2))],
      [200, 200, 200, 429],
    );
  });

  it('counts each client under its own key', async () => {
    const { app } = makeApp({
      defaultLimits: '1/minute',
      keyFunc: (request) => request.headers.get('X-Api-Key') ?? '',
    });
    app.get('/', () => 'ok');
    const client = app.testClient();
    assert.equal((await client.get('/', { headers: { 'X-Api-Key': 'a' } })).status, 200);
    assert.equal((await client.get('/', { headers: { 'X-Api-Key': 'b' } })).status, 200);
    assert.equal((await client.get('/', { headers: { 'X-Api-Key': 'a' } })).status, 429);
  });

  it('keys by the address ProxyFix trusts, never a raw X-Forwarded-For', async () => {
    const { app } = makeApp({ defaultLimits: '1/minute' });
    app.get('/', () => 'ok');
    const client = app.testClient();
    assert.equal((await client.get('/', { headers: { 'X-Forwarded-For': '10.0.0.1' } })).status, 200);
    assert.equal((await client.get('/', { headers: { 'X-Forwarded-For': '10.0.0.2' } })).status, 429);
  });

  it('shares one count between the views of a shared limit', async () => {
    const { app, limiter } = makeApp();
    const shared = limiter.sharedLimit('2/minute', 'reports');
    app.get(
      '/daily',
      shared(function daily() {
        return 'd';
      }),
    );
    app.get(
      '/weekly',
      shared(function weekly() {
        return 'w';
      }),
    );
    const client = app.testClient();
    assert.deepEqual(
      [...(await statuses(client, '/daily', 1)), ...(await statuses(client, '/weekly', 2))],
      [200, 200, 429],
    );
  });

  it('exempts views and blueprints from every limit', async () => {
    const { app, limiter } = makeApp({ defaultLimits: '1/minute', applicationLimits: '1/minute' });
    app.get(
      '/health',
      limiter.exempt(function health() {
        return 'ok';
      }),
    );
    const internal = new Blueprint('internal', import.meta.url);
    internal.get('/ping', function ping() {
      return 'pong';
    });
    limiter.exempt(internal);
    app.registerBlueprint(internal, { urlPrefix: '/internal' });
    const client = app.testClient();
    assert.deepEqual(await statuses(client, '/health', 3), [200, 200, 200]);
    assert.deepEqual(await statuses(client, '/internal/ping', 3), [200, 200, 200]);
  });

  it('limits every route of a blueprint', async () => {
    const { app, limiter } = makeApp();
    const api = new Blueprint('api', import.meta.url);
    api.get('/items', function items() {
      return [];
    });
    limiter.limit('2/minute')(api);
    app.registerBlueprint(api, { urlPrefix: '/api' });
    assert.deepEqual(await statuses(app.testClient(), '/api/items', 3), [200, 200, 429]);
  });

  it('counts methods apart with perMethod, and only the listed methods with methods', async () => {
    const { app, limiter } = makeApp();
    app.route(
      '/form',
      { methods: ['GET', 'POST'] },
      limiter.limit('1/minute', { perMethod: true })(function form() {
        return 'ok';
      }),
    );
    app.route(
      '/posts',
      { methods: ['GET', 'POST'] },
      limiter.limit('1/minute', { methods: ['POST'] })(function posts() {
        return 'ok';
      }),
    );
    const client = app.testClient();
    assert.deepEqual(
      [...(await statuses(client, '/form', 2)), ...(await statuses(client, '/form', 1, 'POST'))],
      [200, 429, 200],
    );
    assert.deepEqual(
      [...(await statuses(client, '/posts', 3)), ...(await statuses(client, '/posts', 2, 'POST'))],
      [200, 200, 200, 200, 429],
    );
  });

  it('skips the limit when exemptWhen says so', async () => {
    const { app, limiter } = makeApp();
    let trusted = true;
    app.get(
      '/',
      limiter.limit('1/minute', { exemptWhen: () => trusted })(function index() {
        return 'ok';
      }),
    );
    const client = app.testClient();
    assert.deepEqual(await statuses(client, '/', 3), [200, 200, 200]);
    trusted = false;
    assert.deepEqual(await statuses(client, '/', 2), [200, 429]);
  });

  it('counts only the responses deductWhen picks', async () => {
    const { app, limiter } = makeApp();
    app.post(
      '/login',
      limiter.limit('2/minute', { deductWhen: (response) => response.status === 401 })(
        function login(_params, request) {
          return request.args.get('ok') ? 'welcome' : ['wrong password', 401];
        },
      ),
    );
    const client = app.testClient();
    assert.deepEqual(await statuses(client, '/login?ok=1', 3, 'POST'), [200, 200, 200]);
    assert.deepEqual(await statuses(client, '/login', 3, 'POST'), [401, 401, 429]);
  });

  it('charges cost hits per request', async () => {
    const { app, limiter } = makeApp();
    app.get(
      '/export',
      limiter.limit('5/minute', { cost: 2 })(function exportAll() {
        return 'csv';
      }),
    );
    assert.deepEqual(await statuses(app.testClient(), '/export', 3), [200, 200, 429]);
  });

  it('takes the cost from a function per request, and the 429 text from errorMessage', async () => {
    const { app, limiter } = makeApp();
    app.get(
      '/export',
      limiter.limit('4/minute', {
        cost: () => 3,
        errorMessage: 'Exports are limited to 4 rows a minute.',
      })(function exportSome() {
        return 'csv';
      }),
    );
    const client = app.testClient();
    assert.equal((await client.get('/export')).status, 200);
    const refused = await client.get('/export');
    assert.equal(refused.status, 429);
    assert.match(refused.text, /Exports are limited to 4 rows a minute\./);
  });

  it('sends X-RateLimit headers when enabled', async () => {
    const { app, limiter } = makeApp({ headersEnabled: true });
    app.get(
      '/',
      limiter.limit('2/minute')(function index() {
        return 'ok';
      }),
    );
    const client = app.testClient();
    const first = await client.get('/');
    assert.equal(first.headers.get('x-ratelimit-limit'), '2');
    assert.equal(first.headers.get('x-ratelimit-remaining'), '1');
    assert.ok(Number(first.headers.get('x-ratelimit-reset')) > Date.now() / 1000);
    await client.get('/');
    const over = await client.get('/');
    assert.equal(over.status, 429);
    assert.equal(over.headers.get('x-ratelimit-remaining'), '0');
  });

  it('sends no X-RateLimit headers by default', async () => {
    const { app, limiter } = makeApp();
    app.get(
      '/',
      limiter.limit('2/minute')(function index() {
        return 'ok';
      }),
    );
    assert.equal((await app.testClient().get('/')).headers.get('x-ratelimit-limit'), null);
  });

  it('lets the app answer 429s with its own error handler', async () => {
    const { app, limiter } = makeApp();
    app.get(
      '/',
      limiter.limit('1/minute')(function index() {
        return 'ok';
      }),
    );
    app.errorHandler(429, (error) => [{ error: 'slow down', limit: (error as Error).message }, 429]);
    const client = app.testClient();
    await client.get('/');
    assert.deepEqual((await client.get('/')).json, { error: 'slow down', limit: '1 per 1 minute' });
  });

  it('is off when RATELIMIT_ENABLED is false', async () => {
    const { app } = makeApp({ defaultLimits: '1/minute' });
    app.config.RATELIMIT_ENABLED = false;
    app.get('/', () => 'ok');
    assert.deepEqual(await statuses(app.testClient(), '/', 3), [200, 200, 200]);
  });

  it("falls back to counting in the process for storage 'cluster' outside flagon serve, with a warning", async () => {
    const app = new Flagon('limited', { staticFolder: null });
    const lines: string[] = [];
    app.logger.sink = (_level, line) => lines.push(line);
    const limiter = new Limiter(app, { storage: 'cluster', defaultLimits: '1/minute' });
    app.get('/', () => 'ok');
    assert.deepEqual(await statuses(app.testClient(), '/', 2), [200, 429]);
    assert.match(lines.join('\n'), /outside `flagon serve`/);
    limiter.close();
  });

  it('refuses an unknown storage or strategy', () => {
    assert.throws(
      () => makeApp({ storage: 'memcached://localhost' }),
      /Unknown rate-limit storage "memcached:\/\/localhost"/,
    );
    assert.throws(
      () => makeApp({ strategy: 'leaky-bucket' as never }),
      /Unknown rate-limit strategy "leaky-bucket"/,
    );
  });
});
