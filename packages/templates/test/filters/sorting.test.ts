import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeUndefined, filter, kw, USERS } from './fixtures.ts';

const names = (items: unknown) => (items as { name: string }[]).map((u) => u.name).join(',');

describe('sort', () => {
  it('sorts numbers numerically and strings ignoring case', () => {
    assert.deepEqual(filter('sort', [10, 9, 100]), [9, 10, 100]);
    assert.deepEqual(filter('sort', ['b', 'A', 'c']), ['A', 'b', 'c']);
    assert.deepEqual(filter('sort', ['b', 'A', 'c'], [], kw({ case_sensitive: true })), ['A', 'b', 'c']);
    assert.deepEqual(filter('sort', ['b', 'a', 'B'], [], kw({ case_sensitive: true })), ['B', 'a', 'b']);
  });

  it('sorts in reverse, keeping equal items in their original order', () => {
    assert.deepEqual(filter('sort', [3, 1, 2], [], kw({ reverse: true })), [3, 2, 1]);
    assert.equal(
      names(filter('sort', USERS, [], kw({ attribute: 'age', reverse: true }))),
      'ann,cid,bob,dee',
    );
  });

  it('sorts by dotted attributes and by several comma-separated ones', () => {
    assert.equal(names(filter('sort', USERS, [], kw({ attribute: 'info.id' }))), 'bob,cid,ann,dee');
    assert.equal(names(filter('sort', USERS, [], kw({ attribute: 'age,name' }))), 'dee,bob,ann,cid');
    const cities = filter('sort', USERS, [], kw({ attribute: 'city' })) as { city: string }[];
    assert.deepEqual(
      cities.map((u) => u.city),
      ['Oslo', 'Paris', 'paris', 'Rome'],
    );
  });

  it('does not change the input and rejects mixed types', () => {
    const source = [2, 1];
    filter('sort', source);
    assert.deepEqual(source, [2, 1]);
    assert.throws(() => filter('sort', [1, 'a']), { name: 'TypeError' });
  });
});

describe('dictsort', () => {
  const d = { b: 2, B: 1, a: 3 };

  it('sorts pairs by key ignoring case, or by value', () => {
    assert.deepEqual(filter('dictsort', d), [
      ['a', 3],
      ['b', 2],
      ['B', 1],
    ]);
    assert.deepEqual(filter('dictsort', d, [], kw({ by: 'value' })), [
      ['B', 1],
      ['b', 2],
      ['a', 3],
    ]);
  });

  it('reverses and rejects other sort keys', () => {
    assert.deepEqual(
      (filter('dictsort', d, [false, 'value', true]) as unknown[][]).map((p) => p[1]),
      [3, 2, 1],
    );
    assert.throws(() => filter('dictsort', d, [false, 'other']), { name: 'FilterArgumentError' });
  });
});

describe('unique', () => {
  it('drops duplicates keeping the first, ignoring case unless told', () => {
    assert.deepEqual(filter('unique', [3, 1, 3, 2, 1]), [3, 1, 2]);
    assert.deepEqual(filter('unique', ['a', 'A', 'b']), ['a', 'b']);
    assert.deepEqual(filter('unique', ['a', 'A', 'b'], [], kw({ case_sensitive: true })), ['a', 'A', 'b']);
  });

  it('compares an attribute of each item', () => {
    assert.equal(names(filter('unique', USERS, [], kw({ attribute: 'age' }))), 'ann,bob,dee');
    assert.equal(names(filter('unique', USERS, [], kw({ attribute: 'city' }))), 'ann,bob,dee');
  });
});

describe('min and max', () => {
  it('pick the smallest and largest, ignoring case unless told', () => {
    assert.equal(filter('min', [3, 7, 1]), 1);
    assert.equal(filter('max', [1.5, -2, 1.25]), 1.5);
    assert.equal(filter('min', 'hello'), 'e');
    assert.equal(filter('max', ['b', 'C', 'a']), 'C');
    assert.equal(filter('max', ['b', 'C', 'a'], [], kw({ case_sensitive: true })), 'b');
  });

  it('compare an attribute and give Undefined for an empty sequence', () => {
    assert.equal((filter('max', USERS, [], kw({ attribute: 'age' })) as { name: string }).name, 'ann');
    assert.ok(filter('min', []) instanceof FakeUndefined);
  });
});

describe('groupby', () => {
  const rows = [{ c: 'b' }, { c: 'a' }, { c: 'A' }];

  it('groups sorted items, exposing grouper/list and unpacking as a pair', () => {
    const groups = filter('groupby', USERS, ['age']) as unknown as { grouper: number; list: unknown[] }[];
    assert.deepEqual(
      groups.map((g) => [g.grouper, names(g.list)]),
      [
        [19, 'dee'],
        [25, 'bob'],
        [31, 'ann,cid'],
      ],
    );
    const [key, list] = groups[0] as unknown as [number, unknown[]];
    assert.equal(key, 19);
    assert.equal(list.length, 1);
  });

  it('groups case-insensitively, showing the first item key, unless case_sensitive', () => {
    const insensitive = filter('groupby', rows, ['c']) as unknown as [string, unknown[]][];
    assert.deepEqual(
      insensitive.map(([k, items]) => `${k}:${items.length}`),
      ['a:2', 'b:1'],
    );
    const sensitive = filter('groupby', rows, ['c'], kw({ case_sensitive: true })) as unknown as [
      string,
      unknown[],
    ][];
    assert.deepEqual(
      sensitive.map(([k, items]) => `${k}:${items.length}`),
      ['A:1', 'a:1', 'b:1'],
    );
  });

  it('groups by index and puts missing keys under the default', () => {
    const pairs = filter(
      'groupby',
      [
        ['x', 1],
        ['y', 2],
        ['x', 3],
      ],
      [0],
    ) as unknown as [string, unknown[]][];
    assert.deepEqual(
      pairs.map(([k, items]) => [k, items.length]),
      [
        ['x', 2],
        ['y', 1],
      ],
    );
    const withDefault = filter('groupby', [{ city: 'A' }, {}, { city: 'A' }], ['city'], kw({ default: '?' }));
    assert.deepEqual(
      (withDefault as unknown as [string, unknown[]][]).map(([k, items]) => `${k}${items.length}`),
      ['?1', 'A2'],
    );
  });
});
