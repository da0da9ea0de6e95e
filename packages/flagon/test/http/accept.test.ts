import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Accept, CharsetAccept, LanguageAccept, MIMEAccept } from '../../src/http/accept.ts';

describe('Accept parsing', () => {
  it('reads values and qualities, highest first', () => {
    const a = new Accept('a;q=0.5, b, c;q=0.8');
    assert.deepEqual(
      [...a],
      [
        ['b', 1],
        ['c', 0.8],
        ['a', 0.5],
      ],
    );
  });

  it('clamps q to 0..1 and ignores a malformed q', () => {
    const a = new Accept('a;q=2, b;q=-1, c;q=abc');
    assert.equal(a.quality('a'), 1);
    assert.equal(a.quality('c'), 1);
    assert.equal(a.quality('b'), 1);
  });

  it('knows whether the header was sent', () => {
    assert.equal(new Accept(null).provided, false);
    assert.equal(new Accept('').provided, true);
  });

  it('can be built with the static parse', () => {
    assert.ok(MIMEAccept.parse('text/html') instanceof MIMEAccept);
  });

  it('survives garbage without throwing', () => {
    const a = new MIMEAccept(',,; ;q=, =, text/html;;q=0.5;;, ;;;, "quoted, thing", a b/c');
    assert.equal(a.quality('text/html'), 0.5);
  });

  it('survives a header with thousands of items', () => {
    const header = Array.from({ length: 5000 }, (_, i) => `type${i}/sub;q=0.${i % 10}`).join(',');
    assert.equal(new MIMEAccept(header).size, 5000);
  });
});

describe('MIMEAccept matching', () => {
  const accept = new MIMEAccept(
    'text/html;q=0.5, application/json, */*;q=0.1, text/*;q=0.3, e/f;level=1;q=0.7',
  );

  it('uses the most specific matching range for quality', () => {
    assert.equal(accept.quality('text/html'), 0.5);
    assert.equal(accept.quality('text/plain'), 0.3);
    assert.equal(accept.quality('image/png'), 0.1);
  });

  it('picks the best match as Werkzeug does', () => {
    assert.equal(accept.bestMatch(['text/plain', 'text/html']), 'text/html');
    assert.equal(accept.bestMatch(['text/html', 'application/json']), 'application/json');
  });

  it('compares parameters other than q', () => {
    assert.equal(accept.quality('e/f;level=1'), 0.7);
    assert.equal(accept.quality('e/f'), 0.1);
  });

  it('is case-insensitive', () => {
    assert.equal(new MIMEAccept('Text/HTML').quality('text/html'), 1);
  });

  it('prefers the earlier offer on a tie under */*', () => {
    assert.equal(new MIMEAccept('*/*').bestMatch(['application/json', 'text/html']), 'application/json');
  });

  it('prefers a specific range to a wildcard of equal quality', () => {
    assert.equal(
      new MIMEAccept('text/*, */*;q=0.5').bestMatch(['application/json', 'text/html']),
      'text/html',
    );
  });

  it('excludes offers the client gives q=0', () => {
    const a = new MIMEAccept('text/html;q=0, */*');
    assert.equal(a.has('text/html'), false);
    assert.equal(a.bestMatch(['text/html']), null);
    assert.equal(a.bestMatch(['text/html', 'application/json']), 'application/json');
  });

  it('returns the default when nothing matches or no header was sent', () => {
    assert.equal(new MIMEAccept('image/png').bestMatch(['text/html'], 'text/plain'), 'text/plain');
    assert.equal(new MIMEAccept(null).bestMatch(['text/html'], 'text/html'), 'text/html');
    assert.equal(new MIMEAccept(null).bestMatch(['text/html']), null);
  });

  it('rejects the invalid range */html', () => {
    assert.equal(new MIMEAccept('*/html').quality('text/html'), 0);
  });

  it('reports HTML and JSON acceptance', () => {
    assert.equal(new MIMEAccept('text/*').acceptHtml, true);
    assert.equal(new MIMEAccept('text/*').acceptJson, false);
    assert.equal(new MIMEAccept('application/json').acceptJson, true);
  });

  it('reports the best client value and serialises back', () => {
    const a = new MIMEAccept('text/plain;q=0.5, text/html');
    assert.equal(a.best, 'text/html');
    assert.equal(a.toString(), 'text/html,text/plain;q=0.5');
  });
});

describe('LanguageAccept', () => {
  const accept = new LanguageAccept('en-US,en;q=0.8,de;q=0.5');

  it('matches tags case-insensitively with - or _', () => {
    assert.equal(accept.quality('en_us'), 1);
  });

  it('picks the highest quality language', () => {
    assert.equal(accept.bestMatch(['de', 'en']), 'en');
  });

  it('falls back from a region to the primary language', () => {
    assert.equal(accept.bestMatch(['en-GB', 'fr']), 'en-GB');
    assert.equal(new LanguageAccept('en-US').bestMatch(['fr', 'en']), 'en');
  });

  it('returns the default when no language fits', () => {
    assert.equal(accept.bestMatch(['fr'], 'fr'), 'fr');
  });
});

describe('CharsetAccept', () => {
  it('treats utf-8, UTF8 and utf_8 as one charset', () => {
    const a = new CharsetAccept('UTF8, iso-8859-1;q=0.5');
    assert.equal(a.quality('utf-8'), 1);
    assert.equal(a.bestMatch(['iso-8859-1', 'utf_8']), 'utf_8');
  });
});
