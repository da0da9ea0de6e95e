import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable, Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { BadRequest, RequestEntityTooLarge } from '../../src/http/exceptions.ts';
import { FileStorage } from '../../src/wrappers/file-storage.ts';
import { type FormParserOptions, parseFormData } from '../../src/wrappers/form-parser.ts';

const BOUNDARY = '----FlagonBoundary7MA4YWxkTrZu0gW';
const MULTIPART = `multipart/form-data; boundary=${BOUNDARY}`;
const URLENCODED = 'application/x-www-form-urlencoded';

type Part = { headers: string[]; body: string | Buffer };

function field(name: string, value: string): Part {
  return { headers: [`Content-Disposition: form-data; name="${name}"`], body: value };
}

function file(
  name: string,
  filename: string,
  body: string | Buffer,
  contentType = 'application/octet-stream',
): Part {
  return {
    headers: [
      `Content-Disposition: form-data; name="${name}"; filename="${filename}"`,
      `Content-Type: ${contentType}`,
    ],
    body,
  };
}

function multipart(parts: Part[], { end = true } = {}): Buffer {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    chunks.push(Buffer.from(`--${BOUNDARY}\r\n${part.headers.join('\r\n')}\r\n\r\n`, 'latin1'));
    chunks.push(Buffer.from(part.body));
    chunks.push(Buffer.from('\r\n'));
  }
  if (end) chunks.push(Buffer.from(`--${BOUNDARY}--\r\n`));
  return Buffer.concat(chunks);
}

/** A body split into small chunks, as a socket delivers it. */
function source(body: Buffer | string, chunkSize = 1024): Readable {
  const data = Buffer.from(body);
  const chunks: Buffer[] = [];
  for (let i = 0; i < data.length; i += chunkSize) chunks.push(data.subarray(i, i + chunkSize));
  return Readable.from(chunks);
}

/** An endless body: `head`, then `filler` forever. Counts how many chunks were pulled. */
function endless(head: string, filler = 'a'.repeat(16 * 1024)): Readable & { pulls: number } {
  let first = true;
  const stream = new Readable({
    read() {
      stream.pulls += 1;
      this.push(first ? head : filler);
      first = false;
    },
  }) as Readable & { pulls: number };
  stream.pulls = 0;
  return stream;
}

let tempDir = '';
const options = (extra: Partial<FormParserOptions> = {}): FormParserOptions => ({
  contentLength: null,
  maxContentLength: null,
  maxFormMemorySize: 500 * 1024,
  maxFormParts: 1000,
  tempDir,
  ...extra,
});

before(async () => {
  tempDir = await mkdtemp(join(tmpdir(), 'flagon-form-test-'));
});

after(async () => {
  await rm(tempDir, { recursive: true, force: true });
});

describe('urlencoded forms', () => {
  it('parses fields', async () => {
    const { form, files } = await parseFormData(source('a=1&b=x+y&a=%C3%A9'), URLENCODED, options());
    assert.deepEqual(form.getAll('a'), ['1', 'é']);
    assert.equal(form.get('b'), 'x y');
    assert.equal(files.size, 0);
  });

  it('accepts string chunks', async () => {
    const { form } = await parseFormData(Readable.from(['a=1', '&b=2']), URLENCODED, options());
    assert.equal(form.get('b'), '2');
  });

  it('keeps __proto__ keys as plain fields', async () => {
    const { form } = await parseFormData(source('__proto__=x&constructor=y'), URLENCODED, options());
    assert.equal(form.get('__proto__'), 'x');
    assert.equal(form.get('constructor'), 'y');
  });

  it('decodes a declared charset', async () => {
    const { form } = await parseFormData(
      source('name=%E9t%E9'),
      URLENCODED,
      options({ charset: 'iso-8859-1' }),
    );
    assert.equal(form.get('name'), 'été');
  });

  it('rejects a declared length above MAX_FORM_MEMORY_SIZE without reading', async () => {
    const stream = source('a=1');
    await assert.rejects(
      parseFormData(stream, URLENCODED, options({ contentLength: 2000, maxFormMemorySize: 1000 })),
      RequestEntityTooLarge,
    );
    assert.equal(stream.readableFlowing, null);
  });

  it('stops reading a body that grows past MAX_FORM_MEMORY_SIZE', async () => {
    const stream = endless('a=');
    await assert.rejects(
      parseFormData(stream, URLENCODED, options({ maxFormMemorySize: 100_000 })),
      /MAX_FORM_MEMORY_SIZE/,
    );
    assert.ok(stream.pulls < 20, `read ${stream.pulls} chunks`);
    stream.destroy();
  });

  it('stops reading a body that grows past MAX_CONTENT_LENGTH', async () => {
    const stream = endless('a=');
    await assert.rejects(
      parseFormData(stream, URLENCODED, options({ maxContentLength: 50_000, maxFormMemorySize: null })),
      /MAX_CONTENT_LENGTH/,
    );
    assert.ok(stream.pulls < 20, `read ${stream.pulls} chunks`);
    stream.destroy();
  });

  it('falls back to UTF-8 for a charset it does not know', async () => {
    const { form } = await parseFormData(source('a=%C3%A9'), URLENCODED, options({ charset: 'x-made-up' }));
    assert.equal(form.get('a'), 'é');
  });

  it('rejects more fields than MAX_FORM_PARTS', async () => {
    const body = Array.from({ length: 10_001 }, (_, i) => `f${i}=1`).join('&');
    await assert.rejects(
      parseFormData(source(body), URLENCODED, options({ maxFormParts: 10_000 })),
      /MAX_FORM_PARTS/,
    );
  });
});

