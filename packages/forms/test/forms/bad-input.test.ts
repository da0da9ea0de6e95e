import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  booleanField,
  fieldList,
  fileAllowed,
  fileField,
  fileRequired,
  fileSize,
  form,
  formField,
  inputRequired,
  integerField,
  length,
  multipleFileField,
  selectField,
  stringField,
} from '@flagon/forms';
import { Flagon } from 'flagon';

const Item = form(
  { label: stringField({ validators: [inputRequired()] }), qty: integerField() },
  { csrf: false },
);
const Upload = form(
  {
    title: stringField({ validators: [inputRequired(), length({ max: 100 })] }),
    count: integerField({ validators: [inputRequired()] }),
    agree: booleanField(),
    kind: selectField({ choices: ['a', 'b'] as const, validators: [inputRequired()] }),
    items: fieldList(formField(Item), { maxEntries: 5 }),
    cover: fileField({ validators: [fileAllowed(['png', 'jpg']), fileSize({ max: 1000 })] }),
  },
  { csrf: false },
);

function makeApp(): Flagon {
  const app = new Flagon('bad-input', { config: { SECRET_KEY: 'k', MAX_CONTENT_LENGTH: 64 * 1024 } });
  app.post('/upload', async () => {
    const f = await Upload.fromRequest();
    if (await f.validate()) return { ok: true };
    return [f.errors, 422];
  });
  return app;
}

const valid = { title: 'T', count: '1', kind: 'a' };

describe('bad input gives field errors, never a 500', () => {
  it('reports every missing field', async () => {
    const res = await makeApp().testClient().post('/upload', { data: {} });
    assert.equal(res.status, 422);
    assert.deepEqual(res.json, {
      title: ['This field is required.'],
      count: ['This field is required.'],
      kind: ['This field is required.'],
    });
  });

  it('reads JSON values of the wrong type as missing or invalid', async () => {
    const res = await makeApp()
      .testClient()
      .post('/upload', {
        json: { title: { nested: 'x' }, count: 'many', agree: [1, 2], kind: ['a'], items: 'none' },
      });
    assert.equal(res.status, 422);
    assert.deepEqual(res.json, {
      title: ['This field is required.'],
      count: ['Not a valid integer value.'],
    });
  });

  it('answers JSON that is not an object with the required-field errors', async () => {
    for (const body of [[1, 2], 42, null, 'text']) {
      const res = await makeApp().testClient().post('/upload', { json: body });
      assert.equal(res.status, 422, JSON.stringify(body));
    }
  });

  it('answers malformed JSON with 400', async () => {
    const res = await makeApp()
      .testClient()
      .post('/upload', { body: '{"title": ', contentType: 'application/json' });
    assert.equal(res.status, 400);
  });

  it('reports an oversized value through its length validator', async () => {
    const res = await makeApp()
      .testClient()
      .post('/upload', { data: { ...valid, title: 'x'.repeat(20_000) } });
    assert.deepEqual(res.json, { title: ['Field cannot be longer than 100 characters.'] });
  });

  it('answers a body past MAX_CONTENT_LENGTH with 413', async () => {
    const res = await makeApp()
      .testClient()
      .post('/upload', { data: { ...valid, title: 'x'.repeat(100_000) } });
    assert.equal(res.status, 413);
  });

  it('reports unknown choices and numbers out of range', async () => {
    const res = await makeApp()
      .testClient()
      .post('/upload', { data: { ...valid, kind: 'zzz', count: '1'.repeat(40) } });
    assert.deepEqual(res.json, { count: ['Not a valid integer value.'], kind: ['Not a valid choice.'] });
  });

  it('reports files over the size limit and with other extensions', async () => {
    const client = makeApp().testClient();
    const big = await client.post('/upload', {
      data: valid,
      files: { cover: { content: Buffer.alloc(2000), filename: 'a.png' } },
    });
    assert.deepEqual(big.json, { cover: ['File size must be between 0 and 1000 bytes.'] });
    const exe = await client.post('/upload', {
      data: valid,
      files: { cover: { content: Buffer.from('MZ'), filename: 'run.exe' } },
    });
    assert.deepEqual(exe.json, { cover: ['File does not have an approved extension: png, jpg'] });
  });

  it('checks every file of a multiple upload', async () => {
    const Photos = form(
      { photos: multipleFileField({ validators: [fileRequired(), fileAllowed(['jpg'])] }) },
      { csrf: false },
    );
    const app = new Flagon('photos');
    app.post('/photos', async () => {
      const f = await Photos.fromRequest();
      return (await f.validate()) ? { names: f.data.photos.map((p) => p.filename) } : [f.errors, 422];
    });
    const client = app.testClient();
    const two = [
      { content: Buffer.from('1'), filename: 'a.jpg' },
      { content: Buffer.from('2'), filename: 'b.jpg' },
    ];
    assert.deepEqual((await client.post('/photos', { files: { photos: two } })).json, {
      names: ['a.jpg', 'b.jpg'],
    });
    const mixed = [two[0] as (typeof two)[number], { content: Buffer.from('3'), filename: 'c.gif' }];
    assert.deepEqual((await client.post('/photos', { files: { photos: mixed } })).json, {
      photos: ['File does not have an approved extension: jpg'],
    });
    assert.deepEqual((await client.post('/photos', { data: { x: '1' } })).json, {
      photos: ['This field is required.'],
    });
  });

  it('accepts a valid upload', async () => {
    const res = await makeApp()
      .testClient()
      .post('/upload', { data: valid, files: { cover: { content: Buffer.from('png'), filename: 'a.PNG' } } });
    assert.deepEqual(res.json, { ok: true });
  });

  it('reads nested lists with gaps and huge indices, reporting the entry that is wrong', async () => {
    const res = await makeApp()
      .testClient()
      .post('/upload', {
        data: {
          ...valid,
          'items-999999999-label': 'last',
          'items-3-label': '',
          'items-3-qty': 'x',
          'items-0-qty': '2',
        },
      });
    assert.equal(res.status, 422);
    assert.deepEqual(res.json, {
      'items-0-label': ['This field is required.'],
      'items-3-label': ['This field is required.'],
      'items-3-qty': ['Not a valid integer value.'],
    });
  });

  it('refuses more list entries than maxEntries', async () => {
    const data: Record<string, string> = { ...valid };
    for (let i = 0; i < 50; i++) data[`items-${i}-label`] = 'x';
    const res = await makeApp().testClient().post('/upload', { data });
    assert.deepEqual(res.json, { items: ['At most 5 entries are allowed.'] });
  });

  it('ignores __proto__ keys in JSON bodies', async () => {
    const res = await makeApp().testClient().post('/upload', {
      body: '{"__proto__": {"polluted": 1}, "title": "T", "count": 1, "kind": "a"}',
      contentType: 'application/json',
    });
    assert.deepEqual(res.json, { ok: true });
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });
});
