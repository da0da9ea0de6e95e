// Type-level promises of SessionData augmentation; `tsc` checks the @ts-expect-error lines.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Session } from '../../src/sessions/session.ts';

declare module '../../src/sessions/session.ts' {
  interface SessionData {
    typedTestUserId: number;
  }
}

describe('SessionData augmentation', () => {
  it('types declared keys and leaves other keys unknown', () => {
    const session = new Session();
    session.set('typedTestUserId', 7);
    const id: number | undefined = session.get('typedTestUserId');
    assert.equal(id, 7);
    // @ts-expect-error a declared key only takes its declared type
    session.set('typedTestUserId', 'seven');
    session.set('anything', { free: 'form' });
    const other = session.get('anything');
    // @ts-expect-error undeclared keys read as unknown, so they must be narrowed before use
    other.free;
    assert.deepEqual(other, { free: 'form' });
  });
});
