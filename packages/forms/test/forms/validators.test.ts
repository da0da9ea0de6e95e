import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  anyOf,
  dataRequired,
  email,
  form,
  inputRequired,
  integerField,
  ipAddress,
  length,
  noneOf,
  optional,
  regexp,
  StopValidation,
  stringField,
  url,
  uuid,
  type Validator,
} from '@flagon/forms';

async function errorsFor(
  validators: readonly Validator<string>[],
  value: string | undefined,
): Promise<string[]> {
  const One = form({ v: stringField({ validators }) }, { csrf: false });
  const f = One.create({ formdata: value === undefined ? {} : { v: value } });
  await f.validate();
  return f.errors.v ?? [];
}

describe('required validators', () => {
  it('inputRequired accepts 0 where dataRequired refuses it', async () => {
    const Count = form(
      {
        a: integerField({ validators: [inputRequired()] }),
        b: integerField({ validators: [dataRequired()] }),
      },
      { csrf: false },
    );
    const f = Count.create({ formdata: { a: '0', b: '0' } });
    await f.validate();
    assert.deepEqual(f.errors, { b: ['This field is required.'] });
  });

  it('dataRequired refuses whitespace-only text', async () => {
    assert.deepEqual(await errorsFor([dataRequired()], '   '), ['This field is required.']);
  });

  it('stops the chain after a required failure', async () => {
    assert.deepEqual(await errorsFor([inputRequired(), length({ min: 3 })], ''), ['This field is required.']);
  });

  it('optional skips the other validators for a blank value', async () => {
    assert.deepEqual(await errorsFor([optional(), email()], ''), []);
    assert.deepEqual(await errorsFor([optional(), email()], 'nope'), ['Invalid email address.']);
  });
});

describe('format validators', () => {
  const cases: Array<[string, Validator<string>, string, string, string]> = [
    ['email', email(), 'ada@example.com', 'ada@', 'Invalid email address.'],
    ['url', url(), 'https://example.com/a?b', 'example.com', 'Invalid URL.'],
    ['ipAddress', ipAddress(), '192.168.0.1', '999.1.1.1', 'Invalid IP address.'],
    ['uuid', uuid(), '1b4e28ba-2fa1-11d2-883f-0016d3cca427', '1234', 'Invalid UUID.'],
    ['regexp', regexp(/[a-z]+/), 'abc1', '1abc', 'Invalid input.'],
    ['anyOf', anyOf(['x', 'y']), 'x', 'z', 'Invalid value, must be one of: x, y.'],
    ['noneOf', noneOf(['root']), 'ada', 'root', "Invalid value, can't be any of: root."],
    ['length', length({ min: 2, max: 3 }), 'ab', 'abcd', 'Field must be between 2 and 3 characters long.'],
  ];
  for (const [name, validator, good, bad, message] of cases) {
    it(`${name} accepts ${JSON.stringify(good)} and refuses ${JSON.stringify(bad)}`, async () => {
      assert.deepEqual(await errorsFor([validator], good), []);
      assert.deepEqual(await errorsFor([validator], bad), [message]);
    });
  }

  it('ipAddress accepts IPv6 only when asked', async () => {
    assert.deepEqual(await errorsFor([ipAddress()], '::1'), ['Invalid IP address.']);
    assert.deepEqual(await errorsFor([ipAddress({ ipv6: true })], '::1'), []);
  });

  it('length counts code points, as Python does', async () => {
    assert.deepEqual(await errorsFor([length({ max: 2 })], '😀😀'), []);
  });

  it('takes a custom message', async () => {
    assert.deepEqual(await errorsFor([email({ message: 'Bad mail.' })], 'x'), ['Bad mail.']);
  });
});

describe('custom validators', () => {
  it('may throw StopValidation to skip the rest', async () => {
    const stop: Validator<string> = () => {
      throw new StopValidation('Stopped.');
    };
    assert.deepEqual(await errorsFor([stop, length({ min: 10 })], 'x'), ['Stopped.']);
  });

  it('are given extra per call through validate(extra)', async () => {
    const One = form({ v: stringField() }, { csrf: false });
    const f = One.create({ formdata: { v: 'x' } });
    assert.equal(await f.validate({ v: [() => 'Nope.'] }), false);
    assert.deepEqual(f.errors, { v: ['Nope.'] });
  });
});
