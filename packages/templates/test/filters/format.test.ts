import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_POLICY } from '../../src/runtime/access.ts';
import { Markup } from '../../src/runtime/markup.ts';
import { percentFormat, toFixedPy } from '../../src/runtime/pyformat.ts';
import { strFormat } from '../../src/runtime/python-methods/str-format.ts';
import { filter, kw } from './fixtures.ts';

const fields = DEFAULT_POLICY.fields;

describe('format filter', () => {
  it('formats positional arguments printf-style', () => {
    assert.equal(filter('format', '%s-%s', ['a', 'b']), 'a-b');
    assert.equal(filter('format', '%.2f', [3.14158]), '3.14');
    assert.equal(filter('format', '%x|%X', [255, 255]), 'ff|FF');
    assert.equal(filter('format', '%.3e', [12345.678]), '1.235e+04');
    assert.equal(filter('format', '%d', [3.99]), '3');
    assert.equal(filter('format', '%+d %+d', [5, -5]), '+5 -5');
    assert.equal(filter('format', '%5s|%-5s|%05d', ['a', 'b', 42]), '    a|b    |00042');
  });

  it('formats keyword arguments through %(name)s', () => {
    assert.equal(filter('format', '%(a)s and %(b)r', [], kw({ a: 1, b: 'x' })), "1 and 'x'");
  });

  it('throws TypeError for too few or too many arguments, or the wrong type', () => {
    assert.throws(() => filter('format', '%s %s', ['a']), { name: 'TypeError' });
    assert.throws(() => filter('format', '%s', ['a', 'b']), { name: 'TypeError' });
    assert.throws(() => filter('format', '%d', ['a']), { name: 'TypeError' });
  });

  it('refuses positional and keyword arguments together', () => {
    assert.throws(() => filter('format', '%s', ['a'], kw({ b: 1 })), { name: 'FilterArgumentError' });
  });

  it('escapes arguments of a Markup format', () => {
    assert.equal(String(filter('format', new Markup('<b>%s</b>'), ['<i>'])), '<b>&lt;i&gt;</b>');
  });
});

describe('percentFormat', () => {
  it('prints values the Python way', () => {
    assert.equal(percentFormat('%s %s %s', [null, true, [1, 'a']]), "None True [1, 'a']");
    assert.equal(percentFormat('%r', ['x']), "'x'");
    assert.equal(percentFormat('%g %g %g', [0.0001, 1e20, 2.5]), '0.0001 1e+20 2.5');
    assert.equal(percentFormat('100%%', []), '100%');
  });

  it('accepts a single value that is not a list', () => {
    assert.equal(percentFormat('[%s]', 'x'), '[x]');
  });
});

describe('toFixedPy', () => {
  it('rounds exact ties to even and everything else to nearest', () => {
    assert.equal(toFixedPy(0.125, 2), '0.12');
    assert.equal(toFixedPy(0.375, 2), '0.38');
    assert.equal(toFixedPy(2.5, 0), '2');
    assert.equal(toFixedPy(2.675, 2), '2.67');
    assert.equal(toFixedPy(-1.5, 0), '-2');
  });
});

describe('strFormat', () => {
  it('fills automatic, numbered and named fields', () => {
    assert.equal(strFormat('{} {}', ['a', 'b'], {}, fields), 'a b');
    assert.equal(strFormat('{1}{0}', ['a', 'b'], {}, fields), 'ba');
    assert.equal(strFormat('{name}!', [], { name: 'x' }, fields), 'x!');
    assert.equal(strFormat('{{}}', [], {}, fields), '{}');
  });

  it('reads items and attributes of plain data', () => {
    assert.equal(strFormat('{0[1]} {0[k]}', [{ 1: 'one', k: 'kay' }], {}, fields), 'one kay');
    assert.equal(strFormat('{0.name}', [{ name: 'n' }], {}, fields), 'n');
  });

  it('applies format specs', () => {
    assert.equal(strFormat('{:>5}|{:<5}|{:^5}', ['a', 'b', 'c'], {}, fields), '    a|b    |  c  ');
    assert.equal(
      strFormat('{:.2f} {:,} {:08.3f} {:+d}', [3.14158, 1234567, -3.5, 5], {}, fields),
      '3.14 1,234,567 -003.500 +5',
    );
    assert.equal(strFormat('{:x} {:#b} {:.1%}', [255, 5, 0.25], {}, fields), 'ff 0b101 25.0%');
    assert.equal(strFormat('{!r}', ['x'], {}, fields), "'x'");
  });

  it('groups zero padding and hex digits, and rounds exponent ties to even', () => {
    assert.equal(strFormat('{:08,}', [1234], {}, fields), '0,001,234');
    assert.equal(strFormat('{:#_x}', [123456], {}, fields), '0x1_e240');
    assert.equal(strFormat('{:.0e}', [2.5], {}, fields), '2e+00');
    assert.equal(strFormat('{:#.0f}', [2], {}, fields), '2.');
  });

  it('throws for missing arguments and bad specs', () => {
    assert.throws(() => strFormat('{}', [], {}, fields), { name: 'IndexError' });
    assert.throws(() => strFormat('{x}', [], {}, fields), { name: 'KeyError' });
    assert.throws(() => strFormat('{:d}', ['a'], {}, fields), { name: 'ValueError' });
  });
});