describe('multipart fields and files', () => {
  it('parses fields and small files kept in memory', async () => {
    const body = multipart([
      field('title', 'Hello'),
      file('doc', 'a.txt', 'file body', 'text/plain'),
      field('title', 'Again'),
    ]);
    const { form, files, cleanup } = await parseFormData(source(body, 7), MULTIPART, options());
    assert.deepEqual(form.getAll('title'), ['Hello', 'Again']);
    const doc = files.get('doc');
    assert.ok(doc instanceof FileStorage);
    assert.equal(doc.name, 'doc');
    assert.equal(doc.filename, 'a.txt');
    assert.equal(doc.contentType, 'text/plain');
    assert.equal(doc.mimetype, 'text/plain');
    assert.equal(doc.size, 9);
    assert.equal(doc.tempPath, null);
    assert.equal(await doc.text(), 'file body');
    await cleanup();
  });

  it('keeps several files of one field in order', async () => {
    const big = Buffer.alloc(4000, 1);
    const body = multipart([
      file('f', 'one.bin', big),
      file('f', 'two.bin', 'small'),
      file('f', 'three.bin', big),
    ]);
    const { files, cleanup } = await parseFormData(
      source(body),
      MULTIPART,
      options({ spoolThreshold: 1000 }),
    );
    assert.deepEqual(
      files.getAll('f').map((f) => f.filename),
      ['one.bin', 'two.bin', 'three.bin'],
    );
    await cleanup();
  });

  it('keeps binary file content intact', async () => {
    const bytes = Buffer.from(Array.from({ length: 1024 }, (_, i) => i % 256));
    const { files } = await parseFormData(
      source(multipart([file('f', 'b.bin', bytes)]), 100),
      MULTIPART,
      options(),
    );
    assert.deepEqual(await files.get('f')!.bytes(), bytes);
  });

  it('keeps the file name exactly as sent', async () => {
    const body = multipart([file('f', '../../etc/passwd', 'x'), file('g', 'C:\\dir\\x.txt', 'y')]);
    const { files } = await parseFormData(source(body), MULTIPART, options());
    assert.equal(files.get('f')!.filename, '../../etc/passwd');
    assert.equal(files.get('g')!.filename, 'C:\\dir\\x.txt');
  });

  it('decodes an RFC 2231 filename*', async () => {
    const part: Part = {
      headers: [`Content-Disposition: form-data; name="f"; filename*=UTF-8''%E2%82%AC%20rates.txt`],
      body: 'x',
    };
    const { files } = await parseFormData(source(multipart([part])), MULTIPART, options());
    assert.equal(files.get('f')!.filename, '€ rates.txt');
  });

  it('reads a raw UTF-8 filename as browsers send it', async () => {
    const part: Part = {
      headers: [
        Buffer.from('Content-Disposition: form-data; name="f"; filename="日本.txt"').toString('latin1'),
      ],
      body: 'x',
    };
    const { files } = await parseFormData(source(multipart([part])), MULTIPART, options());
    assert.equal(files.get('f')!.filename, '日本.txt');
  });

  it("gives an empty file input, sent as octet-stream, the filename ''", async () => {
    const part: Part = {
      headers: [
        'Content-Disposition: form-data; name="upload"; filename=""',
        'Content-Type: application/octet-stream',
      ],
      body: '',
    };
    const { form, files } = await parseFormData(source(multipart([part])), MULTIPART, options());
    assert.equal(files.get('upload')?.filename, '');
    assert.equal(files.get('upload')?.size, 0);
    assert.equal(form.size, 0);
  });

  it('keeps __proto__ field and file names as plain keys', async () => {
    const body = multipart([field('__proto__', 'x'), file('constructor', 'c.txt', 'y')]);
    const { form, files } = await parseFormData(source(body), MULTIPART, options());
    assert.equal(form.get('__proto__'), 'x');
    assert.equal(files.get('constructor')!.filename, 'c.txt');
  });
});

