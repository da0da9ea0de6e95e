import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Flagon, type Response } from 'flagon';

class RecordingApp extends Flagon {
  readonly madeFrom: unknown[] = [];

  override makeResponse(rv: unknown): Response {
    this.madeFrom.push(rv);
    return super.makeResponse(rv);
  }
}

describe('the request pipeline', () => {
  it('calls makeResponse once with a view value it cannot use, then answers 500', async () => {
    const app = new RecordingApp('pipeline');
    app.logger.sink = () => {};
    const bad = Symbol('not a response');
    app.get('/', () => bad as never);
    const response = await app.testClient().get('/');
    assert.equal(response.status, 500);
    assert.equal(app.madeFrom.filter((rv) => rv === bad).length, 1);
  });

  it('calls makeResponse once with an async view value it cannot use', async () => {
    const app = new RecordingApp('pipeline');
    app.logger.sink = () => {};
    const bad = Symbol('not a response');
    app.get('/', async () => bad as never);
    const response = await app.testClient().get('/');
    assert.equal(response.status, 500);
    assert.equal(app.madeFrom.filter((rv) => rv === bad).length, 1);
  });
});
