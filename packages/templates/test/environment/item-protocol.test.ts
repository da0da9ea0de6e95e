import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Environment } from '@flagon/templates';

class Lookup {
  __getitem__(key: unknown): unknown {
    return key === 'known' ? 'value' : undefined;
  }
}

describe('the __getitem__ item protocol', () => {
  it('calls __getitem__ of a class for obj[key]', () => {
    const out = new Environment()
      .fromString("{{ obj['known'] }}|{{ obj['other'] }}")
      .render({ obj: new Lookup() });
    assert.equal(out, 'value|');
  });

  it('ignores an own __getitem__ property of plain data', () => {
    const obj = { __getitem__: () => 'hijacked', known: 'own' };
    const out = new Environment().fromString("{{ obj['known'] }}").render({ obj });
    assert.equal(out, 'own');
  });
});
