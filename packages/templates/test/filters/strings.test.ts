import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Markup } from '../../src/runtime/markup.ts';
import { evalContext, fakeEnvironment, filter, kw } from './fixtures.ts';

const QUICK = 'The quick brown fox jumps over the lazy dog';

describe('case filters', () => {
  it('capitalize upper-cases the first character and lower-cases the rest', () => {
    assert.equal(filter('capitalize', '1st PLACE'), '1st place');
    assert.equal(filter('capitalize', 'hELLO'), 'Hello');
    assert.equal(filter('capitalize', ''), '');
  });

  it('upper and lower change case and print non-strings first', () => {
    assert.equal(filter('upper', 'mixed 123'), 'MIXED 123');
    assert.equal(filter('lower', 'HeLLo'), 'hello');
    assert.equal(filter('upper', true), 'TRUE');
  });

  it('keeps Markup as Markup', () => {
    assert.ok(filter('upper', new Markup('<b>x</b>')) instanceof Markup);
  });

  it('title starts words after spaces, hyphens and brackets, leaving digits alone', () => {
    assert.equal(filter('title', 'hello world'), 'Hello World');
    assert.equal(filter('title', '(foo) [bar] {baz} <qux>'), '(Foo) [Bar] {Baz} <Qux>');
    assert.equal(filter('title', '1st place 2nd'), '1st Place 2nd');
    assert.equal(filter('title', 'a  b\tc\nd'), 'A  B\tC\nD');
    assert.equal(filter('title', "it's well-known"), "It's Well-Known");
  });
});

describe('center and trim', () => {
  it('center pads like Python, the odd space going right unless the width is odd', () => {
    assert.equal(filter('center', 'a', [4]), ' a  ');
    assert.equal(filter('center', 'a', [2]), 'a ');
    assert.equal(filter('center', 'abcdef', [3]), 'abcdef');
    assert.equal(filter('center', 7, [3]), ' 7 ');
    assert.equal((filter('center', 'x') as string).length, 80);
  });

  it('trim strips whitespace or the given characters', () => {
    assert.equal(filter('trim', '\n\t x y \n'), 'x y');
    assert.equal(filter('trim', '-=hi=-', ['-=']), 'hi');
    assert.equal(filter('trim', '  a  b  '), 'a  b');
  });
});

describe('truncate', () => {
  it('keeps text within length plus leeway', () => {
    assert.equal(filter('truncate', QUICK), QUICK);
  });

  it('cuts at a word boundary and appends the end', () => {
    assert.equal(filter('truncate', QUICK, [15]), 'The quick...');
    assert.equal(filter('truncate', QUICK, [15, false, '…']), 'The quick…');
  });

  it('cuts inside words with killwords', () => {
    assert.equal(filter('truncate', QUICK, [15, true]), 'The quick br...');
    assert.equal(filter('truncate', 'foo bar baz qux', [6, true], kw({ leeway: 0 })), 'foo...');
  });

  it('honours leeway=0 and the truncate.leeway policy', () => {
    assert.equal(filter('truncate', 'abcdefghijk', [8], kw({ leeway: 0 })), 'abcde...');
    const ctx = evalContext(false, fakeEnvironment({ policies: { 'truncate.leeway': 0 } }));
    assert.equal(filter('truncate', 'abcdefghijk', [8], null, ctx), 'abcde...');
  });

  it('escapes the end marker when truncating Markup', () => {
    const out = filter('truncate', new Markup('<b>a b c d e f g h</b>'), [9], kw({ end: '<>', leeway: 0 }));
    assert.ok(out instanceof Markup);
    assert.equal(String(out), '<b>a b&lt;&gt;');
  });

  it('rejects a length shorter than the end marker', () => {
    assert.throws(() => filter('truncate', QUICK, [2]), { name: 'FilterArgumentError' });
  });
});

describe('wordcount and wordwrap', () => {
  it('wordcount counts runs of word characters', () => {
    assert.equal(filter('wordcount', 'one two three'), 3);
    assert.equal(filter('wordcount', "hello, world! it's-ok"), 5);
  });

  it('wordwrap breaks long words unless told not to', () => {
    assert.equal(filter('wordwrap', 'abcdefghij', [4]), 'abcd\nefgh\nij');
    assert.equal(filter('wordwrap', 'abcdefghij xy', [4, false]), 'abcdefghij\nxy');
  });

  it('wordwrap breaks after hyphens unless break_on_hyphens is false', () => {
    assert.equal(filter('wordwrap', 'well-known long-term', [6]), 'well-\nknown\nlong-\nterm');
    assert.equal(
      filter('wordwrap', 'well-known long-term', [6], kw({ break_on_hyphens: false })),
      'well-k\nnown l\nong-te\nrm',
    );
  });

  it('wordwrap wraps each paragraph on its own and joins with wrapstring', () => {
    assert.equal(filter('wordwrap', 'aa bb\ncc dd', [5], kw({ wrapstring: '<br>' })), 'aa bb<br>cc dd');
    assert.equal(filter('wordwrap', 'short', [20]), 'short');
  });
});

describe('replace', () => {
  it('replaces every occurrence, or the first count', () => {
    assert.equal(filter('replace', 'aaa', ['a', 'b']), 'bbb');
    assert.equal(filter('replace', 'aaaa', ['a', 'b', 2]), 'bbaa');
  });

  it('inserts between characters for an empty old string, and prints numbers first', () => {
    assert.equal(filter('replace', 'abc', ['', '-']), '-a-b-c-');
    assert.equal(filter('replace', 1001, ['0', 'o']), '1oo1');
  });

  it('escapes the value under autoescape when the replacement is Markup', () => {
    const out = filter('replace', 'a<b', ['b', new Markup('<i>')], null, evalContext(true));
    assert.ok(out instanceof Markup);
    assert.equal(String(out), 'a&lt;<i>');
  });

  it('escapes plain arguments when the value is Markup', () => {
    const out = filter('replace', new Markup('<p>x</p>'), ['x', '<y>'], null, evalContext(true));
    assert.equal(String(out), '<p>&lt;y&gt;</p>');
  });
});

describe('indent', () => {
  it('indents all lines but the first by four spaces', () => {
    assert.equal(filter('indent', 'a\nb\nc'), 'a\n    b\n    c');
  });

  it('indents blank lines only with blank=true, and the first with first=true', () => {
    assert.equal(filter('indent', 'a\n\nb', [2]), 'a\n\n  b');
    assert.equal(filter('indent', 'a\n\nb', [2], kw({ blank: true })), 'a\n  \n  b');
    assert.equal(filter('indent', 'a\nb', [2, true]), '  a\n  b');
  });

  it('accepts a string as the indentation and keeps a trailing newline', () => {
    assert.equal(filter('indent', 'a\nb\nc', ['>> ']), 'a\n>> b\n>> c');
    assert.equal(filter('indent', 'a\nb\n', [2]), 'a\n  b\n');
  });

  it('escapes the indentation for Markup input', () => {
    const out = filter('indent', new Markup('a\nb'), ['<>']);
    assert.equal(String(out), 'a\n&lt;&gt;b');
  });
});

describe('string', () => {
  it('prints values the Python way and keeps Markup', () => {
    assert.equal(filter('string', 5), '5');
    assert.equal(filter('string', null), 'None');
    assert.equal(filter('string', [1, 2]), '[1, 2]');
    assert.equal(filter('string', 2.5), '2.5');
    assert.ok(filter('string', new Markup('x')) instanceof Markup);
  });
});
