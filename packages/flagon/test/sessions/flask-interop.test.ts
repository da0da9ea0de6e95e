import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addFlash } from '../../src/sessions/flashes.ts';
import { SecureCookieSessionInterface } from '../../src/sessions/secure-cookie-session-interface.ts';
import { TaggedMarkup } from '../../src/sessions/tagged-json.ts';
import { FakeResponse, fakeApp, fakeRequest } from './helpers/fakes.ts';
import { pythonSkipReason, pythonValue } from './helpers/python.ts';

const SECRET = 'shared secret between Flask and Flagon';

/** What interop.py's sample_session() holds, as Flagon reads it. */
function assertSampleSession(read: (key: string) => unknown): void {
  assert.equal(read('user_id'), 42);
  assert.equal(read('big'), 2n ** 70n);
  assert.equal(read('ratio'), 0.5);
  assert.equal(read('name'), 'Zoë 😀 "quoted" \\ <tag>');
  assert.deepEqual(read('pair'), [1, 'two', [3]]);
  assert.deepEqual(read('raw'), Buffer.from('\x00\xffbytes', 'latin1'));
  const safe = read('safe');
  assert.ok(safe instanceof TaggedMarkup);
  assert.equal(safe.__html__(), '<b>bold</b>');
  assert.equal(read('id'), '12345678-1234-5678-1234-567812345678');
  assert.deepEqual(read('when'), new Date(Date.UTC(2020, 1, 29, 13, 14, 15)));
  assert.deepEqual({ ...(read('tricky') as object) }, { ' t': [1, 2] });
  assert.deepEqual(JSON.parse(JSON.stringify(read('nested'))), { list: [null, true, false], empty: {} });
  assert.deepEqual(read('_flashes'), [
    ['error', 'Bad password'],
    ['message', 'Hello'],
  ]);
  assert.equal(read('filler'), 'abc'.repeat(200));
}

describe('sessions shared with Flask', { skip: pythonSkipReason }, () => {
  it('reads a cookie made by Flask’s signing serializer, with every tagged type, compressed', async () => {
    const cookie = (await pythonValue({ op: 'session_dumps', secret_key: SECRET })) as string;
    assert.equal(cookie[0], '.');
    const session = new SecureCookieSessionInterface().openSession(
      fakeApp({ SECRET_KEY: SECRET }),
      fakeRequest({ session: cookie }),
    );
    assert.ok(session !== null && !session.isNew);
    assertSampleSession((key) => session.get(key));
    assert.equal(session.permanent, true);
  });

  it('reads the Set-Cookie of a real Flask app', async () => {
    const [header] = (await pythonValue({ op: 'app_write', secret_key: SECRET })) as string[];
    assert.match(header ?? '', /^session=[^;]+; Expires=[^;]+; HttpOnly; Path=\//);
    const cookie = header!.slice('session='.length, header!.indexOf(';'));
    const session = new SecureCookieSessionInterface().openSession(
      fakeApp({ SECRET_KEY: SECRET }),
      fakeRequest({ session: cookie }),
    );
    assert.ok(session !== null && !session.isNew);
    assertSampleSession((key) => session.get(key));
  });

  it('reads a Flask cookie signed with a key that is now in SECRET_KEY_FALLBACKS', async () => {
    const cookie = (await pythonValue({ op: 'session_dumps', secret_key: 'retired key' })) as string;
    const app = fakeApp({ SECRET_KEY: SECRET, SECRET_KEY_FALLBACKS: ['retired key'] });
    const session = new SecureCookieSessionInterface().openSession(app, fakeRequest({ session: cookie }));
    assert.equal(session?.get('user_id'), 42);
  });

  /** A Flagon session cookie with every type Flagon writes, as the response's Set-Cookie value. */
  function flagonCookie(): string {
    const iface = new SecureCookieSessionInterface();
    const app = fakeApp({ SECRET_KEY: SECRET });
    const session = iface.openSession(app, fakeRequest())!;
    session.update({
      user_id: 42,
      big: 2n ** 70n,
      name: 'Zoë 😀',
      raw: Buffer.from([0, 255]),
      safe: new TaggedMarkup('<i>safe</i>'),
      markup_like: { __html__: () => '<b>duck</b>' },
      when: new Date(Date.UTC(2020, 1, 29, 13, 14, 15)),
      tricky: { ' t': [1, 2] },
      list: [1, [2, 'three'], { four: null }],
      filler: 'xyz'.repeat(200),
    });
    addFlash(session, 'Welcome back', 'info');
    session.permanent = true;
    const response = new FakeResponse();
    iface.saveSession(app, session, response);
    return response.cookie;
  }

  const expectedInPython = {
    dict: {
      user_id: { int: '42' },
      big: { int: String(2n ** 70n) },
      name: { value: 'Zoë 😀' },
      raw: { bytes: 'AP8=' },
      safe: { markup: '<i>safe</i>' },
      markup_like: { markup: '<b>duck</b>' },
      when: { datetime: '2020-02-29T13:14:15+00:00' },
      tricky: { dict: { ' t': { list: [{ int: '1' }, { int: '2' }] } } },
      list: {
        list: [
          { int: '1' },
          { list: [{ int: '2' }, { value: 'three' }] },
          { dict: { four: { value: null } } },
        ],
      },
      filler: { value: 'xyz'.repeat(200) },
      _flashes: { list: [{ list: [{ value: 'info' }, { value: 'Welcome back' }] }] },
      _permanent: { value: true },
    },
  };

  it('writes cookies that Flask’s signing serializer loads with the right Python types', async () => {
    const cookie = flagonCookie();
    assert.equal(cookie[0], '.');
    assert.deepEqual(
      await pythonValue({ op: 'session_loads', secret_key: SECRET, value: cookie }),
      expectedInPython,
    );
  });

  it('writes cookies that a real Flask app reads as its session', async () => {
    const described = await pythonValue({ op: 'app_read', secret_key: SECRET, value: flagonCookie() });
    assert.deepEqual(described, expectedInPython);
  });

  it('writes cookies that Flask rejects under another secret key', async () => {
    const described = await pythonValue({ op: 'app_read', secret_key: 'another key', value: flagonCookie() });
    assert.deepEqual(described, { dict: {} });
  });
});
