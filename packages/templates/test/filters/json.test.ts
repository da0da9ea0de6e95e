import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Markup } from '../../src/runtime/markup.ts';
import { FakeUndefined, filter, kw } from './fixtures.ts';

describe('tojson', () => {
  it('writes scalars as JSON and returns Markup', () => {
    const out = filter('tojson', null);
    assert.ok(out instanceof Markup);
    assert.deepEqual(
      [null, true, 1.5, 'x', 3, [], {}].map((v) => String(filter('tojson', v))),
      ['null', 'true', '1.5', '"x"', '3', '[]', '{}'],
    );
  });

  it('sorts keys and uses Python separators', () => {
    assert.equal(String(filter('tojson', { b: 1, a: [1, 2] })), '{"a": [1, 2], "b": 1}');
  });

  it('indents nested containers', () => {
    assert.equal(
      String(filter('tojson', { b: 1, a: [1, 2] }, [], kw({ indent: 2 }))),
      '{\n  "a": [\n    1,\n    2\n  ],\n  "b": 1\n}',
    );
  });

  it("escapes <>&' and non-ASCII so the output is safe in HTML", () => {
    assert.equal(
      String(filter('tojson', { a: "it's <&> é" })),
      '{"a": "it\\u0027s \\u003c\\u0026\\u003e \\u00e9"}',
    );
  });

  it('rejects undefined values and cycles', () => {
    assert.throws(() => filter('tojson', new FakeUndefined()), { name: 'TypeError' });
    const cyclic: unknown[] = [];
    cyclic.push(cyclic);
    assert.throws(() => filter('tojson', cyclic), { name: 'ValueError' });
  });
});

describe('pprint', () => {
  it("shows Python's repr with dict keys sorted", () => {
    assert.equal(filter('pprint', { b: 1, a: [1, 2] }), "{'a': [1, 2], 'b': 1}");
    assert.equal(filter('pprint', 42), '42');
    assert.equal(filter('pprint', [null, true, "it's"]), `[None, True, "it's"]`);
  });

  it('wraps structures wider than 80 columns one item a line, as pprint.pformat does', () => {
    const value = { names: Array.from({ length: 12 }, (_, i) => `name-${i}`), total: 12 };
    assert.equal(
      filter('pprint', value),
      "{'names': ['name-0',\n           'name-1',\n           'name-2',\n           'name-3',\n" +
        "           'name-4',\n           'name-5',\n           'name-6',\n           'name-7',\n" +
        "           'name-8',\n           'name-9',\n           'name-10',\n           'name-11'],\n 'total': 12}",
    );
  });
});
