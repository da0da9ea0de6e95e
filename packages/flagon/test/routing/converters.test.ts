import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { IntegerConverter } from '../../src/routing/converters.ts';
import { UrlMap } from '../../src/routing/map.ts';
import { Rule } from '../../src/routing/rule.ts';
import { bindTo, mapOf, summary } from './helpers/maps.ts';

const matchOne = (rule: string, path: string): unknown => summary(bindTo(mapOf([[rule, 'e']])).match(path));
const buildOne = (rule: string, values: Record<string, unknown>): string =>
  bindTo(mapOf([[rule, 'e']])).build('e', values);
const NOT_FOUND = { kind: 'not-found' };

describe('string converter', () => {
  it('takes one non-empty segment by default', () => {
    assert.deepEqual(matchOne('/p/<name>', '/p/hello'), ['e', { name: 'hello' }]);
    assert.deepEqual(matchOne('/p/<name>', '/p/a/b'), NOT_FOUND);
  });

  it('does not match an empty segment', () => {
    assert.deepEqual(matchOne('/p/<name>/x', '/p//x'), NOT_FOUND);
  });

  it('enforces length=', () => {
    assert.deepEqual(matchOne('/<string(length=2):c>', '/ab'), ['e', { c: 'ab' }]);
    assert.deepEqual(matchOne('/<string(length=2):c>', '/abc'), NOT_FOUND);
    assert.deepEqual(matchOne('/<string(length=2):c>', '/a'), NOT_FOUND);
  });

  it('enforces minlength= and maxlength=', () => {
    const rule = '/<string(minlength=2, maxlength=3):c>';
    assert.deepEqual(matchOne(rule, '/a'), NOT_FOUND);
    assert.deepEqual(matchOne(rule, '/abc'), ['e', { c: 'abc' }]);
    assert.deepEqual(matchOne(rule, '/abcd'), NOT_FOUND);
  });

  it('counts lengths in characters, not UTF-16 units or bytes', () => {
    assert.deepEqual(matchOne('/<string(length=2):c>', '/%F0%9F%98%80%C3%A9'), ['e', { c: '😀é' }]);
  });

  it('accepts positional arguments in Werkzeug order', () => {
    assert.deepEqual(matchOne('/<string(2, 2):c>', '/ab'), ['e', { c: 'ab' }]);
    assert.deepEqual(matchOne('/<string(2, 2):c>', '/abc'), NOT_FOUND);
  });

  it('builds with the value percent-encoded, including "/"', () => {
    assert.equal(buildOne('/p/<name>', { name: 'a b/c?d#é' }), '/p/a%20b%2Fc%3Fd%23%C3%A9');
  });
});

describe('int converter', () => {
  it('gives a number', () => {
    assert.deepEqual(matchOne('/<int:id>', '/42'), ['e', { id: 42 }]);
  });

  it('rejects signs, decimals and letters by default', () => {
    for (const path of ['/-1', '/1.5', '/abc', '/+1', '/1e3', '/ 1'])
      assert.deepEqual(matchOne('/<int:id>', path), NOT_FOUND, path);
  });

  it('reads leading zeros as decimal', () => {
    assert.deepEqual(matchOne('/<int:id>', '/007'), ['e', { id: 7 }]);
  });

  it('reads the largest ids exactly, on both sides of 15 digits', () => {
    assert.deepEqual(matchOne('/<int:id>', '/999999999999999'), ['e', { id: 999_999_999_999_999 }]);
    assert.deepEqual(matchOne('/<int:id>', '/9007199254740991'), ['e', { id: Number.MAX_SAFE_INTEGER }]);
    assert.deepEqual(matchOne('/<int:id>', '/9007199254740992'), NOT_FOUND);
  });

  it('gives 0 for -0 with signed=True', () => {
    const [, params] = matchOne('/<int(signed=True):n>', '/-0') as [string, { n: number }];
    assert.ok(Object.is(params.n, 0));
  });

  it('still converts text a subclass lets through its wider regex', () => {
    class HexInt extends IntegerConverter {
      override regex = '0x[0-9a-f]+';
    }
    const map = new UrlMap();
    map.converters.set('hexint', HexInt);
    map.add(new Rule('/<hexint:n>', { endpoint: 'e' }));
    assert.deepEqual(summary(bindTo(map).match('/0x1f')), ['e', { n: 31 }]);
  });

  it('accepts negative values with signed=True', () => {
    assert.deepEqual(matchOne('/<int(signed=True):n>', '/-5'), ['e', { n: -5 }]);
    assert.deepEqual(matchOne('/<int(signed=True):n>', '/5'), ['e', { n: 5 }]);
  });

  it('enforces min= and max= as a non-match', () => {
    const rule = '/<int(min=1, max=99):n>';
    assert.deepEqual(matchOne(rule, '/0'), NOT_FOUND);
    assert.deepEqual(matchOne(rule, '/1'), ['e', { n: 1 }]);
    assert.deepEqual(matchOne(rule, '/99'), ['e', { n: 99 }]);
    assert.deepEqual(matchOne(rule, '/100'), NOT_FOUND);
  });

  it('enforces fixed_digits= when matching and pads when building', () => {
    const rule = '/<int(fixed_digits=4):y>';
    assert.deepEqual(matchOne(rule, '/0042'), ['e', { y: 42 }]);
    assert.deepEqual(matchOne(rule, '/42'), NOT_FOUND);
    assert.deepEqual(matchOne(rule, '/12345'), NOT_FOUND);
    assert.equal(buildOne(rule, { y: 42 }), '/0042');
  });

  it('treats numbers beyond the safe integer range as not found', () => {
    assert.deepEqual(matchOne('/<int:id>', '/99999999999999999999'), NOT_FOUND);
    assert.deepEqual(matchOne('/<int:id>', `/${'9'.repeat(5000)}`), NOT_FOUND);
  });

  it('builds from numbers, bigints and digit strings but not from other values', () => {
    assert.equal(buildOne('/<int:id>', { id: 3 }), '/3');
    assert.equal(buildOne('/<int:id>', { id: 12345678901234567890n }), '/12345678901234567890');
    assert.equal(buildOne('/<int:id>', { id: '12' }), '/12');
    assert.throws(() => buildOne('/<int:id>', { id: 1.5 }), /1\.5 is not an integer/);
    assert.throws(() => buildOne('/<int:id>', { id: 'x' }), /'x' is not an integer/);
  });
});

