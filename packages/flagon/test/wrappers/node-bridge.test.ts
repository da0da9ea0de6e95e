import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { Flagon, type RunningServer } from 'flagon';

function rawRequest(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(text));
    let data = '';
    socket.on('data', (chunk) => {
      data += chunk.toString('latin1');
    });
    socket.on('end', () => resolve(data));
    socket.on('error', reject);
  });
}

describe('serving over real HTTP', () => {
  let server: RunningServer;
  const logged: string[] = [];

  before(async () => {
    const app = new Flagon('test');
    app.logger.sink = (_level, line) => logged.push(line);
    app.config.MAX_CONTENT_LENGTH = 1024;
    app.get('/', () => 'home');
    app.get('/stream', async function* stream() {
      yield 'one,';
      await new Promise((resolve) => setTimeout(resolve, 5));
      yield 'two';
    });
    app.get('/crash', () => {
      throw new Error('hidden');
    });
    app.post('/echo', async (_p, r) => ({ got: await r.json }));
    app.post('/size', async (_p, r) => String((await r.data).length));
    app.get('/cookie', () => {
      const res = app.makeResponse('ok');
      res.setCookie('a', '1');
      res.setCookie('b', '2');
      return res;
    });
    server = await app.listen({ port: 0 });
  });

  after(() => server.close());

  it('listens on 127.0.0.1 by default and answers', async () => {
    assert.equal(server.host, '127.0.0.1');
    const res = await fetch(`${server.url}/`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-length'), '4');
    assert.equal(await res.text(), 'home');
  });

  it('streams an async generator with chunked encoding', async () => {
    const res = await fetch(`${server.url}/stream`);
    assert.equal(res.headers.get('transfer-encoding'), 'chunked');
    assert.equal(await res.text(), 'one,two');
  });

  it('answers HEAD with headers only', async () => {
    const reply = await rawRequest(server.port, 'HEAD / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    assert.match(reply, /^HTTP\/1\.1 200 OK/);
    assert.match(reply, /Content-Length: 4/i);
    assert.ok(reply.endsWith('\r\n\r\n'), 'no body after the headers');
  });

  it('sends repeated Set-Cookie headers separately', async () => {
    const res = await fetch(`${server.url}/cookie`);
    assert.deepEqual(res.headers.getSetCookie(), ['a=1; Path=/', 'b=2; Path=/']);
  });

  it('answers 500 without the stack and keeps serving', async () => {
    const res = await fetch(`${server.url}/crash`);
    assert.equal(res.status, 500);
    assert.doesNotMatch(await res.text(), /hidden|\bat\b.*\.ts/);
    assert.equal((await fetch(`${server.url}/`)).status, 200);
    assert.ok(logged.some((line) => line.includes('hidden')));
  });

  it('answers 400 for malformed JSON sent over the wire', async () => {
    const res = await fetch(`${server.url}/echo`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"a": tru',
    });
    assert.equal(res.status, 400);
  });

  it('reads a body that arrives after the headers, in a later packet', async () => {
    const body = '{"late": true}';
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = connect(server.port, '127.0.0.1', () => {
        socket.write(
          `POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`,
        );
        setTimeout(() => socket.write(body), 50);
      });
      let data = '';
      socket.on('data', (chunk) => {
        data += chunk.toString('latin1');
      });
      socket.on('end', () => resolve(data));
      socket.on('error', reject);
    });
    assert.match(reply, /^HTTP\/1\.1 200/);
    assert.match(reply, /\{"got":\{"late":true\}\}/);
  });

  it('reads a small body sent with its headers, and the next one on the same connection', async () => {
    const one = '{"n": 1}';
    const two = '{"n": 2}';
    const request = (text: string) =>
      `POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${text.length}\r\n\r\n${text}`;
    const reply = await rawRequest(server.port, request(one) + request(two));
    assert.match(reply, /\{"got":\{"n":1\}\}[\s\S]*\{"got":\{"n":2\}\}/);
  });

  it('reads a JSON body that arrives in several chunks', async () => {
    const parts = ['{"a": [1, ', '2, 3], "b": ', '"end"}'];
    const body = new ReadableStream({
      start(controller) {
        for (const part of parts) controller.enqueue(new TextEncoder().encode(part));
        controller.close();
      },
    });
    const res = await fetch(`${server.url}/echo`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body,
      duplex: 'half',
    } as RequestInit);
    assert.deepEqual(await res.json(), { got: { a: [1, 2, 3], b: 'end' } });
  });

  it('answers 413 for a declared body over MAX_CONTENT_LENGTH', async () => {
    const res = await fetch(`${server.url}/size`, { method: 'POST', body: 'x'.repeat(5000) });
    assert.equal(res.status, 413);
  });

  it('answers 413 for a chunked body that grows past MAX_CONTENT_LENGTH', async () => {
    const body = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 10; i++) controller.enqueue(new TextEncoder().encode('y'.repeat(500)));
        controller.close();
      },
    });
    const res = await fetch(`${server.url}/size`, { method: 'POST', body, duplex: 'half' } as RequestInit);
    assert.equal(res.status, 413);
  });

  it('answers 400 to a malformed request line and keeps serving', async () => {
    const reply = await rawRequest(server.port, 'GARBAGE\r\n\r\n');
    assert.match(reply, /^HTTP\/1\.1 400/);
    assert.equal((await fetch(`${server.url}/`)).status, 200);
  });
});

describe('the fetch handler', () => {
  it('answers a web-standard Request', async () => {
    const app = new Flagon('test');
    app.post('/items/<int:id>', async ({ id }, r) => [{ id, body: await r.json }, 201]);
    const res = await app.fetch(
      new Request('http://example.com/items/4', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: '{"x":1}',
      }),
    );
    assert.equal(res.status, 201);
    assert.deepEqual(await res.json(), { body: { x: 1 }, id: 4 });
  });
});

describe('the node:http handler', () => {
  it('mounts in an existing server', async () => {
    const { createServer } = await import('node:http');
    const app = new Flagon('test');
    app.get('/', () => 'mounted');
    const server = createServer(app.handler);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    try {
      assert.equal(await (await fetch(`http://127.0.0.1:${port}/`)).text(), 'mounted');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('bodies the app refuses', () => {
  it('closes the connection after a 413 instead of reading an endless body', async () => {
    const app = new Flagon('test');
    app.config.MAX_CONTENT_LENGTH = 100;
    app.post('/upload', async (_p, r) => String((await r.data).length));
    const server = await app.listen({ port: 0 });
    try {
      const reply = await new Promise<string>((resolve, reject) => {
        const socket = connect(server.port, '127.0.0.1', () => {
          socket.write('POST /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n');
          // Keep sending until the server hangs up; a server that drained the body would never answer.
          const timer = setInterval(() => {
            if (!socket.destroyed) socket.write(`400\r\n${'z'.repeat(0x400)}\r\n`);
          }, 1);
          socket.on('close', () => clearInterval(timer));
        });
        let data = '';
        socket.on('data', (chunk) => {
          data += chunk.toString('latin1');
        });
        socket.on('close', () => resolve(data));
        socket.on('error', () => resolve(data));
        setTimeout(
          () => reject(new Error(`no answer; got ${JSON.stringify(data.slice(0, 80))}`)),
          5000,
        ).unref();
      });
      assert.match(reply, /^HTTP\/1\.1 413/);
      assert.match(reply, /Connection: close/i);
    } finally {
      await server.close();
    }
  });
});
