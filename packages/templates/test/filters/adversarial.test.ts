/**
 * Every builtin filter and the Python methods templates call, on 200,000-character adversarial inputs
 * (unclosed tags, runs of one character, long words, astral characters, format directives). Each case
 * asserts the result, which is Jinja2 3.1's for the same input; that the suite finishes at all shows the
 * work is linear (the quadratic forms took seconds to minutes). Timings are in bench/templates-adversarial.ts.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Environment } from '@flagon/templates';

const N = 200_000;
const env = new Environment({ autoescape: true, extensions: ['do'] });
const input = (unit: string) => unit.repeat(N / unit.length);
const render = (source: string, unit: string) => env.fromString(source).render({ s: input(unit) });

/** [filter, template reading `s`, repeated unit, expected output]. */
const FILTER_CASES: [string, string, string, string][] = [
  ['abs', '{{ (s|length * -1)|abs }}', 'a<', String(N)],
  ['attr', "{{ s|attr('upper') is defined }}", 'a<', 'True'],
  [
    'batch',
    "{{ s|batch(7, '.')|map('join')|join('|')|length }}",
    'a<',
    String(Math.ceil(N / 7) * 7 + Math.ceil(N / 7) - 1),
  ],
  ['capitalize', '{{ s|capitalize|length }}-{{ (s|capitalize)[:4] }}', 'aB', `${N}-Abab`],
  ['center', '{{ s|center(200010)|length }}', 'a ', '200010'],
  ['count', '{{ s|count }}', 'a<', String(N)],
  ['d', "{{ s|d('x')|length }}", 'a<', String(N)],
  ['default', "{{ s|default('x')|length }}", 'a<', String(N)],
  ['dictsort', "{{ dict(s|batch(2)|map('join')|map('list'))|dictsort|length }}", 'ab', '1'],
  ['e', '{{ s|e|length }}', '<&', String((N / 2) * 4 + (N / 2) * 5)],
  ['escape', '{{ s|escape|length }}', '<&', String((N / 2) * 4 + (N / 2) * 5)],
  ['filesizeformat', '{{ (s|length)|filesizeformat }}', 'a<', '200.0 kB'],
  ['first', '{{ s|first }}', 'a<', 'a'],
  ['float', '{{ s|float }}', '99', 'inf'],
  ['forceescape', '{{ s|forceescape|length }}', '&<', String((N / 2) * 5 + (N / 2) * 4)],
  ['format', '{{ s|format()|length }}', '%%', String(N / 2)],
  ['groupby', "{{ s|list|map('lower')|groupby('0')|map(attribute='grouper')|join }}", 'aB', 'ab'],
  ['indent', '{{ s|indent(2)|length }}', 'a\n', String(N + (N / 2 - 1) * 2)],
  ['int', '{{ s|int }}', '99', '0'],
  ['items', '{{ dict(a=s)|items|map(attribute=1)|first|length }}', 'a<', String(N)],
  ['join', "{{ s|join('.')|length }}", 'a<', String(2 * N - 1)],
  ['last', '{{ s|last }}', 'a<', '&lt;'],
  ['length', '{{ s|length }}', 'a<', String(N)],
  ['list', '{{ s|list|length }}', 'a<', String(N)],
  ['lower', '{{ s|lower|length }}', 'AB', String(N)],
  ['map', "{{ s|map('upper')|join|length }}", 'a<', String(N)],
  ['max', '{{ s|max }}', 'a<', 'a'],
  ['min', '{{ s|min }}', 'a<', '&lt;'],
  ['pprint', '{{ s|pprint|length }}', 'ab', String(N + 2)],
  ['random', "{{ s|random in 'a<' }}", 'a<', 'True'],
  ['reject', "{{ s|reject('eq', 'a')|join|length }}", 'a<', String(N / 2)],
  ['rejectattr', "{{ s|list|rejectattr('isspace')|list|length }}", 'a ', '0'],
  ['replace', "{{ s|replace('a', 'bb')|length }}", 'a<', String(N + N / 2)],
  ['reverse', '{{ (s|reverse|join)[:4] }}', 'ab', 'baba'],
  ['round', '{{ (s|length / 3)|round(2) }}', 'a<', '66666.67'],
  ['safe', '{{ s|safe|length }}', 'a<', String(N)],
  ['select', "{{ s|select('eq', 'a')|join|length }}", 'a<', String(N / 2)],
  ['selectattr', "{{ s|list|selectattr('isspace')|list|length }}", 'a ', String(N)],
  ['slice', "{{ s|slice(3)|map('length')|join(',') }}", 'a<', '66667,66667,66666'],
  ['sort', '{{ (s|sort|join)[:3] }}{{ (s|sort|join)[-3:] }}', 'ba', 'aaabbb'],
  ['string', '{{ s|string|length }}', 'a<', String(N)],
  ['striptags', '{{ s|striptags|length }}', 'a<', String(N)],
  ['sum', "{{ s|map('length')|sum }}", 'a<', String(N)],
  ['title', '{{ s|title|length }}-{{ (s|title)[:6] }}', 'a-', `${N}-A-A-A-`],
  ['tojson', '{{ s|tojson|length }}', '<&', String(N * 6 + 2)],
  ['trim', '{{ s|trim|length }}', ' a', String(N - 1)],
  ['truncate', '{{ s|truncate(20) }}', 'a ', 'a a a a a a a a...'],
  ['unique', '{{ s|unique|join }}', 'a<', 'a&lt;'],
  ['upper', '{{ s|upper|length }}', 'ab', String(N)],
  ['urlencode', '{{ s|urlencode|length }}', 'a<', String(N / 2 + (N / 2) * 3)],
  ['urlize', '{{ s|urlize|length }}', 'a@b.', String(N)],
  ['wordcount', '{{ s|wordcount }}', 'a-', String(N / 2)],
  ['wordwrap', '{{ s|wordwrap(79)|length }}', 'a', String(N + Math.ceil(N / 79) - 1)],
  [
    'xmlattr',
    "{{ {'data-x': s}|xmlattr|length }}",
    '"&',
    String(' data-x=""'.length + (N / 2) * 5 + (N / 2) * 5),
  ],
];

