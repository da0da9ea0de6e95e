// Static segments are found by walking the request path in place, character by character; these tests pin the
// cases where a character tree goes wrong: keys that are prefixes of each other, a request segment that only
// starts like a key, and characters outside ASCII.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bindTo, mapOf, summary } from './helpers/maps.ts';

const NOT_FOUND = { kind: 'not-found' };

describe('static segments that share a prefix', () => {
  const map = mapOf([
    ['/r5', 'r5'],
    ['/r50', 'r50'],
    ['/r500/x', 'r500x'],
    ['/item', 'item'],
    ['/items', 'items'],
    ['/items/<int:id>', 'itemById'],
    ['/i', 'i'],
  ]);
  const adapter = bindTo(map);

  it('finds each key whether it is a prefix of another or has one', () => {
    assert.deepEqual(summary(adapter.match('/r5')), ['r5', {}]);
    assert.deepEqual(summary(adapter.match('/r50')), ['r50', {}]);
    assert.deepEqual(summary(adapter.match('/r500/x')), ['r500x', {}]);
    assert.deepEqual(summary(adapter.match('/i')), ['i', {}]);
    assert.deepEqual(summary(adapter.match('/item')), ['item', {}]);
    assert.deepEqual(summary(adapter.match('/items')), ['items', {}]);
    assert.deepEqual(summary(adapter.match('/items/7')), ['itemById', { id: 7 }]);
  });

  it('does not take a segment that only starts like a key, or stops short of one', () => {
    for (const path of ['/r', '/r51', '/r500', '/r5000/x', '/ite', '/itemsx', '/itemss/7', '/it/7']) {
      assert.deepEqual(adapter.match(path), NOT_FOUND, path);
    }
  });

  it('finds the same rules whatever order they were added in', () => {
    const reversed = bindTo(
      mapOf([
        ['/items/<int:id>', 'itemById'],
        ['/items', 'items'],
        ['/item', 'item'],
        ['/r500/x', 'r500x'],
        ['/r50', 'r50'],
        ['/r5', 'r5'],
      ]),
    );
    assert.deepEqual(summary(reversed.match('/r5')), ['r5', {}]);
    assert.deepEqual(summary(reversed.match('/r50')), ['r50', {}]);
    assert.deepEqual(summary(reversed.match('/item')), ['item', {}]);
    assert.deepEqual(summary(reversed.match('/items/7')), ['itemById', { id: 7 }]);
  });

  it('finds one of a hundred sibling segments after a parametric one', () => {
    const many = mapOf(
      Array.from({ length: 100 }, (_, i) => [`/api/r${i}/items/<int:id>`, `r${i}`] as const),
    );
    const bound = bindTo(many);
    assert.deepEqual(summary(bound.match('/api/r0/items/1')), ['r0', { id: 1 }]);
    assert.deepEqual(summary(bound.match('/api/r9/items/2')), ['r9', { id: 2 }]);
    assert.deepEqual(summary(bound.match('/api/r99/items/3')), ['r99', { id: 3 }]);
    assert.deepEqual(bound.match('/api/r100/items/3'), NOT_FOUND);
  });
});

describe('static segments outside ASCII', () => {
  const map = mapOf([
    ['/café', 'cafe'],
    ['/cafés/<name>', 'cafes'],
    ['/日本/語', 'nihongo'],
    ['/😀', 'smile'],
  ]);
  const adapter = bindTo(map);

  it('matches them written raw or percent-encoded', () => {
    assert.deepEqual(summary(adapter.match('/café')), ['cafe', {}]);
    assert.deepEqual(summary(adapter.match('/caf%C3%A9s/x')), ['cafes', { name: 'x' }]);
    assert.deepEqual(summary(adapter.match('/%E6%97%A5%E6%9C%AC/%E8%AA%9E')), ['nihongo', {}]);
    assert.deepEqual(summary(adapter.match('/%F0%9F%98%80')), ['smile', {}]);
  });

  it('does not take a different character with the same first byte or half', () => {
    assert.deepEqual(adapter.match('/cafè'), NOT_FOUND);
    assert.deepEqual(adapter.match('/日/語'), NOT_FOUND);
    assert.deepEqual(adapter.match('/😁'), NOT_FOUND);
  });
});

describe('decoded slashes beside the characters that stand in for them', () => {
  const map = mapOf([
    ['/s/<name>', 's'],
    ['/p/<path:p>', 'p'],
    ['/n/<int:n>/<tail>', 'n'],
  ]);
  const adapter = bindTo(map);

  it('keeps a %2F and a U+FFFF in one segment apart', () => {
    assert.deepEqual(summary(adapter.match('/s/a%2Fb%EF%BF%BFc')), ['s', { name: 'a/b\uFFFFc' }]);
  });

  it('keeps them apart in a path variable', () => {
    assert.deepEqual(summary(adapter.match('/p/%EF%BF%BF%2F/x')), ['p', { p: '\uFFFF//x' }]);
  });

  it('answers not found, without throwing, when the path already holds every stand-in', () => {
    const all = ['%EF%BF%BF', '%EF%BF%BE', '%EF%B7%90', '%EF%B7%91', '%EF%B7%92', '%EF%B7%93'].join('');
    assert.deepEqual(adapter.match(`/s/${all}%2F`), NOT_FOUND);
    assert.deepEqual(summary(adapter.match(`/s/${all}`)), [
      's',
      { name: '\uFFFF\uFFFE\uFDD0\uFDD1\uFDD2\uFDD3' },
    ]);
  });

  it('decodes a %2F in a later segment after a converted one', () => {
    assert.deepEqual(summary(adapter.match('/n/12/a%2Fb')), ['n', { n: 12, tail: 'a/b' }]);
  });
});
