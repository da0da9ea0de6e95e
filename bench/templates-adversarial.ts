/**
 * Adversarial-input benchmark: every builtin filter of @flagon/templates (and a few str methods) on
 * 200,000-character inputs built to break naive implementations (unclosed tags, long words, runs of one
 * character, astral characters), the same cases as packages/templates/test/filters/adversarial.test.ts.
 * Reports the median milliseconds per case; with --jinja2 it also times Jinja2 3.1 (the system python3)
 * on the same templates and inputs and gives the ratio. Linear work shows as milliseconds; the quadratic
 * forms this replaced took seconds (striptags on 'a<' * 100000) to minutes (wordwrap on one long word).
 *
 *   npx node --conditions=flagon-source bench/templates-adversarial.ts [--runs 5] [--jinja2] [--markdown]
 */
import { execFileSync } from 'node:child_process';
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { Environment } from '@flagon/templates';

const args = process.argv.slice(2);
const RUNS = args.includes('--runs') ? Number(args[args.indexOf('--runs') + 1]) : 5;
const WITH_JINJA = args.includes('--jinja2');
const MARKDOWN = args.includes('--markdown');
const N = 200_000;

/** [label, template reading `s`, repeated unit]. */
const CASES: [string, string, string][] = [
  ['abs', '{{ (s|length * -1)|abs }}', 'a<'],
  ['attr', "{{ s|attr('upper') is defined }}", 'a<'],
  ['batch', "{{ s|batch(7, '.')|map('join')|join('|')|length }}", 'a<'],
  ['capitalize', '{{ s|capitalize|length }}', 'aB'],
  ['center', '{{ s|center(200010)|length }}', 'a '],
  ['count', '{{ s|count }}', 'a<'],
  ['default', "{{ s|default('x')|length }}", 'a<'],
  ['dictsort', "{{ dict(s|batch(2)|map('join')|map('list'))|dictsort|length }}", 'ab'],
  ['escape', '{{ s|escape|length }}', '<&'],
  ['filesizeformat', '{{ (s|length)|filesizeformat }}', 'a<'],
  ['first', '{{ s|first }}', 'a<'],
  ['float', '{{ s|float }}', '99'],
  ['forceescape', '{{ s|forceescape|length }}', '&<'],
  ['format', '{{ s|format()|length }}', '%%'],
  ['groupby', "{{ s|list|map('lower')|groupby('0')|map(attribute='grouper')|join }}", 'aB'],
  ['indent', '{{ s|indent(2)|length }}', 'a\n'],
  ['int', '{{ s|int }}', '99'],
  ['items', '{{ dict(a=s)|items|map(attribute=1)|first|length }}', 'a<'],
  ['join', "{{ s|join('.')|length }}", 'a<'],
  ['last', '{{ s|last }}', 'a<'],
  ['length', '{{ s|length }}', 'a<'],
  ['list', '{{ s|list|length }}', 'a<'],
  ['lower', '{{ s|lower|length }}', 'AB'],
  ['map', "{{ s|map('upper')|join|length }}", 'a<'],
  ['max', '{{ s|max }}', 'a<'],
  ['min', '{{ s|min }}', 'a<'],
  ['pprint', '{{ s|pprint|length }}', 'ab'],
  ['random', "{{ s|random in 'a<' }}", 'a<'],
  ['reject', "{{ s|reject('eq', 'a')|join|length }}", 'a<'],
  ['rejectattr', "{{ s|list|rejectattr('isspace')|list|length }}", 'a '],
  ['replace', "{{ s|replace('a', 'bb')|length }}", 'a<'],
  ['reverse', '{{ (s|reverse|join)[:4] }}', 'ab'],
  ['round', '{{ (s|length / 3)|round(2) }}', 'a<'],
  ['safe', '{{ s|safe|length }}', 'a<'],
  ['select', "{{ s|select('eq', 'a')|join|length }}", 'a<'],
  ['selectattr', "{{ s|list|selectattr('isspace')|list|length }}", 'a '],
  ['slice', "{{ s|slice(3)|map('length')|join(',') }}", 'a<'],
  ['sort', '{{ (s|sort|join)[:3] }}', 'ba'],
  ['string', '{{ s|string|length }}', 'a<'],
  ['striptags', '{{ s|striptags|length }}', 'a<'],
  ['striptags (comments)', '{{ s|striptags|length }}', '<!--'],
  ['sum', "{{ s|map('length')|sum }}", 'a<'],
  ['title', '{{ s|title|length }}', 'a-'],
  ['tojson', '{{ s|tojson|length }}', '<&'],
  ['trim', '{{ s|trim|length }}', ' a'],
  ['truncate', '{{ s|truncate(20) }}', 'a '],
  ['unique', '{{ s|unique|join }}', 'a<'],
  ['upper', '{{ s|upper|length }}', 'ab'],
  ['urlencode', '{{ s|urlencode|length }}', 'a<'],
  ['urlize', '{{ s|urlize|length }}', 'a@b.'],
  ['urlize (www.)', '{{ s|urlize|length }}', 'www.'],
  ['wordcount', '{{ s|wordcount }}', 'a-'],
  ['wordwrap (one word)', '{{ s|wordwrap(79)|length }}', 'a'],
  ['wordwrap (hyphens)', '{{ s|wordwrap(79)|length }}', 'a-'],
  ['xmlattr', "{{ {'data-x': s}|xmlattr|length }}", '"&'],
  ['str.split()', '{{ s.split()|length }}', 'a '],
  ['str.title()', '{{ s.title()|length }}', 'A b'],
  ['str.format()', '{{ s.format()|length }}', '{{'],
  ['str % ()', '{{ (s % ())|length }}', '%%'],
];

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1] as number;
};

