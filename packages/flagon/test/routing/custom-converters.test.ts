import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BaseConverter } from '../../src/routing/converters.ts';
import { RuleSyntaxError, ValidationError } from '../../src/routing/errors.ts';
import { UrlMap } from '../../src/routing/map.ts';
import type { Converter } from '../../src/routing/map-settings.ts';
import { Rule } from '../../src/routing/rule.ts';
import { bindTo, summary } from './helpers/maps.ts';

/** `<list:xs>`: comma-separated words, given to the view as an array. */
class ListConverter extends BaseConverter {
  override toValue(raw: string): string[] {
    return raw.split(',');
  }

  override toUrl(value: unknown): string {
    return (value as string[]).map((item) => super.toUrl(item)).join(',');
  }
}

/** `<even:n>`: an even number; odd ones make the router try the next rule. */
class EvenConverter implements Converter {
  readonly regex = '\\d+';
  readonly weight = 50;

  toValue(raw: string): number {
    const value = Number(raw);
    if (value % 2 !== 0) throw new ValidationError(`${raw} is odd`);
    return value;
  }

  toUrl(value: unknown): string {
    if (typeof value !== 'number' || value % 2 !== 0) throw new ValidationError(`${String(value)} is odd`);
    return String(value);
  }
}

describe('custom converters', () => {
  it('are registered through the map option and used by name', () => {
    const map = new UrlMap({ converters: { list: ListConverter } });
    map.add(new Rule('/tags/<list:tags>', { endpoint: 'tags' }));
    assert.deepEqual(summary(bindTo(map).match('/tags/a,b,c')), ['tags', { tags: ['a', 'b', 'c'] }]);
    assert.equal(bindTo(map).build('tags', { tags: ['x y', 'z'] }), '/tags/x%20y,z');
  });

  it('are registered through map.converters.set', () => {
    const map = new UrlMap();
    map.converters.set('even', EvenConverter);
    map.add(new Rule('/n/<even:n>', { endpoint: 'even' }));
    assert.deepEqual(summary(bindTo(map).match('/n/4')), ['even', { n: 4 }]);
  });

  it('make the router try the next rule by throwing ValidationError from toValue', () => {
    const map = new UrlMap({ converters: { even: EvenConverter } });
    map.add(new Rule('/n/<even:n>', { endpoint: 'even' }));
    map.add(new Rule('/n/<int:n>', { endpoint: 'any' }));
    assert.deepEqual(summary(bindTo(map).match('/n/4')), ['even', { n: 4 }]);
    assert.deepEqual(summary(bindTo(map).match('/n/5')), ['any', { n: 5 }]);
  });

  it('make the builder try the next rule by throwing ValidationError from toUrl', () => {
    const map = new UrlMap({ converters: { even: EvenConverter } });
    map.add(new Rule('/even/<even:n>', { endpoint: 'n' }));
    map.add(new Rule('/odd/<int:n>', { endpoint: 'n' }));
    assert.equal(bindTo(map).build('n', { n: 4 }), '/even/4');
    assert.equal(bindTo(map).build('n', { n: 5 }), '/odd/5');
  });

  it('receive positional arguments, then the named ones as one null-prototype object', () => {
    let received: unknown[] = [];
    class Spy extends BaseConverter {
      constructor(map: UrlMap, ...args: unknown[]) {
        super(map);
        received = args;
      }
    }
    const map = new UrlMap({ converters: { spy: Spy } });
    map.add(new Rule('/s/<spy("x-", 2, upper=True):v>', { endpoint: 's' }));
    const [prefix, count, named] = received;
    assert.deepEqual([prefix, count], ['x-', 2]);
    assert.equal(Object.getPrototypeOf(named), null);
    assert.deepEqual({ ...(named as object) }, { upper: true });
  });

  it('receive no named-arguments object when none are written', () => {
    let received: unknown[] = ['unset'];
    class Spy extends BaseConverter {
      constructor(map: UrlMap, ...args: unknown[]) {
        super(map);
        received = args;
      }
    }
    const map = new UrlMap({ converters: { spy: Spy } });
    map.add(new Rule('/s/<spy:v>', { endpoint: 's' }));
    assert.deepEqual(received, []);
  });

  it('have constructor errors reported as RuleSyntaxError naming the rule', () => {
    class Picky extends BaseConverter {
      constructor(map: UrlMap, ...args: unknown[]) {
        super(map);
        if (args.length === 0) throw new Error('give me a size');
      }
    }
    const map = new UrlMap({ converters: { picky: Picky } });
    assert.throws(
      () => map.add(new Rule('/<picky:p>', { endpoint: 'p' })),
      (error: unknown) =>
        error instanceof RuleSyntaxError &&
        /Rule '\/<picky:p>' has bad converter arguments.*give me a size/.test(error.message),
    );
  });

  it('with an invalid regex are rejected when the rule is added', () => {
    class Broken extends BaseConverter {
      override regex = '(unclosed';
    }
    const map = new UrlMap({ converters: { broken: Broken } });
    assert.throws(() => map.add(new Rule('/<broken:b>', { endpoint: 'b' })), /invalid regular expression/);
  });

  it('can span segments when not part-isolating', () => {
    class Segments extends BaseConverter {
      override regex = '[^/]+(?:/[^/]+)*';
      override partIsolating = false;
      override weight = 200;
      override toValue(raw: string): string[] {
        return raw.split('/');
      }
    }
    const map = new UrlMap({ converters: { segments: Segments } });
    map.add(new Rule('/s/<segments:parts>/end', { endpoint: 's' }));
    assert.deepEqual(summary(bindTo(map).match('/s/a/b/end')), ['s', { parts: ['a', 'b'] }]);
  });

  it('may replace a built-in converter', () => {
    class HexInt extends BaseConverter {
      override regex = '[0-9a-f]+';
      override toValue(raw: string): number {
        return Number.parseInt(raw, 16);
      }
    }
    const map = new UrlMap({ converters: { int: HexInt } });
    map.add(new Rule('/<int:n>', { endpoint: 'n' }));
    assert.deepEqual(summary(bindTo(map).match('/ff')), ['n', { n: 255 }]);
  });
});