describe('spooling large uploads to disk', () => {
  it('writes a file above the threshold to a temp file that cleanup removes', async () => {
    const content = Buffer.alloc(300_000, 'z');
    const body = multipart([file('big', 'big.bin', content)]);
    const { files, cleanup } = await parseFormData(
      source(body, 64 * 1024),
      MULTIPART,
      options({ spoolThreshold: 100_000 }),
    );
    const big = files.get('big')!;
    assert.equal(big.size, 300_000);
    assert.ok(big.tempPath !== null && existsSync(big.tempPath));
    assert.deepEqual(await big.bytes(), content);
    await cleanup();
    assert.equal(existsSync(big.tempPath), false);
    assert.deepEqual(await readdir(tempDir), []);
  });

  it('gives a fresh stream on each access', async () => {
    const body = multipart([file('f', 'f.txt', 'x'.repeat(5000))]);
    const { files, cleanup } = await parseFormData(
      source(body),
      MULTIPART,
      options({ spoolThreshold: 1000 }),
    );
    const f = files.get('f')!;
    for (let i = 0; i < 2; i += 1) {
      let length = 0;
      for await (const chunk of f.stream) length += (chunk as Buffer).length;
      assert.equal(length, 5000);
    }
    await cleanup();
  });

  it('saves to a path and into a writable stream', async () => {
    const body = multipart([file('mem', 'm.txt', 'memory'), file('disk', 'd.txt', 'd'.repeat(5000))]);
    const { files, cleanup } = await parseFormData(
      source(body),
      MULTIPART,
      options({ spoolThreshold: 1000 }),
    );
    for (const name of ['mem', 'disk']) {
      const target = join(tempDir, `saved-${name}`);
      await files.get(name)!.save(target);
      assert.deepEqual(await readFile(target), await files.get(name)!.bytes());
      await rm(target);
    }
    const chunks: Buffer[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        chunks.push(chunk);
        callback();
      },
    });
    await files.get('disk')!.save(sink);
    assert.equal(Buffer.concat(chunks).toString(), 'd'.repeat(5000));
    await cleanup();
    assert.deepEqual(await readdir(tempDir), []);
  });

  it('removes temp files itself when parsing fails', async () => {
    const body = multipart([file('big', 'big.bin', Buffer.alloc(50_000, 1))], { end: false });
    await assert.rejects(
      parseFormData(source(body.subarray(0, body.length - 10)), MULTIPART, options({ spoolThreshold: 1000 })),
      BadRequest,
    );
    assert.deepEqual(await readdir(tempDir), []);
  });
});