/** Inputs that broke naive implementations, for filters that scan text. */
const EXTRA_CASES: [string, string, string, string][] = [
  ['striptags on unclosed comments', '{{ s|striptags|length }}', '<!--', String(N)],
  ['striptags on character references', '{{ s|striptags|length }}', '&#9', String(Math.floor(N / 3))],
  ['urlize on www. runs', '{{ s|urlize|length }}', 'www.', '400037'],
  ['urlize on http:// runs', '{{ s|urlize|length }}', 'http://', '199997'],
  ['wordwrap on hyphenated words', '{{ s|wordwrap(79)|length }}', 'a-', '202564'],
  [
    'wordwrap on astral characters',
    '{{ s|wordwrap(79)|length }}',
    '😀',
    String(N / 2 + Math.ceil(N / 2 / 79) - 1),
  ],
  ['title on capitalized words', '{{ s|title|length }}', 'A ', String(N)],
  ['escape on astral characters', '{{ s|e|length }}', '😀', String(N / 2)],
];

describe('builtin filters on 200,000-character adversarial inputs', () => {
  it('has a case for every builtin filter', () => {
    const covered = new Set(FILTER_CASES.map(([name]) => name));
    assert.deepEqual(
      Object.keys(env.filters).filter((name) => !covered.has(name)),
      [],
    );
  });

  for (const [name, source, unit, expected] of [...FILTER_CASES, ...EXTRA_CASES]) {
    it(`${name} on ${JSON.stringify(unit)} repeated gives ${expected.slice(0, 40)}`, () => {
      assert.equal(render(source, unit), expected);
    });
  }

  it('format refuses %( without a mapping before reading the key, as Python does', () => {
    assert.throws(() => render('{{ s|format() }}', '%('), { name: 'TypeError', message: /mapping/ });
  });
});

