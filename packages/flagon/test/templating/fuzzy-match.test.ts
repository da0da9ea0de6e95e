// flagon babel update gives a new message the translation of the closest old one as Babel does, through
// Python's difflib.get_close_matches: the same answers, checked against the real difflib.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, it } from 'node:test';
import { closestMatch } from '../../src/templating/fuzzy-match.ts';

const PYTHON = '/usr/bin/python3';
const WORDS = [
  'hello world',
  'hello, world!',
  'Save the post',
  'save post',
  'Delete',
  'Deleted %(n)s items',
  'Delete %(n)s item',
  'a',
  '',
  'Log in',
  'Log out',
  'Sign in',
  'Your name',
  'Your full name',
  'Übersicht',
  'Ubersicht',
  'résumé',
  'resume',
  'x'.repeat(250),
  `${'ab'.repeat(120)}c`,
];

/** Fixed pseudo-random cases: a word and six candidates, each a known word perhaps cut and patched. */
function cases(count: number): { word: string; candidates: string[] }[] {
  let seed = 7;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const pick = () => {
    const word = WORDS[Math.floor(random() * WORDS.length)] as string;
    if (random() < 0.5) return word;
    const cut = Math.floor(random() * word.length);
    return `${word.slice(0, cut)}${'xyz'.slice(0, Math.floor(random() * 3))}${word.slice(Math.floor(random() * word.length))}`;
  };
  return Array.from({ length: count }, () => ({ word: pick(), candidates: Array.from({ length: 6 }, pick) }));
}

describe('fuzzy matching of flagon babel update', () => {
  it("picks what Python's difflib.get_close_matches(word, candidates, 1) picks", (t) => {
    if (!existsSync(PYTHON)) return t.skip('no /usr/bin/python3 on this machine');
    const all = cases(400);
    const script =
      'import difflib, json, sys\n' +
      'print(json.dumps([(difflib.get_close_matches(c["word"], c["candidates"], 1) or [None])[0] for c in json.load(sys.stdin)]))';
    const expected = JSON.parse(
      execFileSync(PYTHON, ['-c', script], { input: JSON.stringify(all), encoding: 'utf8' }),
    ) as (string | null)[];
    assert.deepEqual(
      all.map((c) => closestMatch(c.word, c.candidates)),
      expected,
    );
  });
});