function timeFlagon(): Map<string, number> {
  const env = new Environment({ autoescape: true });
  const out = new Map<string, number>();
  for (const [label, source, unit] of CASES) {
    const template = env.fromString(source);
    const s = unit.repeat(N / unit.length);
    const samples: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const start = performance.now();
      template.render({ s });
      samples.push(performance.now() - start);
    }
    out.set(label, median(samples));
  }
  return out;
}

// The Python side builds the same input (len counts code points there, so units are repeated the same
// number of times) and times each render with perf_counter.
const PYTHON = `
import json, sys, time, jinja2
cases, runs, n = json.loads(sys.stdin.read())
env = jinja2.Environment(autoescape=True)
out = {}
for label, source, unit in cases:
    source = source.replace("dict(s|batch(2)|map('join')|map('list'))", "dict(s|batch(2)|map('join')|map('list')|list)")
    t = env.from_string(source)
    s = unit * (n // len(unit))
    samples = []
    for _ in range(runs):
        start = time.perf_counter(); t.render(s=s); samples.append((time.perf_counter() - start) * 1000)
    samples.sort(); out[label] = samples[len(samples) // 2]
print(json.dumps(out))
`;

function timeJinja(): Map<string, number> {
  const stdout = execFileSync('python3', ['-c', PYTHON], {
    input: JSON.stringify([CASES, RUNS, N]),
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  return new Map(Object.entries(JSON.parse(stdout) as Record<string, number>));
}

const flagon = timeFlagon();
const jinja = WITH_JINJA ? timeJinja() : null;
const format = (ms: number | undefined) => (ms === undefined ? '–' : ms < 10 ? ms.toFixed(2) : ms.toFixed(1));
const header = [
  'Case (200,000 characters)',
  '@flagon/templates ms',
  ...(jinja ? ['Jinja2 ms', 'Jinja2 / Flagon'] : []),
];
const rows = CASES.map(([label]) => {
  const ours = flagon.get(label) as number;
  const theirs = jinja?.get(label);
  return [
    label,
    format(ours),
    ...(jinja ? [format(theirs), theirs === undefined ? '–' : `${(theirs / ours).toFixed(2)}×`] : []),
  ];
});
const machine = `${cpus().length} cores (${cpus()[0]?.model.trim()}), Node ${process.version}; median of ${RUNS} runs`;
if (MARKDOWN) {
  console.log(`${machine}\n`);
  console.log(`| ${header.join(' | ')} |\n|${header.map(() => '---').join('|')}|`);
  for (const row of rows) console.log(`| ${row.join(' | ')} |`);
} else {
  console.log(`Adversarial filter inputs: ${machine}\n`);
  for (const row of [header, ...rows])
    console.log(row.map((c, i) => (i === 0 ? c.padEnd(28) : c.padStart(14))).join(''));
}
const worst = [...flagon].sort((a, b) => b[1] - a[1])[0];
console.log(
  `\nslowest: ${worst?.[0]} ${format(worst?.[1])} ms; total ${format([...flagon.values()].reduce((a, b) => a + b, 0))} ms`,
);
