import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { Flagon, type RunningServer } from 'flagon';
import { rawExchange, statusLines } from './helpers/raw-http.ts';

function makeApp(): Flagon {
  const app = new Flagon('settings', { staticFolder: null });
  app.logger.sink = () => {};
  app.config.MAX_CONTENT_LENGTH = 1000;
  // Answers after a few event-loop turns, so a request pipelined behind it is parsed first.
  app.get('/slow', async () => {
    await new Promise((resolve) => setTimeout(resolve, 50));
    return 'slow answer';
  });
  app.post('/upload', async (_params, request) => `${(await request.data).length} bytes`);
  return app;
}

describe('app.listen server settings', () => {
  let server: RunningServer;
  before(async () => {
    server = await makeApp().listen({ port: 0, headersTimeout: 1000, requestTimeout: 1500 });
  });
  after(() => server.close());

  it('answers a valid request before the malformed one pipelined behind it', async () => {
    const answer = await rawExchange(
      server.port,
      'GET /slow HTTP/1.1\r\nHost: localhost\r\n\r\nNOT A REQUEST LINE\r\n\r\n',
    );
    assert.deepEqual(statusLines(answer), ['HTTP/1.1 200 OK', 'HTTP/1.1 400 Bad Request']);
    assert.match(answer, /slow answer/);
  });

  it('answers 413 to an oversized Expect: 100-continue request without inviting the body', async () => {
    const answer = await rawExchange(
      server.port,
      'POST /upload HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5000\r\nExpect: 100-continue\r\n\r\n',
    );
    assert.deepEqual(statusLines(answer), ['HTTP/1.1 413 Payload Too Large']);
    assert.doesNotMatch(answer, /100 Continue/);
  });

  it('invites the body of an Expect: 100-continue request within the limit and serves it', async () => {
    const answer = await new Promise<string>((resolve) => {
      const socket = connect(server.port, '127.0.0.1', () => {
        socket.write(
          'POST /upload HTTP/1.1\r\nHost: localhost\r\nContent-Length: 10\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n',
        );
      });
      let data = '';
      socket.on('data', (chunk) => {
        data += chunk;
        if (data.includes('100 Continue') && !data.includes('bytes')) socket.write('0123456789');
      });
      socket.on('close', () => resolve(data));
    });
    assert.deepEqual(statusLines(answer), ['HTTP/1.1 100 Continue', 'HTTP/1.1 200 OK']);
    assert.match(answer, /10 bytes/);
  });

  it('answers 417 to an expectation it does not know', async () => {
    const answer = await rawExchange(
      server.port,
      'POST /upload HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1\r\nExpect: something-else\r\n\r\n',
    );
    assert.deepEqual(statusLines(answer), ['HTTP/1.1 417 Expectation Failed']);
  });

  it('drops a client that never finishes its headers soon after headersTimeout (408)', async () => {
    // Node checks for timed-out connections every 500 ms here, not every 30 s: with a 1 s headersTimeout
    // the answer comes long before rawExchange gives up after 5 s of silence.
    const answer = await rawExchange(server.port, 'GET / HTTP/1.1\r\nHost: localhost\r\nX-Slow: ', 5000);
    assert.deepEqual(statusLines(answer), ['HTTP/1.1 408 Request Timeout']);
  });
});
