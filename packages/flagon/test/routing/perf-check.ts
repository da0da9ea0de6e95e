/**
 * Hand-run sanity check, not a test: match and build time per call with 10 rules versus 1 000 rules should be
 * about the same, because matching walks a segment tree and building looks rules up by endpoint.
 *
 *   npx node --conditions=flagon-source packages/flagon/test/routing/perf-check.ts
 */
import type { MapAdapter } from '../../src/routing/adapter.ts';
import { UrlMap } from '../../src/routing/map.ts';
import { Rule } from '../../src/routing/rule.ts';

function makeAdapter(count: number): MapAdapter<UrlMap> {
  const map = new UrlMap();
  for (let i = 0; i < count; i++) {
    map.add(new Rule(`/section${i}/items/<int:id>`, { endpoint: `item${i}`, methods: ['GET'] }));
    map.add(new Rule(`/section${i}/`, { endpoint: `index${i}` }));
    map.add(new Rule(`/section${i}/<slug>/edit`, { endpoint: `edit${i}`, methods: ['GET', 'POST'] }));
  }
  map.add(new Rule('/files/<path:name>', { endpoint: 'files' }));
  return map.bind({ serverName: 'example.com' });
}

function nsPerCall(run: () => void, iterations: number): number {
  for (let i = 0; i < 10_000; i++) run(); // warm up the JIT
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) run();
  return Number(process.hrtime.bigint() - start) / iterations;
}

const iterations = 300_000;
for (const sections of [4, 334]) {
  const adapter = makeAdapter(sections);
  const rules = adapter.map.rules().length;
  const last = sections - 1;
  const cases: Record<string, () => void> = {
    'match static+int': () => adapter.match(`/section${last}/items/42`),
    'match string+static': () => adapter.match(`/section${last}/hello/edit`, 'POST'),
    'match path': () => adapter.match('/files/a/b/c.txt'),
    'match 404': () => adapter.match('/nothing/here'),
    'match 405': () => adapter.match(`/section${last}/items/42`, 'DELETE'),
    build: () => adapter.build(`item${last}`, { id: 42, q: 'x' }),
  };
  for (const [name, run] of Object.entries(cases)) {
    console.log(
      `${String(rules).padStart(5)} rules  ${name.padEnd(22)} ${nsPerCall(run, iterations).toFixed(0)} ns/call`,
    );
  }
}
