import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TaggedJSONSerializer, TaggedMarkup, taggedJson } from '../../src/sessions/tagged-json.ts';

const roundTrip = (value: unknown) => taggedJson.loads(taggedJson.dumps(value));

/** A plain-prototype deep copy, so results from null-prototype objects compare with literals. */
const plain = (value: unknown) =>
  JSON.parse(JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v)));

describe('tagged JSON: writing', () => {
  it('writes compact JSON with sorted keys, like Flask inside a request', () => {
    assert.equal(
      taggedJson.dumps({ b: 1, a: [1, 2], c: { z: null, y: true } }),
      '{"a":[1,2],"b":1,"c":{"y":true,"z":null}}',
    );
  });

  it('escapes non-ASCII text as Python does', () => {
    assert.equal(taggedJson.dumps('é😀\u007f"\\\n\u0001'), '"\\u00e9\\ud83d\\ude00\\u007f\\"\\\\\\n\\u0001"');
  });

  it('sorts keys by code point, as Python sorts strings', () => {
    assert.equal(
      taggedJson.dumps({ '\uffff': 1, '😀': 2, ' t': 3, a: 4 }),
      '{" t":3,"a":4,"\\uffff":1,"\\ud83d\\ude00":2}',
    );
  });

  it('tags bytes as base64', () => {
    assert.equal(taggedJson.dumps(Buffer.from([0, 255, 1])), '{" b":"AP8B"}');
    assert.equal(taggedJson.dumps(new Uint8Array([104, 105])), '{" b":"aGk="}');
  });

  it('tags anything with __html__ as Markup', () => {
    assert.equal(taggedJson.dumps({ __html__: () => '<b>x</b>' }), '{" m":"<b>x</b>"}');
  });

  it('tags dates as HTTP dates, to the second', () => {
    assert.equal(
      taggedJson.dumps(new Date(Date.UTC(2020, 1, 29, 13, 14, 15, 999))),
      '{" d":"Sat, 29 Feb 2020 13:14:15 GMT"}',
    );
  });

  it('wraps a one-key object whose key is a tag so it is not read as that tag', () => {
    assert.equal(taggedJson.dumps({ ' t': [1] }), '{" di":{" t__":[1]}}');
    assert.deepEqual(plain(roundTrip({ ' t': [1] })), { ' t': [1] });
  });

  it('writes bigints as JSON integers', () => {
    assert.equal(taggedJson.dumps({ n: 2n ** 70n }), '{"n":1180591620717411303424}');
  });

  it('leaves out undefined and functions in objects and writes null for them in arrays, like JSON.stringify', () => {
    assert.equal(
      taggedJson.dumps({ a: undefined, f: () => 1, b: [undefined, () => 1] }),
      '{"b":[null,null]}',
    );
  });

  it('writes Maps as objects and Sets as lists', () => {
    assert.equal(taggedJson.dumps(new Map<string, unknown>([['k', new Set([1, 2])]])), '{"k":[1,2]}');
  });

  it('uses toJSON for other objects', () => {
    class Point {
      toJSON() {
        return [1, 2];
      }
    }
    assert.equal(taggedJson.dumps({ p: new Point() }), '{"p":[1,2]}');
  });

  it('refuses circular data with a clear error', () => {
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    assert.throws(() => taggedJson.dumps(loop), /Circular data/);
  });

  it('refuses an invalid Date', () => {
    assert.throws(() => taggedJson.dumps(new Date(Number.NaN)), /invalid Date/);
  });
});

