import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Flagon, type RunningServer } from 'flagon';

type Answer = { files: number; bytes: number; fields: Record<string, string>; types: (string | null)[] };

import { rawExchange, statusLines } from '../server/helpers/raw-http.ts';

const BOUNDARY = 'b0undary';
const MULTIPART = `multipart/form-data; boundary=${BOUNDARY}`;

function body(parts: { disposition: string | null; headers?: string[]; value: string }[]): string {
  let text = '';
  for (const part of parts) {
    const lines = [
      ...(part.disposition === null ? [] : [`Content-Disposition: ${part.disposition}`]),
      ...(part.headers ?? []),
    ];
    text += `--${BOUNDARY}\r\n${lines.join('\r\n')}\r\n\r\n${part.value}\r\n`;
  }
  return `${text}--${BOUNDARY}--\r\n`;
}

function oneByteFiles(count: number): string {
  return body(
    Array.from({ length: count }, (_, i) => ({
      disposition: `form-data; name="file"; filename="f${i}"`,
      value: 'x',
    })),
  );
}

function makeApp(): Flagon {
  const app = new Flagon('multipart', { staticFolder: null });
  app.logger.sink = () => {};
  app.post('/upload', async (_params, request) => {
    const files = (await request.files).getAll('file');
    const form = await request.form;
    return {
      files: files.length,
      bytes: files.reduce((sum, f) => sum + f.size, 0),
      fields: Object.fromEntries(form),
      types: files.slice(0, 2).map((f) => f.contentType),
    };
  });
  return app;
}

describe('multipart bodies with many small parts', () => {
  it('reads 1,000 one-byte file parts, each held in memory', async () => {
    const app = makeApp();
    app.config.MAX_FORM_PARTS = 1000;
    const res = await app.testClient().post('/upload', { body: oneByteFiles(1000), contentType: MULTIPART });
    assert.equal(res.status, 200);
    const { files, bytes } = res.json as Answer;
    assert.deepEqual({ files, bytes }, { files: 1000, bytes: 1000 });
  });

  it('counts file parts against MAX_FORM_PARTS (413 for one file too many)', async () => {
    const app = makeApp();
    app.config.MAX_FORM_PARTS = 1000;
    const res = await app.testClient().post('/upload', { body: oneByteFiles(1001), contentType: MULTIPART });
    assert.equal(res.status, 413);
  });

  it('gives an uploaded part without a Content-Type a null contentType, as Werkzeug', async () => {
    const app = makeApp();
    const res = await app.testClient().post('/upload', { body: oneByteFiles(1), contentType: MULTIPART });
    assert.deepEqual((res.json as Answer).types, [null]);
  });

  it('reads a part without a filename as a field, whatever its Content-Type (as Werkzeug)', async () => {
    const app = makeApp();
    const payload = body([
      {
        disposition: 'form-data; name="note"',
        headers: ['Content-Type: application/octet-stream'],
        value: 'hi',
      },
    ]);
    const res = await app.testClient().post('/upload', { body: payload, contentType: MULTIPART });
    assert.deepEqual((res.json as Answer).fields, { note: 'hi' });
    assert.equal((res.json as Answer).files, 0);
  });
});

describe('multipart parts whose Content-Disposition cannot be parsed', () => {
  const cases: [string, string | null][] = [
    ['no Content-Disposition header', null],
    ['a disposition other than form-data', 'attachment; name="a"'],
    ['no name parameter', 'form-data; filename="a.txt"'],
    ['an unclosed quote', 'form-data; name="a'],
  ];
  for (const [what, disposition] of cases) {
    it(`answers 400 for a part with ${what}`, async () => {
      const app = makeApp();
      const payload = body([{ disposition, value: 'x' }]);
      const res = await app.testClient().post('/upload', { body: payload, contentType: MULTIPART });
      assert.equal(res.status, 400);
      assert.match(res.text, /Content-Disposition/);
    });
  }
});

describe('multipart hardening over real HTTP', () => {
  let server: RunningServer;
  before(async () => {
    const app = makeApp();
    app.config.MAX_FORM_PARTS = 1000;
    server = await app.listen({ port: 0 });
  });
  after(() => server.close());

  it('reads 1,000 one-byte file parts sent over a socket', async () => {
    const payload = oneByteFiles(1000);
    const answer = await rawExchange(
      server.port,
      `POST /upload HTTP/1.1\r\nHost: localhost\r\nContent-Type: ${MULTIPART}\r\nContent-Length: ${payload.length}\r\nConnection: close\r\n\r\n${payload}`,
    );
    assert.deepEqual(statusLines(answer), ['HTTP/1.1 200 OK']);
    assert.match(answer, /"files":1000,"bytes":1000/);
  });

  it('answers 400 to a part without a Content-Disposition', async () => {
    const payload = body([{ disposition: null, value: 'x' }]);
    const answer = await rawExchange(
      server.port,
      `POST /upload HTTP/1.1\r\nHost: localhost\r\nContent-Type: ${MULTIPART}\r\nContent-Length: ${payload.length}\r\nConnection: close\r\n\r\n${payload}`,
    );
    assert.deepEqual(statusLines(answer), ['HTTP/1.1 400 Bad Request']);
  });
});
