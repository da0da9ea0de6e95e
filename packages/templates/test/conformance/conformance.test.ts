/**
 * Runs the shared Jinja2 3.1 conformance cases (copied from /work/shared/conformance/templates)
 * with the same semantics as its run.mjs: every untagged case must pass; tagged cases must pass
 * unless `tagged-decisions.json` documents why we intentionally differ.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import { DictLoader, Environment } from '@flagon/templates';

interface Case {
  id: string;
  feature: string;
  templates: Record<string, string>;
  context?: Record<string, unknown>;
  options?: {
    autoescape?: boolean;
    trim_blocks?: boolean;
    lstrip_blocks?: boolean;
    keep_trailing_newline?: boolean;
    undefined?: string;
    extensions?: string[];
  };
  expected: { output: string } | { error: string };
  tags?: string[];
}

const cases = JSON.parse(readFileSync(new URL('./cases.json', import.meta.url), 'utf8')) as Case[];
const decisions = JSON.parse(
  readFileSync(new URL('./tagged-decisions.json', import.meta.url), 'utf8'),
) as Record<string, string>;

type Outcome = { output: string } | { error: string; message: string };

function run(c: Case): Outcome {
  const o = c.options ?? {};
  try {
    const env = new Environment({
      loader: new DictLoader({ ...c.templates }),
      autoescape: Boolean(o.autoescape),
      trimBlocks: Boolean(o.trim_blocks),
      lstripBlocks: Boolean(o.lstrip_blocks),
      keepTrailingNewline: Boolean(o.keep_trailing_newline),
      undefined: o.undefined === 'strict' ? 'strict' : 'default',
      extensions: Array.isArray(o.extensions) ? [...o.extensions] : [],
    });
    return { output: env.getTemplate('main').render(structuredClone(c.context ?? {})) };
  } catch (err) {
    const e = err as { name?: unknown; message?: unknown };
    return { error: String(e?.name), message: String(e?.message ?? '') };
  }
}

function passes(c: Case, outcome: Outcome): boolean {
  if ('error' in c.expected) return 'error' in outcome && outcome.error === c.expected.error;
  return 'output' in outcome && outcome.output === c.expected.output;
}

const tally = { untagged: [0, 0], tagged: [0, 0] };

describe('Jinja2 conformance cases', () => {
  it('documents only tagged cases as intentional differences', () => {
    const byId = new Map(cases.map((c) => [c.id, c]));
    for (const id of Object.keys(decisions)) {
      const c = byId.get(id);
      assert.ok(c, `tagged-decisions.json names an unknown case ${id}`);
      assert.ok((c.tags ?? []).length > 0, `${id} is untagged, so it must pass instead of being excused`);
    }
  });

  for (const c of cases) {
    const tagged = (c.tags ?? []).length > 0;
    it(`${c.id}${tagged ? ` [${(c.tags ?? []).join(',')}]` : ''}`, () => {
      const outcome = run(c);
      const ok = passes(c, outcome);
      const bucket = tagged ? tally.tagged : tally.untagged;
      bucket[1] = (bucket[1] as number) + 1;
      if (ok) bucket[0] = (bucket[0] as number) + 1;
      if (tagged && Object.hasOwn(decisions, c.id)) return;
      const actual = 'error' in outcome ? { error: outcome.error } : outcome;
      const detail = 'error' in outcome ? ` (${outcome.message})` : '';
      assert.deepEqual(actual, c.expected, `case ${c.id}: ${JSON.stringify(c.templates)}${detail}`);
    });
  }

  after(() => {
    const [up, ut] = tally.untagged;
    const [tp, tt] = tally.tagged;
    console.log(
      `conformance: untagged ${up}/${ut}, tagged ${tp}/${tt} (${Object.keys(decisions).length} documented decisions)`,
    );
  });
});
