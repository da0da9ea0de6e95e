import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Signal } from '../../src/signals/signal.ts';

describe('Signal.connect and send', () => {
  it('calls receivers with the sender and the arguments, in connection order', async () => {
    const signal = new Signal<[count: number, label: string]>('test');
    const calls: unknown[] = [];
    signal.connect((sender, count, label) => void calls.push(['first', sender, count, label]));
    signal.connect((sender, count, label) => void calls.push(['second', sender, count, label]));
    await signal.send('app', 2, 'x');
    assert.deepEqual(calls, [
      ['first', 'app', 2, 'x'],
      ['second', 'app', 2, 'x'],
    ]);
  });

  it('returns a function that disconnects the receiver', async () => {
    const signal = new Signal('test');
    let calls = 0;
    const off = signal.connect(() => {
      calls++;
    });
    await signal.send(null);
    off();
    await signal.send(null);
    assert.equal(calls, 1);
    assert.equal(signal.hasReceivers, false);
  });

  it('keeps one connection when the same receiver connects twice', async () => {
    const signal = new Signal('test');
    let calls = 0;
    const receiver = () => {
      calls++;
    };
    signal.connect(receiver);
    signal.connect(receiver);
    await signal.send(null);
    assert.equal(calls, 1);
    assert.deepEqual(signal.receivers, [receiver]);
  });

  it('runs synchronous receivers before send returns', () => {
    const signal = new Signal('test');
    let called = false;
    signal.connect(() => {
      called = true;
    });
    void signal.send(null);
    assert.equal(called, true);
  });

  it('applies connections made during a send from the next send', async () => {
    const signal = new Signal('test');
    const calls: string[] = [];
    const late = () => void calls.push('late');
    signal.connect(() => {
      calls.push('early');
      signal.connect(late);
    });
    await signal.send(null);
    assert.deepEqual(calls, ['early']);
    await signal.send(null);
    assert.deepEqual(calls, ['early', 'early', 'late']);
  });

  it('refuses a receiver that is not a function, and weak receivers', () => {
    const signal = new Signal('test');
    assert.throws(() => signal.connect('nope' as never), TypeError);
    assert.throws(() => signal.connect(() => {}, { weak: true as never }), /weak/);
  });
});

describe('Signal sender filtering', () => {
  it('delivers to a receiver connected for a sender only that sender’s sends', async () => {
    const signal = new Signal<[], object>('test');
    const appA = {};
    const appB = {};
    const seen: object[] = [];
    signal.connect((sender) => void seen.push(sender), { sender: appA });
    await signal.send(appA);
    await signal.send(appB);
    assert.deepEqual(seen, [appA]);
    assert.equal(signal.hasReceiversFor(appA), true);
    assert.equal(signal.hasReceiversFor(appB), false);
  });

  it('disconnects only the connection for the given sender', async () => {
    const signal = new Signal<[], string>('test');
    const seen: string[] = [];
    const receiver = (sender: string) => void seen.push(sender);
    signal.connect(receiver);
    signal.connect(receiver, { sender: 'a' });
    signal.disconnect(receiver, { sender: 'a' });
    await signal.send('a');
    assert.deepEqual(seen, ['a']);
    signal.disconnect(receiver);
    await signal.send('a');
    assert.deepEqual(seen, ['a']);
    assert.equal(signal.hasReceivers, false);
  });

  it('treats undefined as a sender when it is passed explicitly', async () => {
    const signal = new Signal<[], unknown>('test');
    const seen: unknown[] = [];
    signal.connect((sender) => void seen.push(sender), { sender: undefined });
    await signal.send('someone');
    await signal.send(undefined);
    assert.deepEqual(seen, [undefined]);
  });
});

describe('Signal with async receivers', () => {
  it('awaits each async receiver before calling the next', async () => {
    const signal = new Signal('test');
    const calls: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    signal.connect(async () => {
      calls.push('a start');
      await gate;
      calls.push('a end');
    });
    signal.connect(() => void calls.push('b'));
    const sent = signal.send(null);
    assert.deepEqual(calls, ['a start']);
    release();
    await sent;
    assert.deepEqual(calls, ['a start', 'a end', 'b']);
  });

  it('rejects with the first receiver error and skips the receivers after it', async () => {
    const signal = new Signal('test');
    const calls: string[] = [];
    signal.connect(() => void calls.push('before'));
    signal.connect(() => {
      throw new Error('receiver failed');
    });
    signal.connect(() => void calls.push('after'));
    await assert.rejects(signal.send(null), /receiver failed/);
    assert.deepEqual(calls, ['before']);
  });

  it('rejects when an async receiver rejects', async () => {
    const signal = new Signal('test');
    let reached = false;
    signal.connect(async () => {
      throw new Error('async failure');
    });
    signal.connect(() => {
      reached = true;
    });
    await assert.rejects(signal.send(null), /async failure/);
    assert.equal(reached, false);
  });
});

describe('Signal.sendSync', () => {
  it('calls synchronous receivers and lets their errors through', () => {
    const signal = new Signal<[message: string]>('test');
    const seen: string[] = [];
    signal.connect((_sender, message) => void seen.push(message));
    signal.sendSync(null, 'hi');
    assert.deepEqual(seen, ['hi']);
    signal.connect(() => {
      throw new Error('sync failure');
    });
    assert.throws(() => signal.sendSync(null, 'again'), /sync failure/);
  });

  it('throws a TypeError naming the receiver when one is async', () => {
    const signal = new Signal('flashing');
    signal.connect(async function slowReceiver() {});
    assert.throws(() => signal.sendSync(null), /flashing.*slowReceiver/);
  });
});

describe('Signal.connectedTo', () => {
  it('connects the receiver only while the function runs', async () => {
    const signal = new Signal<[value: number]>('test');
    const seen: number[] = [];
    const result = await signal.connectedTo(
      (_sender, value) => void seen.push(value),
      async () => {
        await signal.send(null, 1);
        return 'done';
      },
    );
    await signal.send(null, 2);
    assert.equal(result, 'done');
    assert.deepEqual(seen, [1]);
  });

  it('disconnects even when the function throws', async () => {
    const signal = new Signal('test');
    await assert.rejects(
      signal.connectedTo(
        () => {},
        () => {
          throw new Error('boom');
        },
      ),
      /boom/,
    );
    assert.equal(signal.hasReceivers, false);
  });
});