/** [method call on `s`, repeated unit, expected output]. */
const METHOD_CASES: [string, string, string][] = [
  ['s.split()|length', 'a ', String(N / 2)],
  ["s.split(' ', 5)|length", 'a ', '6'],
  ['s.rsplit(None, 3)|length', 'a ', '4'],
  ["s.rsplit('a', 3)|last", 'ab', 'b'],
  ['s.splitlines()|length', '\r\n', String(N / 2)],
  ['s.strip()|length', ' a', String(N - 1)],
  ["s.strip('a ')|length", 'a ', '0'],
  ['s.title()|length', 'A b', String(N - (N % 3))],
  ['s.swapcase()[:3]', 'aB', 'AbA'],
  ['s.center(200001)|length', 'ab', '200001'],
  ["s.find('zz', 5, -5)", 'ab', '-1'],
  ["s.rfind('b')", 'ab', String(N - 1)],
  ["s.count('a', 1)", 'ab', String(N / 2 - 1)],
  ["s.replace('', '-', 3)|length", 'ab', String(N + 3)],
  ["s.partition('zz')|map('length')|join(',')", 'ab', `${N},0,0`],
  ["'-'.join(s)|length", 'ab', String(2 * N - 1)],
  ['s.istitle()', 'A ', 'True'],
  ['s.isspace()', ' ', 'True'],
  ['s[::2]|length', 'ab', String(N / 2)],
  ['s.format()|length', '{{', String(N / 2)],
  ['(s % ())|length', '%%', String(N / 2)],
  ['s.zfill(200001)|length', 'ab', '200001'],
];

describe('Python methods on 200,000-character adversarial inputs', () => {
  for (const [call, unit, expected] of METHOD_CASES) {
    it(`${call} on ${JSON.stringify(unit)} repeated gives ${expected}`, () => {
      assert.equal(render(`{{ ${call} }}`, unit), expected);
    });
  }

  it('xs.extend(xs) doubles the list, as in Python', () => {
    const xs = Array.from({ length: N }, (_, i) => i);
    const out = env.fromString('{% do xs.extend(xs) %}{{ xs|length }} {{ xs[-1] }}', {}).render({ xs });
    assert.equal(out, `${2 * N} ${N - 1}`);
  });
});

describe('operations sized by a number are bounded', () => {
  const refused: [string, string][] = [
    ['repeating a string', "{{ 'ab' * 100000000 }}"],
    ['repeating a list', '{{ [1, 2] * 100000000 }}'],
    ['center', "{{ 'a'.center(100000000) }}"],
    ['ljust', "{{ 'a'.ljust(100000000) }}"],
    ['zfill', "{{ '1'.zfill(100000000) }}"],
    ['the center filter', "{{ 'a'|center(100000000) }}"],
    ['a str.format width', "{{ '{:100000000}'.format(1) }}"],
    ['a % width', "{{ '%100000000s' % 'a' }}"],
    ['a % width given by *', "{{ '%*s' % (100000000, 'a') }}"],
    ['replace growing the text', "{{ ('a' * 100000).replace('a', 'b' * 1000) }}"],
    ['indent', "{{ 'a\nb'|indent(100000000) }}"],
    ['batch with fill_with', '{{ [1]|batch(100000000, 0)|list }}'],
    ['slice', '{{ [1]|slice(100000000)|list }}'],
  ];
  for (const [what, source] of refused) {
    it(`refuses ${what} beyond 10,000,000 characters or items with SecurityError`, () => {
      const local = new Environment({ extensions: ['do'] });
      assert.throws(() => local.fromString(source).render(), { name: 'SecurityError' });
    });
  }
});
