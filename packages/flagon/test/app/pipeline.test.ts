import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Flagon, type Request, Response } from 'flagon';

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

  it('lets a subclass override dispatchRequest around every view', async () => {
    class TimedApp extends Flagon {
      protected override dispatchRequest(request: Request): unknown {
        const rv = super.dispatchRequest(request);
        return rv instanceof Promise ? rv.then((v) => `[${v}]`) : `[${rv}]`;
      }
    }
    const app = new TimedApp('pipeline');
    app.get('/sync', () => 'sync');
    app.get('/async', async () => 'async');
    assert.equal((await app.testClient().get('/sync')).text, '[sync]');
    assert.equal((await app.testClient().get('/async')).text, '[async]');
  });

  it('runs an overridden processResponse even when the app has no afterRequest hook', async () => {
    class StampingApp extends Flagon {
      protected override async processResponse(request: Request, response: Response): Promise<Response> {
        const processed = await super.processResponse(request, response);
        processed.headers.set('X-Processed', request.endpoint ?? '');
        return processed;
      }
    }
    const app = new StampingApp('pipeline');
    app.get('/', function home() {
      return 'home';
    });
    const response = await app.testClient().get('/');
    assert.equal(response.headers.get('x-processed'), 'home');
  });

  it('lets an overridden preprocessRequest answer instead of the view', async () => {
    class ClosedApp extends Flagon {
      protected override preprocessRequest(request: Request): unknown {
        return request.path === '/closed' ? ['closed', 503] : super.preprocessRequest(request);
      }
    }
    const app = new ClosedApp('pipeline');
    app.get('/closed', () => 'open');
    app.get('/open', () => 'open');
    assert.equal((await app.testClient().get('/closed')).status, 503);
    assert.equal((await app.testClient().get('/open')).text, 'open');
  });

  it('lets an overridden handleUserException answer a view error', async () => {
    class ForgivingApp extends Flagon {
      protected override handleUserException(request: Request, error: unknown): unknown {
        if (error instanceof RangeError) return [`out of range at ${request.path}`, 422];
        return super.handleUserException(request, error);
      }
    }
    const app = new ForgivingApp('pipeline');
    app.get('/n', () => {
      throw new RangeError('too big');
    });
    const response = await app.testClient().get('/n');
    assert.equal(response.status, 422);
    assert.equal(response.text, 'out of range at /n');
  });

  it('lets an overridden handleException shape the answer to an unhandled error', async () => {
    class PlainApp extends Flagon {
      protected override handleException(_request: Request, _error: unknown): Response {
        return new Response('sorry', { status: 500, mimetype: 'text/plain' });
      }
    }
    const app = new PlainApp('pipeline');
    app.get('/', () => {
      throw new Error('boom');
    });
    const response = await app.testClient().get('/');
    assert.equal(response.status, 500);
    assert.equal(response.text, 'sorry');
  });
});
