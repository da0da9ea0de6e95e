import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Flagon, JsonProvider, jsonify } from 'flagon';

/** A provider that sorts keys, as Flask's does. */
function sorted(): JsonProvider {
  const provider = new JsonProvider();
  provider.sortKeys = true;
  return provider;
}

describe('JSON provider', () => {
  it('keeps keys in insertion order by default', () => {
    assert.equal(new JsonProvider().dumps({ b: 1, a: { d: 1, c: 2 } }), '{"b":1,"a":{"d":1,"c":2}}');
  });

  it('converts a date deep inside plain data, keeping key order', () => {
    const at = new Date(Date.UTC(2024, 0, 2, 3, 4, 5));
    assert.equal(
      new JsonProvider().dumps({ z: 1, rows: [{ b: 'x', at }, { b: 'y' }] }),
      '{"z":1,"rows":[{"b":"x","at":"Tue, 02 Jan 2024 03:04:05 GMT"},{"b":"y"}]}',
    );
  });

  it('explains a circular structure without sorting keys', () => {
    const a: Record<string, unknown> = { list: [] };
    (a.list as unknown[]).push({ back: a });
    assert.throws(() => new JsonProvider().dumps(a), {
      name: 'JsonSerializationError',
      message: /Circular reference at \$\.list\[0\]\.back/,
    });
  });

  it('writes plain data nested deeper than the cycle check starts', () => {
    let deep: unknown = 'bottom';
    for (let i = 0; i < 40; i++) deep = { d: [deep] };
    assert.equal(new JsonProvider().dumps(deep), JSON.stringify(deep));
  });

  it('ignores keys inherited from a tampered Object.prototype', () => {
    Object.defineProperty(Object.prototype, 'polluted', {
      value: new Date(0),
      enumerable: true,
      configurable: true,
    });
    try {
      assert.equal(new JsonProvider().dumps({ a: { b: 1 } }), '{"a":{"b":1}}');
    } finally {
      delete (Object.prototype as Record<string, unknown>).polluted;
    }
  });

  it('writes parsed JSON with a "constructor" key as data', () => {
    const parsed = JSON.parse('{"constructor":{"name":"x"},"list":[{"constructor":1}],"n":2}');
    assert.equal(new JsonProvider().dumps(parsed), JSON.stringify(parsed));
  });

  it('still converts a date held by an object with its own "constructor" key', () => {
    const value = { constructor: 'Object', at: new Date(Date.UTC(2024, 0, 2, 3, 4, 5)) };
    assert.equal(
      new JsonProvider().dumps(value),
      '{"constructor":"Object","at":"Tue, 02 Jan 2024 03:04:05 GMT"}',
    );
  });

  it('writes only the own keys of an object made from another one, as JSON.stringify does', () => {
    const value = Object.assign(Object.create({ inherited: new Date(0) }), { own: 1 });
    assert.equal(new JsonProvider().dumps(value), '{"own":1}');
  });

  it('sorts keys like Flask', () => {
    assert.equal(sorted().dumps({ b: 1, a: { d: 1, c: 2 } }), '{"a":{"c":2,"d":1},"b":1}');
  });

  it('writes dates as HTTP dates', () => {
    assert.equal(
      sorted().dumps({ at: new Date(Date.UTC(2024, 0, 2, 3, 4, 5)) }),
      '{"at":"Tue, 02 Jan 2024 03:04:05 GMT"}',
    );
  });

  it('writes Sets as arrays, Maps as objects, BigInts as strings and markup as its HTML', () => {
    const markup = { __html__: () => '<b>x</b>' };
    assert.equal(
      sorted().dumps({ s: new Set([1, 2]), m: new Map([['k', 'v']]), n: 10n ** 20n, h: markup }),
      '{"h":"<b>x</b>","m":{"k":"v"},"n":"100000000000000000000","s":[1,2]}',
    );
  });

  it('explains a circular structure', () => {
    const a: Record<string, unknown> = {};
    a.self = a;
    assert.throws(() => sorted().dumps(a), {
      name: 'JsonSerializationError',
      message: /Circular reference at \$\.self/,
    });
  });

  it('refuses functions with a clear error', () => {
    assert.throws(() => sorted().dumps({ f: () => 1 }), {
      name: 'JsonSerializationError',
      message: /\$\.f/,
    });
  });

  it('keeps __proto__ keys out of parsed objects', () => {
    const parsed = sorted().loads('{"__proto__": {"x": 1}, "a": 1}') as Record<string, unknown>;
    assert.deepEqual(Object.keys(parsed), ['a']);
    assert.equal(({} as Record<string, unknown>).x, undefined);
  });

  it('pretty-prints jsonify responses in debug mode', async () => {
    const app = new Flagon('test');
    app.config.DEBUG = true;
    app.json.debug = true;
    app.get('/', () => jsonify({ a: 1 }));
    const res = await app.testClient().get('/');
    assert.equal(res.text, '{\n  "a": 1\n}\n');
  });

  it('makes an array from several jsonify arguments', async () => {
    const app = new Flagon('test');
    app.get('/', () => jsonify(1, 2, 3));
    assert.deepEqual((await app.testClient().get('/')).json, [1, 2, 3]);
  });
});

describe('JSON provider edge cases', () => {
  it('sorts keys of nested objects inside arrays', () => {
    assert.equal(
      sorted().dumps([
        { b: 1, a: 2 },
        { d: [{ z: 1, y: 2 }], c: 3 },
      ]),
      '[{"a":2,"b":1},{"c":3,"d":[{"y":2,"z":1}]}]',
    );
  });

  it('keeps a __proto__ key as data when sorting copies an object', () => {
    const value = JSON.parse('{"z": 1, "__proto__": {"x": 1}}');
    assert.equal(sorted().dumps(value), '{"__proto__":{"x":1},"z":1}');
  });

  it('writes undefined array items as null and leaves out undefined properties', () => {
    assert.equal(sorted().dumps({ b: undefined, a: [undefined, 1] }), '{"a":[null,1]}');
  });

  it('uses toJSON of class instances', () => {
    class Point {
      toJSON() {
        return { x: 1 };
      }
    }
    assert.equal(sorted().dumps({ p: new Point() }), '{"p":{"x":1}}');
  });

  it('names the path of a value it cannot write', () => {
    assert.throws(() => sorted().dumps({ a: [{ b: Symbol('s') }] }), /at \$\.a\[0\]\.b/);
  });
});