describe('multipart limits', () => {
  it('rejects a declared length above MAX_CONTENT_LENGTH without reading', async () => {
    const stream = source(multipart([field('a', 'b')]));
    await assert.rejects(
      parseFormData(stream, MULTIPART, options({ contentLength: 10_000, maxContentLength: 1000 })),
      /MAX_CONTENT_LENGTH/,
    );
    assert.equal(stream.readableFlowing, null);
  });

  it('stops reading a body that grows past MAX_CONTENT_LENGTH', async () => {
    const stream = endless(
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="f"; filename="f.bin"\r\n\r\n`,
    );
    await assert.rejects(
      parseFormData(stream, MULTIPART, options({ maxContentLength: 200_000, spoolThreshold: 10_000 })),
      RequestEntityTooLarge,
    );
    assert.ok(stream.pulls < 30, `read ${stream.pulls} chunks`);
    assert.deepEqual(await readdir(tempDir), []);
    stream.destroy();
  });

  it('rejects a field larger than MAX_FORM_MEMORY_SIZE', async () => {
    const body = multipart([field('a', 'x'.repeat(1001))]);
    await assert.rejects(
      parseFormData(source(body), MULTIPART, options({ maxFormMemorySize: 1000 })),
      /MAX_FORM_MEMORY_SIZE/,
    );
  });

  it('accepts a field of exactly MAX_FORM_MEMORY_SIZE', async () => {
    const body = multipart([field('a', 'x'.repeat(1000))]);
    const { form } = await parseFormData(source(body), MULTIPART, options({ maxFormMemorySize: 1000 }));
    assert.equal(form.get('a')?.length, 1000);
  });

  it('does not apply MAX_FORM_MEMORY_SIZE to files', async () => {
    const body = multipart([file('f', 'f.bin', Buffer.alloc(5000))]);
    const { files, cleanup } = await parseFormData(
      source(body),
      MULTIPART,
      options({ maxFormMemorySize: 1000 }),
    );
    assert.equal(files.get('f')!.size, 5000);
    await cleanup();
  });

  it('stops reading a field that never ends once it passes MAX_FORM_MEMORY_SIZE', async () => {
    const stream = endless(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="a"\r\n\r\n`);
    await assert.rejects(
      parseFormData(stream, MULTIPART, options({ maxFormMemorySize: 1000 })),
      /MAX_FORM_MEMORY_SIZE/,
    );
    assert.ok(stream.pulls < 20, `read ${stream.pulls} chunks`);
    stream.destroy();
  });

  it('accepts exactly MAX_FORM_PARTS parts', async () => {
    const body = multipart([field('a', '1'), file('b', 'b.txt', '2'), field('c', '3')]);
    const { form, files } = await parseFormData(source(body), MULTIPART, options({ maxFormParts: 3 }));
    assert.equal(form.size + files.size, 3);
  });

  it('rejects more parts than MAX_FORM_PARTS', async () => {
    const body = multipart(Array.from({ length: 5000 }, (_, i) => field(`f${i}`, 'v')));
    await assert.rejects(
      parseFormData(source(body, 64 * 1024), MULTIPART, options({ maxFormParts: 1000 })),
      /MAX_FORM_PARTS/,
    );
  });
});

describe('malformed multipart bodies', () => {
  it('rejects a content type without a boundary', async () => {
    await assert.rejects(
      parseFormData(source('x'), 'multipart/form-data', options()),
      (e: unknown) => e instanceof BadRequest && /boundary/.test(e.description),
    );
  });

  it('rejects a truncated body', async () => {
    const body = multipart([field('a', 'b')], { end: false });
    await assert.rejects(parseFormData(source(body), MULTIPART, options()), /Unexpected end of form/);
  });

  it('rejects a body cut off inside a file', async () => {
    const body = multipart([file('f', 'f.txt', 'x'.repeat(100))]);
    await assert.rejects(parseFormData(source(body.subarray(0, 150)), MULTIPART, options()), BadRequest);
  });

  it('rejects a body with no boundary line at all', async () => {
    await assert.rejects(parseFormData(source('just some text'), MULTIPART, options()), BadRequest);
  });

  it('rejects an empty body', async () => {
    await assert.rejects(parseFormData(Readable.from([]), MULTIPART, options()), BadRequest);
  });

  it('rejects a field in a charset it cannot decode', async () => {
    const part: Part = {
      headers: ['Content-Disposition: form-data; name="a"', 'Content-Type: text/plain; charset=x-made-up'],
      body: 'value',
    };
    await assert.rejects(parseFormData(source(multipart([part])), MULTIPART, options()), /cannot decode/);
  });

  it('decodes a field in a declared Latin-1 charset', async () => {
    const part: Part = {
      headers: ['Content-Disposition: form-data; name="a"', 'Content-Type: text/plain; charset=iso-8859-1'],
      body: Buffer.from('été', 'latin1'),
    };
    const { form } = await parseFormData(source(multipart([part])), MULTIPART, options());
    assert.equal(form.get('a'), 'été');
  });

  it('rejects a part whose headers never end', async () => {
    const body = `--${BOUNDARY}\r\nContent-Disposition: form-data; name="a"\r\n${'X-Pad: y\r\n'.repeat(3000)}`;
    await assert.rejects(parseFormData(source(body), MULTIPART, options()), BadRequest);
  });
});