describe('float converter', () => {
  it('gives a number and needs a decimal point', () => {
    assert.deepEqual(matchOne('/<float:x>', '/1.5'), ['e', { x: 1.5 }]);
    assert.deepEqual(matchOne('/<float:x>', '/1'), NOT_FOUND);
  });

  it('accepts negative values only with signed=True', () => {
    assert.deepEqual(matchOne('/<float:x>', '/-1.5'), NOT_FOUND);
    assert.deepEqual(matchOne('/<float(signed=True):x>', '/-1.5'), ['e', { x: -1.5 }]);
  });

  it('enforces min= and max=', () => {
    assert.deepEqual(matchOne('/<float(min=0, max=1):x>', '/0.5'), ['e', { x: 0.5 }]);
    assert.deepEqual(matchOne('/<float(min=0, max=1):x>', '/1.5'), NOT_FOUND);
  });

  it('builds whole numbers with ".0" so the URL matches again', () => {
    assert.equal(buildOne('/<float:x>', { x: 1 }), '/1.0');
    assert.equal(buildOne('/<float:x>', { x: 2.25 }), '/2.25');
    assert.equal(buildOne('/<float:x>', { x: 1e21 }), '/1000000000000000000000.0');
  });

  it('refuses to build NaN and infinities', () => {
    assert.throws(() => buildOne('/<float:x>', { x: Number.NaN }), /not a finite number/);
    assert.throws(() => buildOne('/<float:x>', { x: Number.POSITIVE_INFINITY }), /not a finite number/);
  });
});

describe('path converter', () => {
  it('spans slashes', () => {
    assert.deepEqual(matchOne('/files/<path:p>', '/files/a/b/c.txt'), ['e', { p: 'a/b/c.txt' }]);
  });

  it('stops before static text that follows it', () => {
    assert.deepEqual(matchOne('/w/<path:p>/edit', '/w/a/b/edit'), ['e', { p: 'a/b' }]);
  });

  it('does not match an empty value', () => {
    assert.deepEqual(matchOne('/files/<path:p>', '/files/'), NOT_FOUND);
  });

  it('keeps "/" when building and encodes the rest', () => {
    assert.equal(buildOne('/files/<path:p>', { p: 'a b/c' }), '/files/a%20b/c');
  });
});

describe('uuid converter', () => {
  const id = 'a0b1c2d3-0000-4000-8000-00000000000f';

  it('gives the lower-cased UUID string', () => {
    assert.deepEqual(matchOne('/<uuid:u>', `/${id.toUpperCase()}`), ['e', { u: id }]);
  });

  it('rejects text that is not a UUID', () => {
    assert.deepEqual(matchOne('/<uuid:u>', '/xyz'), NOT_FOUND);
    assert.deepEqual(matchOne('/<uuid:u>', `/${id}0`), NOT_FOUND);
  });

  it('builds only from UUIDs', () => {
    assert.equal(buildOne('/<uuid:u>', { u: id.toUpperCase() }), `/${id}`);
    assert.throws(() => buildOne('/<uuid:u>', { u: 'nope' }), /'nope' is not a UUID/);
  });
});

describe('any converter', () => {
  it('matches one of its items', () => {
    assert.deepEqual(matchOne('/<any(about, help):p>', '/help'), ['e', { p: 'help' }]);
    assert.deepEqual(matchOne('/<any(about, help):p>', '/contact'), NOT_FOUND);
  });

  it('takes quoted items containing commas and regex characters', () => {
    const rule = '/<any("a,b", "c.d"):p>';
    assert.deepEqual(matchOne(rule, '/a,b'), ['e', { p: 'a,b' }]);
    assert.deepEqual(matchOne(rule, '/cxd'), NOT_FOUND);
  });

  it('refuses to build a value that is not an item, naming the items', () => {
    assert.throws(() => buildOne('/<any(about, help):p>', { p: 'x' }), /'x' is not one of 'about', 'help'/);
  });
});
