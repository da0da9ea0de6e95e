import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SessionUnavailableError } from '../../src/sessions/errors.ts';
import { addFlash, takeFlashes } from '../../src/sessions/flashes.ts';
import { NullSession, Session } from '../../src/sessions/session.ts';

describe('Session tracking', () => {
  it('starts neither accessed nor modified', () => {
    const session = new Session({ a: 1 });
    assert.equal(session.accessed, false);
    assert.equal(session.modified, false);
    assert.equal(session.isNew, false);
  });

  it('marks itself accessed but not modified on every read', () => {
    const reads: Array<(s: Session) => unknown> = [
      (s) => s.get('a'),
      (s) => s.has('a'),
      (s) => s.size,
      (s) => [...s],
      (s) => [...s.keys()],
      (s) => [...s.values()],
      (s) => s.toJSON(),
      (s) => s.permanent,
    ];
    for (const read of reads) {
      const session = new Session({ a: 1 });
      read(session);
      assert.equal(session.accessed, true, String(read));
      assert.equal(session.modified, false, String(read));
    }
  });

  it('marks itself modified and accessed on every write', () => {
    const writes: Array<(s: Session) => unknown> = [
      (s) => s.set('b', 2),
      (s) => s.delete('a'),
      (s) => s.clear(),
      (s) => s.pop('a'),
      (s) => s.setDefault('b', 2),
      (s) => s.update({ c: 3 }),
      (s) => {
        s.permanent = true;
      },
    ];
    for (const write of writes) {
      const session = new Session({ a: 1 });
      write(session);
      assert.equal(session.modified, true, String(write));
      assert.equal(session.accessed, true, String(write));
    }
  });

  it('is not modified by removing or defaulting a key that changes nothing', () => {
    const session = new Session({ a: 1 });
    assert.equal(session.delete('missing'), false);
    assert.equal(session.pop('missing', 'fallback'), 'fallback');
    assert.equal(session.setDefault('a', 5), 1);
    assert.equal(session.modified, false);
    assert.equal(session.accessed, true);
  });

  it('behaves like a Map', () => {
    const session = new Session([['a', 1]]);
    session.set('b', [2]).set('c', 'three');
    assert.equal(session.get('a'), 1);
    assert.equal(session.pop('a'), 1);
    assert.deepEqual([...session.keys()], ['b', 'c']);
    assert.deepEqual(Object.fromEntries(session), { b: [2], c: 'three' });
    assert.equal(session.size, 2);
  });

  it('stores permanent as the _permanent key, like Flask', () => {
    const session = new Session();
    assert.equal(session.permanent, false);
    session.permanent = true;
    assert.equal(session.get('_permanent'), true);
    assert.equal(new Session({ _permanent: true }).permanent, true);
  });

  it('serializes to a null-prototype object', () => {
    const json = new Session([['__proto__', 1]]).toJSON();
    assert.equal(Object.getPrototypeOf(json), null);
    assert.equal(Object.hasOwn(json, '__proto__'), true);
  });

  it('records whether it is new', () => {
    assert.equal(new Session(null, { isNew: true }).isNew, true);
  });
});

describe('NullSession', () => {
  it('reads as empty', () => {
    const session = new NullSession();
    assert.equal(session.get('a'), undefined);
    assert.equal(session.size, 0);
    assert.equal(session.permanent, false);
  });

  it('throws a clear error on every write', () => {
    const session = new NullSession();
    const writes: Array<() => unknown> = [
      () => session.set('a', 1),
      () => session.delete('a'),
      () => session.clear(),
      () => session.pop('a'),
      () => session.setDefault('a', 1),
      () => session.update({ a: 1 }),
      () => {
        session.permanent = true;
      },
    ];
    for (const write of writes) {
      assert.throws(write, (error: unknown) => {
        assert.ok(error instanceof SessionUnavailableError);
        assert.equal(error.name, 'SessionUnavailableError');
        assert.match(error.message, /no secret key was set\. Set SECRET_KEY on the application/);
        return true;
      });
    }
  });
});

describe('flash storage', () => {
  it('appends [category, message] pairs to _flashes', () => {
    const session = new Session();
    addFlash(session, 'Saved');
    addFlash(session, 'Bad password', 'error');
    assert.deepEqual(session.get('_flashes'), [
      ['message', 'Saved'],
      ['error', 'Bad password'],
    ]);
    assert.equal(session.modified, true);
  });

  it('takes the messages out of the session', () => {
    const session = new Session({ _flashes: [['error', 'Nope']] });
    assert.deepEqual(takeFlashes(session), [['error', 'Nope']]);
    assert.equal(session.has('_flashes'), false);
    assert.equal(session.modified, true);
  });

  it('does not modify a session without messages', () => {
    const session = new Session({ a: 1 });
    assert.deepEqual(takeFlashes(session), []);
    assert.equal(session.modified, false);
  });

  it('skips entries that are not pairs', () => {
    const session = new Session({ _flashes: [['ok', 'fine'], 'junk', ['too', 'many', 'items']] });
    assert.deepEqual(takeFlashes(session), [['ok', 'fine']]);
  });
});
