import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { RedisSessionInterface } from '@flagon/redis';
import { Flagon, session } from 'flagon';
import { type RedisService, redisUnavailableReason, startRedis } from '../../../../tools/services/redis.ts';
import { LoginManager, loginUser } from '../../src/index.ts';
import { USERS, type User } from '../helpers/login-app.ts';

const skip = redisUnavailableReason() ?? false;

describe('session fixation with a server-side session (@flagon/redis)', { skip }, () => {
  let redis: RedisService;
  let iface: RedisSessionInterface;

  before(async () => {
    redis = await startRedis();
  });

  after(async () => {
    iface?.close();
    await redis?.stop();
  });

  it('gives the session a new id on login, so an id planted before login is not logged in', async () => {
    const app = new Flagon('fixation', { config: { SECRET_KEY: 'fixation key' } });
    iface = new RedisSessionInterface({ url: redis.url });
    app.sessionInterface = iface;
    const login = new LoginManager(app);
    login.userLoader((id) => USERS.get(Number(id)) ?? null);
    app.get('/visit', () => {
      session.set('visited', true);
      return 'ok';
    });
    app.post('/login', async () => ({ ok: await loginUser(USERS.get(1) as User) }));
    app.get('/who', () => ({ user: session.get('_user_id') ?? null }));

    const victim = app.testClient();
    await victim.get('/visit');
    const planted = victim.cookies.get('session') ?? '';
    assert.notEqual(planted, '');
    await victim.post('/login');
    const afterLogin = victim.cookies.get('session') ?? '';
    assert.notEqual(afterLogin, planted);
    assert.deepEqual((await victim.get('/who')).json, { user: '1' });

    const attacker = app.testClient();
    attacker.cookies.set('session', planted);
    assert.deepEqual((await attacker.get('/who')).json, { user: null });
  });
});
