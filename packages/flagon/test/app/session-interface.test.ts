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
  session,
} from 'flagon';

/** A server-side store that answers asynchronously, as Redis or a database would. */
class MemorySessionInterface extends SessionInterface {
  override readonly isAsync = true;
  readonly store = new Map<string, Record<string, unknown>>();

  override async openSession(_app: SessionApp, request: SessionRequest): Promise<Session> {
    await new Promise((resolve) => setImmediate(resolve));
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
    response.setCookie('sid', sid, { httpOnly: true, sameSite: 'Lax' });
  }
}

describe('a custom, asynchronous session interface', () => {
  it('is opened before the view and saved after it', async () => {
    const app = new Flagon('test');
    const iface = new MemorySessionInterface();
    app.sessionInterface = iface;
    app.post('/visit', () => {
      session.set('visits', Number(session.get('visits') ?? 0) + 1);
      return String(session.get('visits'));
    });
    const client = app.testClient();
    assert.equal((await client.post('/visit')).text, '1');
    assert.equal((await client.post('/visit')).text, '2');
    assert.equal(iface.store.size, 1);
  });
});
