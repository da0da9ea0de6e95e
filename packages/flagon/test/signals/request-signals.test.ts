import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Flagon, flash, type Response } from 'flagon';
import {
  appcontextPopped,
  appcontextPushed,
  appcontextTearingDown,
  gotRequestException,
  messageFlashed,
  requestFinished,
  requestStarted,
  requestTearingDown,
} from '../../src/signals/builtin-signals.ts';
import type { Signal } from '../../src/signals/signal.ts';

// Remove once the request cycle sends the signals (see the blueprints/views/signals report).

/** Connects `receiver` to each signal for the duration of `fn`. */
async function withReceivers<T>(
  connections: Array<[Signal<never[], Flagon>, (...args: never[]) => void]>,
  fn: () => Promise<T>,
): Promise<T> {
  const offs = connections.map(([signal, receiver]) => signal.connect(receiver as never));
  try {
    return await fn();
  } finally {
    for (const off of offs) off();
  }
}

function namedLogger(log: string[]) {
  const entries = {
    appcontextPushed,
    requestStarted,
    requestFinished,
    requestTearingDown,
    appcontextTearingDown,
    appcontextPopped,
    gotRequestException,
  };
  return Object.entries(entries).map(
    ([name, signal]) =>
      [signal as unknown as Signal<never[], Flagon>, () => void log.push(name)] as [
        Signal<never[], Flagon>,
        () => void,
      ],
  );
}

describe('signals sent by the request cycle', () => {
  it('sends them in Flask order around the hooks and the view', async () => {
    const log: string[] = [];
    const app = new Flagon('test', { staticFolder: null });
    app.beforeRequest(() => void log.push('before'));
    app.afterRequest((response) => {
      log.push('after');
      return response;
    });
    app.teardownRequest(() => void log.push('teardown'));
    app.get('/', function home() {
      log.push('view');
      return 'home';
    });
    await withReceivers(namedLogger(log), () => app.testClient().get('/'));
    assert.deepEqual(log, [
      'appcontextPushed',
      'requestStarted',
      'before',
      'view',
      'after',
      'requestFinished',
      'teardown',
      'requestTearingDown',
      'appcontextTearingDown',
      'appcontextPopped',
    ]);
  });

  it('sends requestFinished with the app as sender and the final response', async () => {
    const app = new Flagon('test', { staticFolder: null });
    app.get('/', () => ['made', 201]);
    const seen: Array<[Flagon, Response]> = [];
    await requestFinished.connectedTo(
      (sender, response) => void seen.push([sender, response]),
      () => app.testClient().get('/'),
    );
    assert.equal(seen.length, 1);
    assert.equal(seen[0]?.[0], app);
    assert.equal(seen[0]?.[1].status, 201);
  });

  it('sends gotRequestException and the teardown signals with an unhandled error', async () => {
    const app = new Flagon('test', { staticFolder: null });
    const failure = new Error('view failed');
    app.get('/', () => {
      throw failure;
    });
    const errors: unknown[] = [];
    const res = await withReceivers(
      [
        [
          gotRequestException as unknown as Signal<never[], Flagon>,
          ((_app: Flagon, e: unknown) => void errors.push(e)) as never,
        ],
        [
          requestTearingDown as unknown as Signal<never[], Flagon>,
          ((_app: Flagon, e: unknown) => void errors.push(e)) as never,
        ],
      ],
      () => app.testClient().get('/'),
    );
    assert.equal(res.status, 500);
    assert.deepEqual(errors, [failure, failure]);
  });

  it('does not send an app’s signals to receivers connected for another app', async () => {
    const appA = new Flagon('a', { staticFolder: null });
    const appB = new Flagon('b', { staticFolder: null });
    appA.get('/', () => 'a');
    appB.get('/', () => 'b');
    let calls = 0;
    await requestStarted.connectedTo(
      () => {
        calls++;
      },
      async () => {
        await appB.testClient().get('/');
        await appA.testClient().get('/');
      },
      { sender: appA },
    );
    assert.equal(calls, 1);
  });

  it('sends messageFlashed with the message and category', async () => {
    const app = new Flagon('test', { staticFolder: null, config: { SECRET_KEY: 'test key' } });
    app.get('/', () => {
      flash('Saved.', 'success');
      return 'ok';
    });
    const seen: string[][] = [];
    await messageFlashed.connectedTo(
      (_app, message, category) => void seen.push([message, category]),
      () => app.testClient().get('/'),
    );
    assert.deepEqual(seen, [['Saved.', 'success']]);
  });
});
