import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  fieldList,
  form,
  formField,
  initForms,
  inputRequired,
  integerField,
  stringField,
} from '@flagon/forms';
import { Flagon, renderTemplateString } from 'flagon';

const noCsrf = { csrf: false } as const;
const Address = form({ city: stringField({ validators: [inputRequired()] }), zip: integerField() }, noCsrf);
const Person = form(
  {
    name: stringField(),
    address: formField(Address),
    phones: fieldList(stringField({ validators: [inputRequired()] }), { minEntries: 1, maxEntries: 3 }),
    homes: fieldList(formField(Address)),
  },
  noCsrf,
);

describe('formField', () => {
  it('reads nested inputs named <field>-<subfield> into nested data', async () => {
    const f = Person.create({
      formdata: { name: 'Ada', 'address-city': 'London', 'address-zip': '12', 'phones-0': '1' },
    });
    assert.equal(await f.validate(), true);
    assert.deepEqual(f.data.address, { city: 'London', zip: 12 });
  });

  it('reports nested errors under address-city', async () => {
    const f = Person.create({ formdata: { 'address-zip': 'x', 'phones-0': '1' } });
    assert.equal(await f.validate(), false);
    assert.deepEqual(f.errors, {
      'address-city': ['This field is required.'],
      'address-zip': ['Not a valid integer value.'],
    });
  });

  it('reads a nested JSON object', async () => {
    const f = Person.create({ formdata: { address: { city: 'Paris', zip: 75 }, phones: ['1'] } });
    assert.equal(await f.validate(), true);
    assert.deepEqual(f.data, { name: '', address: { city: 'Paris', zip: 75 }, phones: ['1'], homes: [] });
  });

  it('exposes the nested fields for rendering', () => {
    const f = Person.create({ data: { address: { city: 'Rome', zip: null } } });
    assert.equal(
      String(f.address.city()),
      '<input id="address-city" name="address-city" required type="text" value="Rome">',
    );
    assert.equal(f.address.form.data.city, 'Rome');
  });
});

const Lists = form(
  {
    phones: fieldList(stringField({ validators: [inputRequired()] }), { minEntries: 1, maxEntries: 3 }),
    homes: fieldList(formField(Address)),
  },
  noCsrf,
);

describe('fieldList', () => {
  it('reads entries whose indices have gaps, in order', async () => {
    const f = Lists.create({ formdata: { 'phones-5': 'c', 'phones-0': 'a', 'phones-2': 'b' } });
    assert.equal(await f.validate(), true);
    assert.deepEqual(f.data.phones, ['a', 'b', 'c']);
    assert.deepEqual(
      f.phones.entries.map((e) => e.name),
      ['phones-0', 'phones-2', 'phones-5'],
    );
  });

  it('reads lists of nested forms with gaps and reports their errors by full name', async () => {
    const f = Lists.create({
      formdata: { 'phones-0': '1', 'homes-3-city': 'Oslo', 'homes-1-city': '', 'homes-1-zip': '7' },
    });
    assert.equal(await f.validate(), false);
    assert.deepEqual(f.data.homes, [
      { city: '', zip: 7 },
      { city: 'Oslo', zip: null },
    ]);
    assert.deepEqual(f.errors, { 'homes-1-city': ['This field is required.'] });
  });

  it('adds blank entries up to minEntries when nothing was submitted', () => {
    const f = Lists.create();
    assert.equal(f.phones.entries.length, 1);
    assert.equal(
      String(f.phones.entries[0]?.()),
      '<input id="phones-0" name="phones-0" required type="text" value="">',
    );
  });

  it('refuses more entries than maxEntries', async () => {
    const f = Lists.create({
      formdata: { 'phones-0': 'a', 'phones-1': 'b', 'phones-2': 'c', 'phones-3': 'd' },
    });
    assert.equal(await f.validate(), false);
    assert.deepEqual(f.errors, { phones: ['At most 3 entries are allowed.'] });
  });

  it('reads a JSON array', async () => {
    const f = Lists.create({ formdata: { phones: ['1', '2'], homes: [{ city: 'Lima' }] } });
    assert.equal(await f.validate(), true);
    assert.deepEqual(f.data.phones, ['1', '2']);
    assert.deepEqual(f.data.homes, [{ city: 'Lima', zip: null }]);
  });

  it('appends and pops entries', () => {
    const f = Lists.create();
    f.phones.appendEntry('555');
    assert.deepEqual(f.data.phones, ['', '555']);
    f.phones.popEntry();
    assert.deepEqual(f.data.phones, ['']);
  });

  it('renders entries in a template through entries', async () => {
    const app = new Flagon('lists');
    initForms(app);
    app.get('/', () =>
      renderTemplateString('{% for e in form.phones.entries %}[{{ e.name }}={{ e.data }}]{% endfor %}', {
        form: Lists.create({ data: { phones: ['1', '2'] } }),
      }),
    );
    assert.equal((await app.testClient().get('/')).text, '[phones-0=1][phones-1=2]');
  });
});