describe('clients that go away', () => {
  it('rejects with BadRequest when the source closes early', async () => {
    const stream = new PassThrough();
    const parsing = parseFormData(stream, MULTIPART, options());
    stream.write(multipart([field('a', 'b')], { end: false }));
    setImmediate(() => stream.destroy());
    await assert.rejects(parsing, /closed the connection/);
  });

  it('rejects with BadRequest carrying the cause when the source errors', async () => {
    const stream = new PassThrough();
    const parsing = parseFormData(stream, URLENCODED, options());
    stream.write('a=1');
    const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    setImmediate(() => stream.destroy(reset));
    await assert.rejects(parsing, (e: unknown) => e instanceof BadRequest && e.cause === reset);
  });

  it('removes spooled files when the client goes away mid-upload', async () => {
    const stream = new PassThrough();
    const parsing = parseFormData(stream, MULTIPART, options({ spoolThreshold: 1000 }));
    stream.write(multipart([file('f', 'f.bin', Buffer.alloc(20_000))], { end: false }).subarray(0, 10_000));
    setTimeout(() => stream.destroy(), 20);
    await assert.rejects(parsing, BadRequest);
    assert.deepEqual(await readdir(tempDir), []);
  });

  it('handles a source that has already ended', async () => {
    const stream = Readable.from(['a=1']);
    for await (const _ of stream) {
      // drain it
    }
    const { form } = await parseFormData(stream, URLENCODED, options());
    assert.equal(form.size, 0);
  });
});

describe('other content types', () => {
  it('returns an empty result without reading the body', async () => {
    const stream = source('{"a": 1}');
    const { form, files, cleanup } = await parseFormData(stream, 'application/json', options());
    assert.equal(form.size, 0);
    assert.equal(files.size, 0);
    assert.equal(stream.readableFlowing, null);
    await cleanup();
  });
});

describe('FileStorage', () => {
  it('can be built from data for tests', async () => {
    const f = new FileStorage({
      name: 'f',
      filename: 'a.txt',
      data: 'hi',
      contentType: 'text/plain; charset=utf-8',
    });
    assert.equal(f.size, 2);
    assert.equal(f.mimetype, 'text/plain');
    assert.equal(f.mimetypeParams.charset, 'utf-8');
    assert.equal(await f.text(), 'hi');
  });

  it('defaults to a null contentType, an empty mimetype and a null filename, as Werkzeug', () => {
    const f = new FileStorage({ name: 'f', data: Buffer.alloc(0) });
    assert.equal(f.contentType, null);
    assert.equal(f.mimetype, '');
    assert.equal(f.filename, null);
  });
});

describe('multipart bodies split at any byte', () => {
  const body = multipart([
    field('a', 'first\r\n--not-a-boundary'),
    file('f', 'f.txt', Buffer.from(`\r\n--\r\n-${BOUNDARY.slice(0, 10)}`)),
    field('b', ''),
    file('g', 'g.bin', Buffer.alloc(3000, 7)),
  ]);

  for (const size of [1, 2, 3, 5, 7, 13, 64, 4096]) {
    it(`reads the same parts from ${size}-byte chunks, spooling the large file`, async () => {
      const parsed = await parseFormData(source(body, size), MULTIPART, options({ spoolThreshold: 1000 }));
      const { form, files } = parsed;
      assert.notEqual(files.get('g')!.tempPath, null);
      assert.deepEqual(
        [...form],
        [
          ['a', 'first\r\n--not-a-boundary'],
          ['b', ''],
        ],
      );
      assert.equal(await files.get('f')!.text(), `\r\n--\r\n-${BOUNDARY.slice(0, 10)}`);
      assert.deepEqual(await files.get('g')!.bytes(), Buffer.alloc(3000, 7));
      await parsed.cleanup();
    });
  }
});
