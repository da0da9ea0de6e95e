import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Flagon, flash, getFlashedMessages, session } from 'flagon';
import { pythonSkipReason, pythonValue } from './helpers/python.ts';

function makeApp(config: Record<string, unknown> = { SECRET_KEY: 'test secret' }) {
  const app = new Flagon('session-cycle');
  Object.assign(app.config, config);
  app.get('/set/<value>', ({ value }) => {
    session.set('value', value);
    return 'set';
  });
  app.get('/get', () => String(session.get('value') ?? 'none'));
  app.get('/plain', () => 'no session here');
  app.get('/clear', () => {
    session.clear();
    return 'cleared';
  });
  return app;
}

function setCookies(response: { headers: { getAll(name: string): string[] } }): string[] {
  return response.headers.getAll('set-cookie');
}

describe('sessions through the request cycle', () => {
  it('sets a session cookie when the view writes to the session, and reads it on the next request', async () => {
    const client = makeApp().testClient();
    const written = await client.get('/set/hello');
    assert.equal(setCookies(written).length, 1);
    assert.match(setCookies(written)[0]!, /^session=[A-Za-z0-9_.-]+;/);
    assert.equal((await client.get('/get')).text, 'hello');
  });

  it('marks the cookie HttpOnly and SameSite=Lax, with path /', async () => {
    const [cookie] = setCookies(await makeApp().testClient().get('/set/x'));
    assert.match(cookie!, /; HttpOnly/i);
    assert.match(cookie!, /; SameSite=Lax/i);
    assert.match(cookie!, /; Path=\//i);
  });

  it('sends no cookie when the session was read but not changed, and varies on Cookie', async () => {
    const client = makeApp().testClient();
    await client.get('/set/x');
    const read = await client.get('/get');
    assert.deepEqual(setCookies(read), []);
    assert.match(read.headers.get('vary') ?? '', /\bCookie\b/);
  });

  it('leaves responses that never touch the session alone', async () => {
    const response = await makeApp().testClient().get('/plain');
    assert.deepEqual(setCookies(response), []);
    assert.equal(response.headers.get('vary'), null);
  });

  it('answers 200 with a fresh session when the cookie was tampered with', async () => {
    const client = makeApp().testClient();
    await client.get('/set/admin');
    const cookie = client.cookies.get('session')!;
    client.cookies.set(
      'session',
      cookie.replace(/^./, (c) => (c === 'e' ? 'f' : 'e')),
    );
    const response = await client.get('/get');
    assert.equal(response.status, 200);
    assert.equal(response.text, 'none');
  });

  it('deletes the cookie when the session is cleared', async () => {
    const client = makeApp().testClient();
    await client.get('/set/x');
    const [cookie] = setCookies(await client.get('/clear'));
    assert.match(cookie!, /^session=;/);
    assert.match(cookie!, /Expires=Thu, 01 Jan 1970|Max-Age=0/i);
    assert.equal((await client.get('/get')).text, 'none');
  });

  it('reads as empty without a SECRET_KEY, and a write fails with a clear error', async () => {
    const app = makeApp({ SECRET_KEY: null, TESTING: true });
    const client = app.testClient();
    assert.equal((await client.get('/get')).text, 'none');
    await assert.rejects(client.get('/set/x'), {
      name: 'SessionUnavailableError',
      message: /no secret key was set\. Set SECRET_KEY on the application/,
    });
  });

  it('carries flashed messages to the next request and then forgets them', async () => {
    const app = new Flagon('flashes');
    app.config.SECRET_KEY = 'test secret';
    app.get('/flash', () => {
      flash('Saved', 'success');
      return 'ok';
    });
    app.get('/show', () => JSON.stringify(getFlashedMessages({ withCategories: true })));
    const client = app.testClient();
    await client.get('/flash');
    assert.deepEqual(JSON.parse((await client.get('/show')).text), [['success', 'Saved']]);
    assert.deepEqual(JSON.parse((await client.get('/show')).text), []);
  });
});

describe('sessions shared with a Flask app through the request cycle', { skip: pythonSkipReason }, () => {
  it('serves a view with the session a Flask app wrote, and Flask reads the cookie Flagon writes back', async () => {
    const secret = 'shared between Flask and Flagon';
    const [header] = (await pythonValue({ op: 'app_write', secret_key: secret })) as string[];
    const app = new Flagon('interop');
    app.config.SECRET_KEY = secret;
    app.get('/visit', () => {
      session.set('visits', ((session.get('user_id') as number) ?? 0) + 1);
      return String(session.get('name'));
    });
    const client = app.testClient();
    client.cookies.set('session', header!.slice('session='.length, header!.indexOf(';')));
    const response = await client.get('/visit');
    assert.equal(response.text, 'Zoë 😀 "quoted" \\ <tag>');
    const described = (await pythonValue({
      op: 'app_read',
      secret_key: secret,
      value: client.cookies.get('session'),
    })) as { dict: Record<string, unknown> };
    assert.deepEqual(described.dict.visits, { int: '43' });
    assert.deepEqual(described.dict.pair, {
      list: [{ int: '1' }, { value: 'two' }, { list: [{ int: '3' }] }],
    });
  });
});