describe('tagged JSON: reading', () => {
  it('reads tuples as arrays', () => {
    assert.deepEqual(taggedJson.loads('{" t":[1,{" t":["a"]}]}'), [1, ['a']]);
  });

  it('reads bytes as a Buffer', () => {
    assert.deepEqual(taggedJson.loads('{" b":"AP8B"}'), Buffer.from([0, 255, 1]));
  });

  it('reads Markup as a TaggedMarkup that keeps its HTML', () => {
    const value = taggedJson.loads('{" m":"<b>x</b>"}');
    assert.ok(value instanceof TaggedMarkup);
    assert.equal(value.__html__(), '<b>x</b>');
    assert.equal(`${value}`, '<b>x</b>');
  });

  it('reads UUIDs as canonical strings', () => {
    assert.equal(
      taggedJson.loads('{" u":"12345678123456781234567812345678"}'),
      '12345678-1234-5678-1234-567812345678',
    );
  });

  it('reads dates as Date objects, and unreadable dates as null like Werkzeug', () => {
    assert.deepEqual(
      taggedJson.loads('{" d":"Sat, 29 Feb 2020 13:14:15 GMT"}'),
      new Date(Date.UTC(2020, 1, 29, 13, 14, 15)),
    );
    assert.equal(taggedJson.loads('{" d":"not a date"}'), null);
  });

  it('reads integers beyond 2**53 as bigints so no digits are lost', () => {
    assert.deepEqual(plain(taggedJson.loads('{"n":1180591620717411303424,"m":5,"f":1.5}')), {
      n: '1180591620717411303424n',
      m: 5,
      f: 1.5,
    });
  });

  it('leaves objects with several keys, or an unknown one-key tag, alone', () => {
    assert.deepEqual(plain(taggedJson.loads('{" t":[1],"x":2}')), { ' t': [1], x: 2 });
    assert.deepEqual(plain(taggedJson.loads('{" zz":1}')), { ' zz': 1 });
  });

  it('returns null-prototype objects and drops __proto__ keys', () => {
    const value = taggedJson.loads(
      '{"__proto__":{"polluted":true},"constructor":1,"nested":{"__proto__":[]}}',
    ) as Record<string, unknown>;
    assert.equal(Object.getPrototypeOf(value), null);
    assert.deepEqual(Object.keys(value), ['constructor', 'nested']);
    assert.equal(value.constructor, 1);
    assert.deepEqual(Object.keys(value.nested as object), []);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('throws for a tag holding the wrong kind of value', () => {
    assert.throws(() => taggedJson.loads('{" b":5}'), /must hold a string/);
    assert.throws(() => taggedJson.loads('{" u":"nope"}'), /must hold a UUID/);
    assert.throws(() => taggedJson.loads('{" t":5}'), /must hold an array/);
  });

  it('round-trips every supported type', () => {
    const value = {
      bytes: Buffer.from('hi'),
      date: new Date(Date.UTC(2000, 0, 1)),
      list: [1, 'two', null, true],
      nested: { ' b': 'not bytes' },
      text: 'Zoë',
    };
    const back = roundTrip(value) as Record<string, unknown>;
    assert.deepEqual(back.bytes, value.bytes);
    assert.deepEqual(back.date, value.date);
    assert.deepEqual(plain(back), plain(value));
  });
});

describe('tagged JSON: custom tags', () => {
  it('registers a tag that dumps and loads a new type', () => {
    class Money {
      readonly cents: number;
      constructor(cents: number) {
        this.cents = cents;
      }
    }
    const serializer = new TaggedJSONSerializer();
    serializer.register(
      {
        key: ' $',
        check: (value) => value instanceof Money,
        toJSON: (value) => (value as Money).cents,
        toValue: (json) => new Money(json as number),
      },
      { index: 0 },
    );
    assert.equal(serializer.dumps({ price: new Money(250) }), '{"price":{" $":250}}');
    assert.deepEqual((serializer.loads('{" $":250}') as Money).cents, 250);
  });

  it('refuses to replace a tag unless forced', () => {
    const tag = { key: ' b', check: () => false, toJSON: (v: unknown) => v, toValue: (v: unknown) => v };
    assert.throws(() => new TaggedJSONSerializer().register(tag), /already registered/);
    assert.doesNotThrow(() => new TaggedJSONSerializer().register(tag, { force: true }));
  });
});
