import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import {
  Flagon,
  Session,
  type SessionApp,
  SessionInterface,
  type SessionRequest,
  type SessionResponse,
  SessionUnavailableError,
  session,
} from 'flagon';

/** A server-side store: the cookie holds only an id. */
class MemorySessionInterface extends SessionInterface {
  override readonly isAsync = true;
  readonly store = new Map<string, Record<string, unknown>>();

  override async openSession(_app: SessionApp, request: SessionRequest): Promise<Session> {
    const id = request.cookies.get('sid');
    const data = id ? this.store.get(id) : undefined;
    const opened = new Session(data ?? {}, { isNew: data === undefined });
    (opened as Session & { sid?: string }).sid = data ? (id as string) : randomUUID();
    return opened;
  }

  override async saveSession(_app: SessionApp, opened: Session, response: SessionResponse): Promise<void> {
    if (!opened.modified) return;
    const sid = (opened as Session & { sid: string }).sid;
    this.store.set(sid, opened.toJSON());
    response.setCookie('sid', sid, { httpOnly: true });
  }
}

function makeApp(): Flagon {
  const app = new Flagon('session-transaction');
  app.config.SECRET_KEY = 'test secret';
  app.get('/whoami', () => String(session.get('user') ?? 'nobody'));
  app.post('/login/<name>', ({ name }) => {
    session.set('user', name);
    return 'ok';
  });
  return app;
}

describe('client.sessionTransaction with signed-cookie sessions', () => {
  it('sets up a session that the next request sees', async () => {
    const client = makeApp().testClient();
    await client.sessionTransaction((s) => {
      s.set('user', 'ada');
    });
    assert.equal((await client.get('/whoami')).text, 'ada');
  });

  it('reads what a request stored in the session, and returns what the callback returns', async () => {
    const client = makeApp().testClient();
    await client.post('/login/grace');
    const user = await client.sessionTransaction((s) => s.get('user'));
    assert.equal(user, 'grace');
  });

  it('waits for an async callback before saving', async () => {
    const client = makeApp().testClient();
    await client.sessionTransaction(async (s) => {
      await new Promise((resolve) => setImmediate(resolve));
      s.set('user', 'later');
    });
    assert.equal((await client.get('/whoami')).text, 'later');
  });

  it('refuses with SessionUnavailableError when the app has no SECRET_KEY', async () => {
    const app = new Flagon('no-secret');
    await assert.rejects(
      app.testClient().sessionTransaction(() => undefined),
      (error: Error) => error instanceof SessionUnavailableError && /SECRET_KEY/.test(error.message),
    );
  });
});

describe('client.sessionTransaction with a server-side session interface', () => {
  it('stores the session server-side and sends only its id', async () => {
    const app = makeApp();
    const iface = new MemorySessionInterface();
    app.sessionInterface = iface;
    const client = app.testClient();
    await client.sessionTransaction((s) => {
      s.set('user', 'linus');
    });
    assert.equal(iface.store.size, 1);
    assert.deepEqual(
      [...iface.store.values()].map((data) => ({ ...data })),
      [{ user: 'linus' }],
    );
    assert.equal((await client.get('/whoami')).text, 'linus');
  });

  it('opens the session a request saved', async () => {
    const app = makeApp();
    app.sessionInterface = new MemorySessionInterface();
    const client = app.testClient();
    await client.post('/login/margaret');
    assert.equal(await client.sessionTransaction((s) => s.get('user')), 'margaret');
  });
});
