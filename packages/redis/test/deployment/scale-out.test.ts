import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { skipRedis, useRedis } from '../helpers/redis.ts';
import {
  FLAGON_URL,
  freePort,
  type HttpResult,
  httpGet,
  nginxUnavailable,
  REDIS_PACKAGE_URL,
  type Served,
  startNginx,
  startServe,
  writeFixture,
} from '../helpers/serve.ts';

// One app, stateless: sessions and limits live in Redis, so any worker of any instance can answer.
const APP = `import { Flagon, session } from '${FLAGON_URL}';
import { Limiter, RedisSessionInterface } from '${REDIS_PACKAGE_URL}';
export const app = new Flagon(import.meta.url);
app.config.SECRET_KEY = 'scale-out secret';
app.config.SESSION_USE_SIGNER = true;
app.config.PROXY_FIX = { xFor: 1, xProto: 1, xHost: 1 };
app.sessionInterface = new RedisSessionInterface({ url: process.env.REDIS_URL });
const limiter = new Limiter(app, { storage: process.env.REDIS_URL, headersEnabled: true });
const where = () => ({ instance: process.env.INSTANCE, pid: process.pid });
app.get('/login/<name>', ({ name }) => {
  session.regenerate();
  session.set('user', name);
  return where();
});
app.get('/me', () => ({ user: session.get('user') ?? null, ...where() }));
app.get('/limited', limiter.limit('10 per minute')(function limited(_params, request) {
  return { key: request.remoteAddr, ...where() };
}));
`;

function cookieOf(result: HttpResult): string {
  const setCookie = result.headers['set-cookie'];
  const first = Array.isArray(setCookie) ? setCookie[0] : setCookie;
  assert.ok(first, 'a session cookie was set');
  return first.split(';')[0] as string;
}

const skip = skipRedis || nginxUnavailable();

describe('scaling out: two flagon serve instances behind nginx, state in Redis', { skip }, () => {
  const redis = useRedis();
  let fixture: ReturnType<typeof writeFixture>;
  let instances: Served[] = [];
  let nginx: { stop(): Promise<void> } | undefined;
  let front: string;

  before(async () => {
    if (skip) return;
    fixture = writeFixture(APP);
    instances = await Promise.all(
      ['a', 'b'].map(async (name) =>
        startServe(fixture.dir, {
          port: await freePort(),
          workers: 2,
          env: { REDIS_URL: redis.service.url, INSTANCE: name },
        }),
      ),
    );
    const port = await freePort();
    nginx = await startNginx(
      port,
      instances.map((i) => i.port),
    );
    front = `http://127.0.0.1:${port}`;
  });

  after(async () => {
    await nginx?.stop();
    await Promise.all(instances.map((i) => i.stop()));
    fixture?.rm();
  });

  it('reads through one instance a session written through the other', async () => {
    const [a, b] = instances as [Served, Served];
    const login = await httpGet(`http://127.0.0.1:${a.port}/login/ada`);
    assert.equal(JSON.parse(login.body).instance, 'a');
    const me = await httpGet(`http://127.0.0.1:${b.port}/me`, { Cookie: cookieOf(login) });
    assert.deepEqual(
      { user: JSON.parse(me.body).user, instance: JSON.parse(me.body).instance },
      { user: 'ada', instance: 'b' },
    );
  });

  it('keeps the session whichever instance nginx picks', async () => {
    const cookie = cookieOf(await httpGet(`${front}/login/grace`));
    const seen = new Set<string>();
    for (let i = 0; i < 8; i++) {
      const body = JSON.parse((await httpGet(`${front}/me`, { Cookie: cookie })).body);
      assert.equal(body.user, 'grace');
      seen.add(body.instance);
    }
    assert.deepEqual([...seen].sort(), ['a', 'b']);
  });

  it('allows exactly N requests per minute across both instances, keyed by the client nginx saw', async () => {
    const results: HttpResult[] = [];
    for (let i = 0; i < 16; i++) {
      // Half the requests claim another address; nginx appends the real one and only that one is trusted.
      const headers: Record<string, string> = i % 2 === 0 ? { 'X-Forwarded-For': `203.0.113.${i}` } : {};
      results.push(await httpGet(`${front}/limited`, headers));
    }
    const ok = results.filter((r) => r.status === 200).map((r) => JSON.parse(r.body));
    assert.equal(ok.length, 10);
    assert.equal(results.filter((r) => r.status === 429).length, 6);
    assert.deepEqual([...new Set(ok.map((b) => b.instance))].sort(), ['a', 'b']);
    assert.deepEqual([...new Set(ok.map((b) => b.key))], ['127.0.0.1']);
  });

  it('answers 503 while Redis restarts under load, then serves normally, and no process crashes', async () => {
    const cookie = cookieOf(await httpGet(`${front}/login/linus`));
    const statuses: number[] = [];
    let phase: 'before' | 'down' | 'after' = 'before';
    const downStatuses: number[] = [];
    let consecutiveOkAfter = 0;
    let sent = 0;
    const MAX = 3000;
    const worker = async (): Promise<void> => {
      while (sent < MAX && consecutiveOkAfter < 40) {
        sent++;
        const startedIn = phase;
        const { status } = await httpGet(`${front}/me`, { Cookie: cookie });
        statuses.push(status);
        if (startedIn === 'down' && phase === 'down') downStatuses.push(status);
        if (startedIn === 'after') consecutiveOkAfter = status === 200 ? consecutiveOkAfter + 1 : 0;
      }
    };
    const load = Promise.all([worker(), worker(), worker(), worker()]);
    while (statuses.length < 40) await new Promise((resolve) => setTimeout(resolve, 10));
    await redis.service.kill();
    phase = 'down';
    while (downStatuses.length < 20) await new Promise((resolve) => setTimeout(resolve, 10));
    await redis.service.start();
    phase = 'after';
    await load;

    assert.deepEqual(
      [...new Set(statuses)].sort(),
      [200, 503],
      `only 200 and 503, got ${JSON.stringify([...new Set(statuses)])}`,
    );
    assert.ok(
      downStatuses.every((s) => s === 503),
      'every request made while Redis was down got 503',
    );
    assert.ok(consecutiveOkAfter >= 40, `normal service resumed within ${MAX} requests`);
    for (const instance of instances) {
      assert.ok(instance.isRunning(), 'the serve master is still running');
      assert.doesNotMatch(instance.output(), /exited with|Worker failed/);
      assert.match(
        instance.output(),
        /Sessions are unavailable, requests that use them answer 503: Redis at redis:\/\/127\.0\.0\.1:\d+/,
      );
    }
  });
});
