import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import {
  Limiter,
  type LimitRequest,
  type LimitStorage,
  MemoryStorage,
  RedisStorage,
  StoreUnavailableError,
  type Strategy,
} from '@flagon/redis';
import { Flagon } from 'flagon';
import { captureLog, deadRedisUrl, skipRedis, useRedis } from '../helpers/redis.ts';

const STRATEGIES: Strategy[] = ['fixed-window', 'moving-window', 'sliding-window-counter'];
let keys = 0;

function request(strategy: Strategy, overrides: Partial<LimitRequest> = {}): LimitRequest {
  return {
    strategy,
    key: `LIMITER/test/${keys++}`,
    amount: 3,
    expiryMs: 60_000,
    cost: 1,
    dryRun: false,
    ...overrides,
  };
}

async function allowed(storage: LimitStorage, req: LimitRequest, n: number): Promise<boolean[]> {
  const out: boolean[] = [];
  for (let i = 0; i < n; i++) out.push((await storage.acquire(req)).allowed);
  return out;
}

/** The behaviour every storage shares, for each strategy. */
function storageSuite(name: string, make: () => LimitStorage, options: { skip?: string | false } = {}): void {
  describe(`${name} storage`, { skip: options.skip ?? false }, () => {
    const storages: LimitStorage[] = [];
    const storage = (): LimitStorage => {
      const made = make();
      storages.push(made);
      return made;
    };
    after(() => {
      for (const s of storages) s.close();
    });
    for (const strategy of STRATEGIES) {
      describe(strategy, () => {
        it('allows exactly the amount, then refuses', async () => {
          assert.deepEqual(await allowed(storage(), request(strategy), 4), [true, true, true, false]);
        });

        it('counts the remaining hits down to zero', async () => {
          const s = storage();
          const req = request(strategy);
          const remaining = [];
          for (let i = 0; i < 4; i++) remaining.push((await s.acquire(req)).remaining);
          assert.deepEqual(remaining, [2, 1, 0, 0]);
        });

        it('counts nothing on a dry run', async () => {
          const s = storage();
          const req = request(strategy);
          await allowed(s, { ...req, dryRun: true }, 5);
          assert.deepEqual(await allowed(s, req, 4), [true, true, true, false]);
        });

        it('charges the cost of each acquisition', async () => {
          assert.deepEqual(await allowed(storage(), request(strategy, { cost: 2 }), 2), [true, false]);
        });

        it('resets in the future, within one window', async () => {
          const before = Date.now();
          const { resetAt } = await storage().acquire(request(strategy));
          assert.ok(resetAt > before - 1000 && resetAt <= Date.now() + 60_000 + 1000, `resetAt ${resetAt}`);
        });

        it('never lets concurrent acquisitions take more than the amount', async () => {
          const s = storage();
          const req = request(strategy, { amount: 10 });
          const results = await Promise.all(Array.from({ length: 50 }, () => s.acquire(req)));
          assert.equal(results.filter((r) => r.allowed).length, 10);
        });
      });
    }
  });
}

storageSuite('memory', () => new MemoryStorage());

describe('Redis storage', { skip: skipRedis }, () => {
  const redis = useRedis();
  storageSuite('redis', () => new RedisStorage({ url: redis.service.url }), { skip: skipRedis });

  it('keeps its counters under LIMITER/ keys in Redis', async () => {
    const storage = new RedisStorage({ url: redis.service.url });
    try {
      await storage.acquire(request('fixed-window', { key: 'LIMITER/1.2.3.4/index/3/1/minute' }));
      assert.equal(await redis.raw.get('LIMITER/1.2.3.4/index/3/1/minute'), '1');
    } finally {
      storage.close();
    }
  });

  it('shares counts between two apps on one Redis, as two machines would', async () => {
    const apps = [new Flagon('one'), new Flagon('two')].map((app) => {
      const limiter = new Limiter(app, { storage: redis.service.url, defaultLimits: '3/minute' });
      app.get('/', function index() {
        return 'ok';
      });
      return { app, limiter };
    });
    try {
      const clients = apps.map(({ app }) => app.testClient());
      const seen: number[] = [];
      for (let i = 0; i < 6; i++)
        seen.push((await (clients[i % 2] as (typeof clients)[number]).get('/')).status);
      assert.deepEqual(seen, [200, 200, 200, 429, 429, 429]);
    } finally {
      for (const { limiter } of apps) {
        await limiter.reset();
        limiter.close();
      }
    }
  });

  it('fails with StoreUnavailableError, not a hang, when Redis cannot be reached', async () => {
    const storage = new RedisStorage({ url: await deadRedisUrl(), connectTimeout: 200 });
    try {
      await assert.rejects(storage.acquire(request('fixed-window')), StoreUnavailableError);
    } finally {
      storage.close();
    }
  });

  it('answers 503 with a log line while Redis is down, or lets requests through with swallowErrors', async () => {
    const url = await deadRedisUrl();
    const make = (swallowErrors: boolean) => {
      const app = new Flagon('down');
      const limiter = new Limiter(app, {
        storage: url,
        defaultLimits: '3/minute',
        swallowErrors,
        connectTimeout: 200,
      });
      app.get('/', function index() {
        return 'ok';
      });
      return { app, limiter, log: captureLog(app) };
    };
    const strict = make(false);
    const lenient = make(true);
    try {
      assert.equal((await strict.app.testClient().get('/')).status, 503);
      assert.match(
        strict.log.join('\n'),
        /Rate limits are unavailable, answering 503: Redis at redis:\/\/127\.0\.0\.1:\d+/,
      );
      assert.equal((await lenient.app.testClient().get('/')).status, 200);
      assert.match(lenient.log.join('\n'), /letting the request through/);
    } finally {
      strict.limiter.close();
      lenient.limiter.close();
    }
  });
});

describe('memory storage windows', () => {
  function clocked(strategy: Strategy) {
    let now = 1_000_000_020_000;
    const storage = new MemoryStorage({ now: () => now });
    const req = request(strategy, { amount: 2, expiryMs: 10_000 });
    return { storage, req, advance: (ms: number) => (now += ms) };
  }

  it('fixed window: a new window starts once the first one expires', async () => {
    const { storage, req, advance } = clocked('fixed-window');
    assert.deepEqual(await allowed(storage, req, 3), [true, true, false]);
    advance(10_000);
    assert.deepEqual(await allowed(storage, req, 3), [true, true, false]);
  });

  it('moving window: each hit frees its place one window after it was made', async () => {
    const { storage, req, advance } = clocked('moving-window');
    await allowed(storage, req, 1);
    advance(6_000);
    assert.deepEqual(await allowed(storage, req, 2), [true, false]);
    advance(4_000);
    assert.deepEqual(await allowed(storage, req, 2), [true, false]);
  });

  it('sliding window counter: the previous window still counts for the part that overlaps', async () => {
    const { storage, req, advance } = clocked('sliding-window-counter');
    // The clock starts at the beginning of a window.
    assert.deepEqual(await allowed(storage, req, 2), [true, true]);
    advance(12_500); // a quarter into the next window: 2 × 0.75 = 1.5 of the previous still count
    assert.deepEqual(await allowed(storage, req, 2), [true, false]);
  });
});
