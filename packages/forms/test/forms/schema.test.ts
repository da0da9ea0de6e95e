import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { form, integerField, type StandardSchemaV1, stringField } from '@flagon/forms';

/** A tiny hand-written Standard Schema v1 validator, as zod or valibot would provide. */
function trimmedEmail(): StandardSchemaV1<string, { address: string }> {
  return {
    '~standard': {
      version: 1,
      vendor: 'test',
      validate(value) {
        const text = typeof value === 'string' ? value.trim() : '';
        return text.includes('@')
          ? { value: { address: text.toLowerCase() } }
          : { issues: [{ message: 'Expected an email address.' }] };
      },
    },
  };
}

/** A whole-form schema checking that `min` is at most `max`, asynchronously. */
function ordered(): StandardSchemaV1<unknown, { min: number; max: number; span: number }> {
  return {
    '~standard': {
      version: 1,
      vendor: 'test',
      async validate(value) {
        const { min, max } = value as { min: number; max: number };
        if (min > max) return { issues: [{ message: 'Must not exceed max.', path: [{ key: 'min' }] }] };
        if (max - min > 100) return { issues: [{ message: 'The range is too wide.' }] };
        return { value: { min, max, span: max - min } };
      },
    },
  };
}

describe('Standard Schema validators', () => {
  it('a field schema turns the value into its output', async () => {
    const Contact = form({ email: stringField({ schema: trimmedEmail() }) }, { csrf: false });
    const f = Contact.create({ formdata: { email: '  Ada@Example.COM ' } });
    assert.equal(await f.validate(), true);
    assert.deepEqual(f.data.email, { address: 'ada@example.com' });
  });

  it('a field schema issue becomes the field error', async () => {
    const Contact = form({ email: stringField({ schema: trimmedEmail() }) }, { csrf: false });
    const f = Contact.create({ formdata: { email: 'nope' } });
    assert.equal(await f.validate(), false);
    assert.deepEqual(f.errors, { email: ['Expected an email address.'] });
  });

  it('a form schema validates the whole data and gives its output', async () => {
    const Range = form({ min: integerField(), max: integerField() }, { csrf: false, schema: ordered() });
    const f = Range.create({ formdata: { min: '1', max: '5' } });
    assert.equal(await f.validate(), true);
    assert.deepEqual(f.data, { min: 1, max: 5, span: 4 });
  });

  it('a form schema issue goes to the field its path names, or to formErrors', async () => {
    const Range = form({ min: integerField(), max: integerField() }, { csrf: false, schema: ordered() });
    const f = Range.create({ formdata: { min: '9', max: '5' } });
    assert.equal(await f.validate(), false);
    assert.deepEqual(f.errors, { min: ['Must not exceed max.'] });
    const wide = Range.create({ formdata: { min: '0', max: '500' } });
    assert.equal(await wide.validate(), false);
    assert.deepEqual(wide.formErrors, ['The range is too wide.']);
  });
});
