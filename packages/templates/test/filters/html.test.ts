import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Markup } from '../../src/runtime/markup.ts';
import { evalContext, FakeUndefined, fakeEnvironment, filter, kw } from './fixtures.ts';

describe('escape, forceescape and safe', () => {
  it('escape turns &<>"\' into entities and returns Markup', () => {
    const out = filter('e', '<&>"\'');
    assert.ok(out instanceof Markup);
    assert.equal(String(out), '&lt;&amp;&gt;&#34;&#39;');
  });

  it('escape leaves Markup alone and prints None as None', () => {
    assert.equal(String(filter('escape', new Markup('<b>'))), '<b>');
    assert.equal(String(filter('escape', null)), 'None');
    assert.equal(String(filter('escape', '&amp;')), '&amp;amp;');
  });

  it('forceescape escapes Markup again', () => {
    assert.equal(String(filter('forceescape', new Markup('<i>'))), '&lt;i&gt;');
    assert.equal(String(filter('forceescape', 'a&b')), 'a&amp;b');
  });

  it('safe marks text as Markup without changing it', () => {
    const out = filter('safe', '<b>x</b>');
    assert.ok(out instanceof Markup);
    assert.equal(String(out), '<b>x</b>');
  });
});

describe('striptags', () => {
  it('removes tags and comments and collapses whitespace', () => {
    assert.equal(filter('striptags', '<p>Hello <b>World</b></p>'), 'Hello World');
    assert.equal(filter('striptags', '<p>a\n\n   b</p>\t<br/>c'), 'a b c');
    assert.equal(filter('striptags', 'a<!-- hidden -->b'), 'ab');
  });

  it('decodes character references', () => {
    assert.equal(filter('striptags', '&lt;tag&gt; &amp; more &#39;q&#x27; &eacute;'), "<tag> & more 'q' é");
  });
});

describe('xmlattr', () => {
  it('renders attributes with a leading space, escaping values', () => {
    assert.equal(filter('xmlattr', { class: 'box', id: 'main' }), ' class="box" id="main"');
    assert.equal(filter('xmlattr', { value: 'x<y' }), ' value="x&lt;y"');
    assert.equal(filter('xmlattr', { tabindex: 3 }), ' tabindex="3"');
  });

  it('skips None and undefined values', () => {
    assert.equal(filter('xmlattr', { href: '/x', title: null, alt: new FakeUndefined() }), ' href="/x"');
  });

  it('leaves out the space with autospace=false and returns Markup under autoescape', () => {
    assert.equal(filter('xmlattr', { a: 1 }, [false]), 'a="1"');
    assert.ok(filter('xmlattr', { a: 1 }, [], null, evalContext(true)) instanceof Markup);
  });

  it('rejects keys that could inject attributes', () => {
    for (const key of ['a b', 'a/b', 'a>b', 'a=b', 'a\tb']) {
      assert.throws(() => filter('xmlattr', { [key]: 1 }), { name: 'ValueError' });
    }
  });
});

describe('urlencode', () => {
  it('quotes strings for a path, keeping slashes', () => {
    assert.equal(filter('urlencode', 'a b&c=d/e'), 'a%20b%26c%3Dd/e');
    assert.equal(filter('urlencode', 'é ü'), '%C3%A9%20%C3%BC');
    assert.equal(filter('urlencode', "it's (x)*!"), 'it%27s%20%28x%29%2A%21');
    assert.equal(filter('urlencode', 42), '42');
  });

  it('builds a query string from a dict or a list of pairs', () => {
    assert.equal(filter('urlencode', { q: 'a b', n: 1 }), 'q=a+b&n=1');
    assert.equal(filter('urlencode', [['a/b', 'c&d']]), 'a%2Fb=c%26d');
  });
});

describe('urlize', () => {
  it('links http URLs with rel="noopener"', () => {
    assert.equal(
      filter('urlize', 'Visit http://example.com today'),
      'Visit <a href="http://example.com" rel="noopener">http://example.com</a> today',
    );
    assert.equal(
      filter('urlize', 'https://ex.com/p?q=1#f'),
      '<a href="https://ex.com/p?q=1#f" rel="noopener">https://ex.com/p?q=1#f</a>',
    );
  });

  it('links bare domains over https and e-mail addresses with mailto', () => {
    assert.equal(
      filter('urlize', 'example.com'),
      '<a href="https://example.com" rel="noopener">example.com</a>',
    );
    assert.equal(filter('urlize', 'www.x.io'), '<a href="https://www.x.io" rel="noopener">www.x.io</a>');
    assert.equal(
      filter('urlize', 'mail me@example.com'),
      'mail <a href="mailto:me@example.com">me@example.com</a>',
    );
  });

  it('merges nofollow and rel, sorted, and adds target', () => {
    assert.equal(
      filter('urlize', 'http://x.org', [], kw({ nofollow: true })),
      '<a href="http://x.org" rel="nofollow noopener">http://x.org</a>',
    );
    assert.equal(
      filter('urlize', 'https://x.org', [], kw({ rel: 'ugc', target: '_blank' })),
      '<a href="https://x.org" rel="noopener ugc" target="_blank">https://x.org</a>',
    );
  });

  it('keeps surrounding punctuation outside the link but balanced brackets inside', () => {
    assert.equal(
      filter('urlize', '(see http://x.org/a_(b)).'),
      '(see <a href="http://x.org/a_(b)" rel="noopener">http://x.org/a_(b)</a>).',
    );
  });

  it('escapes the text and trims long link labels', () => {
    assert.equal(
      filter('urlize', '<b> http://example.com/long/path', [10]),
      '&lt;b&gt; <a href="http://example.com/long/path" rel="noopener">http://exa...</a>',
    );
  });

  it('links extra schemes and rejects invalid ones', () => {
    assert.equal(
      filter('urlize', 'ftp://x.org/f', [], kw({ extra_schemes: ['ftp://'] })),
      '<a href="ftp://x.org/f" rel="noopener">ftp://x.org/f</a>',
    );
    assert.throws(() => filter('urlize', 'x', [], kw({ extra_schemes: ['no scheme'] })), {
      name: 'FilterArgumentError',
    });
  });

  it('returns Markup under autoescape and follows the urlize.rel policy', () => {
    assert.ok(filter('urlize', 'http://x.org', [], null, evalContext(true)) instanceof Markup);
    const ctx = evalContext(false, fakeEnvironment({ policies: { 'urlize.rel': null } }));
    assert.equal(filter('urlize', 'http://x.org', [], null, ctx), '<a href="http://x.org">http://x.org</a>');
  });
});
