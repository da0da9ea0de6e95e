import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  dateField,
  dateTimeLocalField,
  decimalField,
  emailField,
  floatField,
  form,
  hiddenField,
  integerField,
  numberRange,
  radioField,
  searchField,
  selectField,
  selectMultipleField,
  submitField,
  telField,
  timeField,
  urlField,
} from '@flagon/forms';
import { MultiDict } from 'flagon';

const noCsrf = { csrf: false } as const;

describe('number fields', () => {
  const Numbers = form({ i: integerField(), d: decimalField({ places: 1 }), f: floatField() }, noCsrf);

  it('converts submitted text to numbers', async () => {
    const f = Numbers.create({ formdata: { i: '-42', d: '3.25', f: '1e3' } });
    assert.equal(await f.validate(), true);
    assert.deepEqual(f.data, { i: -42, d: 3.25, f: 1000 });
  });

  it('gives null for blank input and keeps 0 as a value', async () => {
    const f = Numbers.create({ formdata: { i: '0', d: '', f: ' ' } });
    assert.equal(await f.validate(), true);
    assert.deepEqual(f.data, { i: 0, d: null, f: null });
  });

  it('reports text that is not a number with WTForms messages', async () => {
    const f = Numbers.create({ formdata: { i: '12abc', d: '1e5', f: 'NaN' } });
    assert.equal(await f.validate(), false);
    assert.deepEqual(f.errors, {
      i: ['Not a valid integer value.'],
      d: ['Not a valid decimal value.'],
      f: ['Not a valid float value.'],
    });
  });

  it('refuses integers past the safe range instead of rounding them', async () => {
    const f = Numbers.create({ formdata: { i: '9007199254740993' } });
    await f.validate();
    assert.deepEqual(f.errors, { i: ['Not a valid integer value.'] });
  });

  it('renders decimals with their places and number flags as min/max', () => {
    const Ranged = form({ n: integerField({ validators: [numberRange({ min: 1, max: 5 })] }) }, noCsrf);
    assert.equal(
      String(Ranged.create().n()),
      '<input id="n" max="5" min="1" name="n" type="number" value="">',
    );
    assert.equal(
      String(Numbers.create({ data: { d: 2 } }).d()),
      '<input id="d" name="d" step="any" type="number" value="2.0">',
    );
  });

  it('checks numberRange with its message', async () => {
    const Ranged = form({ n: integerField({ validators: [numberRange({ min: 1, max: 5 })] }) }, noCsrf);
    const f = Ranged.create({ formdata: { n: '9' } });
    await f.validate();
    assert.deepEqual(f.errors, { n: ['Number must be between 1 and 5.'] });
  });
});

describe('choice fields', () => {
  const Choices = form(
    {
      size: selectField({
        choices: [
          [1, 'Small'],
          [2, 'Large'],
        ] as const,
      }),
      color: radioField({ choices: ['red', 'blue'] as const }),
      tags: selectMultipleField({
        choices: [
          { value: 'a', label: 'A' },
          { value: 'b', label: 'B' },
        ],
      }),
    },
    noCsrf,
  );

  it('maps submitted text back to the choice values, numbers included', async () => {
    const formdata = new MultiDict([
      ['size', '2'],
      ['color', 'blue'],
      ['tags', 'a'],
      ['tags', 'b'],
    ]);
    const f = Choices.create({ formdata });
    assert.equal(await f.validate(), true);
    assert.deepEqual(f.data, { size: 2, color: 'blue', tags: ['a', 'b'] });
  });

  it('refuses values that were not offered', async () => {
    const formdata = new MultiDict([
      ['size', '3'],
      ['color', 'green'],
      ['tags', 'a'],
      ['tags', 'zzz'],
    ]);
    const f = Choices.create({ formdata });
    assert.equal(await f.validate(), false);
    assert.deepEqual(f.errors, {
      size: ['Not a valid choice.'],
      color: ['Not a valid choice.'],
      tags: ["'zzz' is not a valid choice for this field."],
    });
  });

  it('renders the selected option and checked radio', () => {
    const f = Choices.create({ data: { size: 1, color: 'red', tags: ['b'] } });
    assert.equal(
      String(f.size()),
      '<select id="size" name="size"><option selected value="1">Small</option><option value="2">Large</option></select>',
    );
    assert.match(String(f.color()), /<input checked id="color-0" name="color" type="radio" value="red">/);
    assert.match(
      String(f.tags()),
      /<select id="tags" multiple name="tags">.*<option selected value="b">B<\/option>/,
    );
  });

  it('reads choices from a function when the form is bound', async () => {
    let options = ['x'];
    const Dynamic = form({ pick: selectField({ choices: () => options }) }, noCsrf);
    options = ['x', 'y'];
    const f = Dynamic.create({ formdata: { pick: 'y' } });
    assert.equal(await f.validate(), true);
    assert.equal(f.data.pick, 'y');
  });
});

describe('dates and times', () => {
  const When = form({ day: dateField(), at: dateTimeLocalField(), time: timeField() }, noCsrf);

  it('parses HTML date, datetime-local and time values', async () => {
    const f = When.create({ formdata: { day: '2024-02-29', at: '2024-03-01T09:30', time: '23:59' } });
    assert.equal(await f.validate(), true);
    assert.equal(f.data.day?.toISOString(), '2024-02-29T00:00:00.000Z');
    assert.equal(f.data.at?.toISOString(), '2024-03-01T09:30:00.000Z');
    assert.equal(f.data.time, '23:59');
  });

  it('refuses impossible dates and times', async () => {
    const f = When.create({ formdata: { day: '2023-02-29', at: 'tomorrow', time: '24:00' } });
    await f.validate();
    assert.deepEqual(f.errors, {
      day: ['Not a valid date value.'],
      at: ['Not a valid datetime value.'],
      time: ['Not a valid time value.'],
    });
  });

  it('renders dates in the format the browser expects', () => {
    const f = When.create({
      data: { day: new Date(Date.UTC(2024, 0, 5)), at: new Date(Date.UTC(2024, 0, 5, 8, 7)) },
    });
    assert.equal(String(f.day()), '<input id="day" name="day" type="date" value="2024-01-05">');
    assert.equal(String(f.at()), '<input id="at" name="at" type="datetime-local" value="2024-01-05T08:07">');
  });
});

describe('input types', () => {
  it('renders email, url, tel, search, hidden and submit inputs', () => {
    const Kinds = form(
      {
        e: emailField(),
        u: urlField(),
        t: telField(),
        s: searchField(),
        h: hiddenField({ default: 'v' }),
        go: submitField({ label: 'Send' }),
      },
      noCsrf,
    );
    const f = Kinds.create();
    assert.equal(String(f.e()), '<input id="e" name="e" type="email" value="">');
    assert.equal(String(f.u()), '<input id="u" name="u" type="url" value="">');
    assert.equal(String(f.t()), '<input id="t" name="t" type="tel" value="">');
    assert.equal(String(f.s()), '<input id="s" name="s" type="search" value="">');
    assert.equal(String(f.hiddenTag()), '<input id="h" name="h" type="hidden" value="v">');
    assert.equal(String(f.go()), '<input id="go" name="go" type="submit" value="Send">');
  });

  it('says which submit button was pressed', () => {
    const Buttons = form({ save: submitField(), remove: submitField() }, noCsrf);
    const f = Buttons.create({ formdata: { remove: 'Remove' } });
    assert.deepEqual(f.data, { save: false, remove: true });
  });
});
