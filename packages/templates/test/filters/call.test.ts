import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bindArguments, callFilter, callTest, callWithKeywords } from '../../src/filters/call.ts';
import type { FilterFunction } from '../../src/filters/types.ts';
import { evalContext, fakeEnvironment } from './fixtures.ts';

describe('callFilter', () => {
  it('passes the value first, then the positional arguments', () => {
    const fn: FilterFunction = (value: unknown, a: unknown, b: unknown) => [value, a, b];
    assert.deepEqual(callFilter(fn, 1, [2, 3], null, evalContext()), [1, 2, 3]);
  });

  it('maps keyword arguments onto positions through params, leaving gaps to the defaults', () => {
    const fn: FilterFunction = (value: unknown, a: unknown = 'A', b: unknown = 'B') => [value, a, b];
    fn.params = ['a', 'b'];
    assert.deepEqual(callFilter(fn, 1, [], { b: 'x' }, evalContext()), [1, 'A', 'x']);
  });

  it('throws a TypeError for an unknown keyword argument', () => {
    const fn: FilterFunction = (value: unknown) => value;
    fn.params = ['a'];
    assert.throws(() => callFilter(fn, 1, [], { nope: 1 }, evalContext()), { name: 'TypeError' });
  });

  it('throws a TypeError when a keyword repeats a positional argument', () => {
    const fn: FilterFunction = (value: unknown, a: unknown) => [value, a];
    fn.params = ['a'];
    assert.throws(() => callFilter(fn, 1, [2], { a: 3 }, evalContext()), { name: 'TypeError' });
  });

  it('throws a TypeError for too many positional arguments', () => {
    const fn: FilterFunction = (value: unknown) => value;
    fn.params = [];
    assert.throws(() => callFilter(fn, 1, [2], null, evalContext()), { name: 'TypeError' });
  });

  it('appends a non-empty kwargs object for functions without params', () => {
    const fn: FilterFunction = (...args: unknown[]) => args;
    assert.deepEqual(callFilter(fn, 1, [2], { k: 3 }, evalContext()), [1, 2, { k: 3 }]);
    assert.deepEqual(callFilter(fn, 1, [2], {}, evalContext()), [1, 2]);
  });

  it('prepends the eval context, the environment or the context when asked', () => {
    const ctx = evalContext(true);
    const withEval: FilterFunction = (e: unknown, v: unknown) => [e, v];
    withEval.passEvalContext = true;
    assert.deepEqual(callFilter(withEval, 1, [], null, ctx), [ctx, 1]);
    const withEnv: FilterFunction = (e: unknown, v: unknown) => [e, v];
    withEnv.passEnvironment = true;
    assert.deepEqual(callFilter(withEnv, 1, [], null, ctx), [ctx.environment, 1]);
    const withContext: FilterFunction = (c: unknown, v: unknown) => [c, v];
    withContext.passContext = true;
    assert.deepEqual(callFilter(withContext, 1, [], null, ctx, 'the-context'), ['the-context', 1]);
  });

  it('hands rawArgs functions one call object', () => {
    const fn: FilterFunction = (call: unknown) => call;
    fn.rawArgs = true;
    const ctx = evalContext();
    assert.deepEqual(callFilter(fn, 1, [2], { k: 3 }, ctx, 'c'), {
      value: 1,
      args: [2],
      kwargs: { k: 3 },
      evalContext: ctx,
      context: 'c',
    });
  });
});

describe('starred params', () => {
  it('collects extra positionals into an array and unknown keywords into an object', () => {
    const fn: FilterFunction = (...args: unknown[]) => args;
    fn.params = ['first', '*args', '**kwargs'];
    const [first, rest, extra] = bindArguments(fn, [1, 2, 3], { x: 4 });
    assert.deepEqual([first, rest, { ...(extra as object) }], [1, [2, 3], { x: 4 }]);
  });

  it('still maps named keywords before the star', () => {
    const fn: FilterFunction = (...args: unknown[]) => args;
    fn.params = ['first', '**kwargs'];
    const [first, extra] = bindArguments(fn, [], { first: 1, other: 2 });
    assert.deepEqual([first, { ...(extra as object) }], [1, { other: 2 }]);
  });
});

describe('callTest', () => {
  it('reads the result with Python truthiness', () => {
    const fn: FilterFunction = () => [];
    assert.equal(callTest(fn, 1, [], null, evalContext()), false);
  });
});

describe('callWithKeywords', () => {
  it('calls any callable with keywords mapped through params', () => {
    const fn: FilterFunction = (a: unknown, b: unknown = 'B') => `${a}${b}`;
    fn.params = ['a', 'b'];
    assert.equal(callWithKeywords(fn, [], { a: 'x', b: 'y' }), 'xy');
    assert.equal(fakeEnvironment().filters.upper !== undefined, true);
  });
});
